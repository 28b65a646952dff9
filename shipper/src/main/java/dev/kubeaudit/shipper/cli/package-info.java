/** Entry point of audit-shipper.jar: the agent's {@code ship} command. */
package dev.kubeaudit.shipper.cli;
