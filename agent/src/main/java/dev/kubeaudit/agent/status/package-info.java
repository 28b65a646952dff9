/** {@code audit-agent status}: a running agent's /metrics and /readyz read, judged and shown on one screen. */
package dev.kubeaudit.agent.status;
