/** The command line: run the agent, check a configuration or a policy, explain a policy, tail events, make a signing key, verify an archive, print the version. */
package dev.kubeaudit.agent.cli;
