/** The agent's configuration: YAML keys mirroring the kube-apiserver flags, defaults, validation. */
package dev.kubeaudit.agent.config;
