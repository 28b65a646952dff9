/** Finds the segments that are final and may be shipped: the writer's notifications and scans of the log folder. */
package dev.kubeaudit.shipper.discovery;
