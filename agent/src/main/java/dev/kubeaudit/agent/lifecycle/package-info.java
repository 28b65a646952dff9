/** How the agent's components start in one order, stop in its reverse, and report a core thread's death. */
package dev.kubeaudit.agent.lifecycle;
