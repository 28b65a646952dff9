/** When a failed upload is tried again: exponential backoff with full jitter, and the slow pace of permanent errors. */
package dev.kubeaudit.shipper.retry;
