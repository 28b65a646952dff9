/** The shipper's Prometheus meters, bound to its listener and its queue. */
package dev.kubeaudit.shipper.metrics;
