/** Ships every final audit segment to object storage once, verified, oldest first, retrying forever. */
package dev.kubeaudit.shipper;
