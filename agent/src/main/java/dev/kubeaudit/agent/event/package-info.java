/** The audit events as they travel from ingest through the journal to the log file. */
package dev.kubeaudit.agent.event;
