/** Sends audit.log lines to a Kafka topic, one acknowledged record per event. */
package dev.kubeaudit.forward.kafka;
