/** Moves journaled batches into audit.log exactly once, with a checkpoint that survives any crash. */
package dev.kubeaudit.agent.writer;
