/**
 * Forwarding journaled audit events to further destinations: the {@link dev.kubeaudit.forward.Destination}
 * contract and the events it carries; the destinations themselves live in sub-packages.
 */
package dev.kubeaudit.forward;
