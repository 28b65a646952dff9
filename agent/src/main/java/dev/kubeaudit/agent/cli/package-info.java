/** The command line: run the agent, check a configuration, print the version. */
package dev.kubeaudit.agent.cli;
