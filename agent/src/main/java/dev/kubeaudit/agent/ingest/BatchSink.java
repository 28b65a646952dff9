package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.event.Batch;
import java.util.concurrent.CompletableFuture;

/** Where ingest hands accepted batches: the journal. Thread-safe. */
public interface BatchSink {

    /** Why no batch should be taken right now, or {@code null} when batches are welcome. Cheap. */
    Refusal refusal();

    /**
     * Appends the batch durably. Completes with {@link Appended#STORED} once the batch is in the
     * journal (and, with journal.sync: always, forced to disk), with {@link Appended#DUPLICATE} when
     * an identical body was accepted within the de-duplication window, exceptionally on failure.
     */
    CompletableFuture<Appended> append(Batch batch);

    enum Appended { STORED, DUPLICATE }

    /** Reasons for a 429; the label value is used in metrics. */
    enum Refusal {
        JOURNAL_FULL("journal_full"),
        DISK_LOW("disk_low"),
        IN_FLIGHT_BYTES("in_flight_bytes");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
