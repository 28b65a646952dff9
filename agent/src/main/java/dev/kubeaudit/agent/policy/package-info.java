/**
 * The agent-side audit Policy: an {@code audit.k8s.io/v1} Policy file read and checked with line
 * and column numbers, decided with kube-apiserver's first-matching-rule semantics, and applied to
 * each received event by editing its bytes (dropping it, cutting request/response bodies or
 * managedFields, rewriting its level) before the journal.
 */
package dev.kubeaudit.agent.policy;
