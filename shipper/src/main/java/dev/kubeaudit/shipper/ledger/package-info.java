/** The durable record of shipped segments, which retention consults before deleting a local segment. */
package dev.kubeaudit.shipper.ledger;
