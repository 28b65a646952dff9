/** S3 archives read back for the agent's archive API ({@code dev.kubeaudit.agent.archive}), found by ServiceLoader. */
package dev.kubeaudit.shipper.archive;
