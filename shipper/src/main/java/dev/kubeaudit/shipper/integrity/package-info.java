/**
 * Makes the archive tamper-evident: seals each final segment's manifest into a signed hash chain,
 * ships it beside the segment and publishes signed checkpoints of the chain.
 */
package dev.kubeaudit.shipper.integrity;
