/** The agent's hand-off of rotated segments to the shipper, found at start-up through ServiceLoader. */
package dev.kubeaudit.agent.ship;
