/**
 * Audit events read back for people: from the journal (read-only, beside a running agent) or from
 * audit.log and its backups, filtered, as one human line each or as the JSON line, optionally
 * following new events as they arrive.
 */
package dev.kubeaudit.agent.tail;
