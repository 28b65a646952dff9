/** Micrometer binders for the components' listeners, and the /metrics, /healthz, /readyz endpoint. */
package dev.kubeaudit.agent.metrics;
