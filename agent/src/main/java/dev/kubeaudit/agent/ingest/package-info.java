/** Receives kube-apiserver's audit webhook requests over HTTP and hands each EventList to the journal as a batch of audit.log lines. */
package dev.kubeaudit.agent.ingest;
