/** The agent's side of forwarding journaled events to further destinations: the provider the forward module registers. */
package dev.kubeaudit.agent.forward;
