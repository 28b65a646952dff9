package dev.kubeaudit.agent.journal;

import dev.kubeaudit.agent.ingest.EventListParser;

/**
 * The largest document the journal stores, and so the largest request body it can always store:
 * one document per batch, at most a quarter of Chronicle's mapped block ({@value #MAX_DOCUMENT_BYTES}
 * bytes), and a batch's document can be larger than its body, since each event gains the
 * kind/apiVersion prefix and a length (a body of the smallest valid items grows almost 2.5 times).
 * The one place listen.maxRequestBytes is checked against. Stateless.
 */
public final class DocumentLimit {
    /** The largest document {@link Journal} appends. */
    public static final long MAX_DOCUMENT_BYTES = Journal.BLOCK_SIZE / 4;

    private DocumentLimit() {
    }

    /** The largest document a journal mapping blocks of {@code blockSize} bytes appends. */
    static long of(long blockSize) {
        return blockSize / 4;
    }

    /**
     * The largest request body whose batch, with at most {@code maxEventsPerBatch} events, always
     * fits in one journal document.
     */
    public static long maxRequestBytes(int maxEventsPerBatch) {
        return maxRequestBytes(MAX_DOCUMENT_BYTES, maxEventsPerBatch);
    }

    /** As {@link #maxRequestBytes(int)} for documents of at most {@code maxDocumentBytes}. */
    static long maxRequestBytes(long maxDocumentBytes, int maxEventsPerBatch) {
        long fits = 0;
        long over = maxDocumentBytes + 1;   // the largest document of a body is larger than the body
        while (over - fits > 1) {
            long body = fits + (over - fits) / 2;
            if (largestDocument(body, maxEventsPerBatch) <= maxDocumentBytes) {
                fits = body;
            } else {
                over = body;
            }
        }
        return fits;
    }

    /** The largest document a valid request body of {@code bodyBytes} with at most {@code maxEvents} events makes. */
    static long largestDocument(long bodyBytes, int maxEvents) {
        long largest = 0;
        for (String apiVersion : EventListParser.API_VERSIONS) {
            long events = EventListParser.mostEvents(bodyBytes, maxEvents, apiVersion);
            long itemBytes = EventListParser.mostLineBytes(bodyBytes, events, apiVersion);
            largest = Math.max(largest,
                    JournalDocument.encodedSize(EventListParser.DIGEST_BYTES, apiVersion, events, itemBytes));
        }
        return largest;
    }
}
