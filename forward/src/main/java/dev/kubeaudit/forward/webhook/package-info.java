/** Posts journaled events to another audit webhook as EventList batches, configured by a kube-apiserver webhook kubeconfig. */
package dev.kubeaudit.forward.webhook;
