/** Integrity of the archive: manifests, hash chain, signed checkpoints and the declared gaps they record. */
package dev.kubeaudit.agent.integrity;
