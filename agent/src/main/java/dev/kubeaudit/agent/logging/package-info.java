/**
 * The agent's own log (what it says about itself on standard error, never audit.log): Logback set up
 * in code from logging.* and the command line, with syslog priorities when standard error is journald,
 * as plain text or JSON lines.
 */
package dev.kubeaudit.agent.logging;
