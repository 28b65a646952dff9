/** S3 archives read back for the agent's archive API ({@code dev.kubeaudit.agent.archive}), found through ServiceLoader. */
package dev.kubeaudit.shipper.archive;
