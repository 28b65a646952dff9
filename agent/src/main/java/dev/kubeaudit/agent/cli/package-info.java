/** The command line: run the agent, check a configuration or a policy, explain a policy, tail events, print the version. */
package dev.kubeaudit.agent.cli;
