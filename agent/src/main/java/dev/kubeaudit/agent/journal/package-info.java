/** The durable journal between ingest and the log writer: accepted batches in a Chronicle Queue. */
package dev.kubeaudit.agent.journal;
