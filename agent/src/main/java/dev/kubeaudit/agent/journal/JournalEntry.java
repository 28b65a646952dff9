package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.event.Batch;

/** One journal document: a whole accepted batch at its journal index. */
public record JournalEntry(long index, Batch batch) {
}
