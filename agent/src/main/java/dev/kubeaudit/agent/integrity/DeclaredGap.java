package dev.kubeaudit.agent.integrity;

import java.time.Instant;

/** Placeholder until the inbox lands. */
public record DeclaredGap(String id, String reason, Instant time, String detail) {
}
