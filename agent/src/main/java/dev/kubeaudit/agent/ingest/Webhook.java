package dev.kubeaudit.agent.ingest;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What every connection of one ingest server shares: the admission rules, the parser, the sink,
 * the listener, the in-flight byte budget, who may post and whether the server is stopping. Thread-safe: all
 * parts are.
 */
record Webhook(IngestSettings settings, AdmissionPolicy admission, EventListParser parser, BatchSink sink,
               IngestListener listener, InFlightBudget budget, WebhookAccess access, BooleanSupplier stopping) {
    Webhook {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(stopping, "stopping");
    }

    static Webhook of(IngestSettings settings, BatchSink sink, IngestListener listener, BooleanSupplier stopping) {
        return of(settings, sink, listener, WebhookAccess.OPEN, stopping);
    }

    static Webhook of(IngestSettings settings, BatchSink sink, IngestListener listener, WebhookAccess access,
                      BooleanSupplier stopping) {
        return new Webhook(settings, new AdmissionPolicy(settings), new EventListParser(settings), sink, listener,
                new InFlightBudget(settings.maxInFlightBytes()), access, stopping);
    }
}
