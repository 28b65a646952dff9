/** Verifying an archive of audit segments: hash chain, signatures, checkpoints, freshness, retention, and proofs of single events. */
package dev.kubeaudit.agent.verify;
