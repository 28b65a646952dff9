package dev.kubeaudit.agent.ingest;

import dev.kubeaudit.agent.event.Batch;
import dev.kubeaudit.agent.integrity.Digests;
import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The body of the request in progress on one connection. Kept, it is read into memory within
 * {@code maxBytes} and its bytes are reserved in the shared in-flight budget: a declared length up
 * front, a chunked body as it arrives. The reservation is given back when the body is abandoned, or
 * handed over with the batch parsed from it. Dropped, after an answer given before the body ended,
 * the rest is only counted, at most {@code maxBytes} of it. A kept body's SHA-256 (the batch's
 * de-duplication digest) is computed as its bytes arrive, so that only the last chunk's share is
 * left to hash once the request is complete. Not thread-safe: owned by one connection's handler,
 * on its event loop.
 */
final class RequestBody {
    private static final int INITIAL_CAPACITY = 8192;

    /** What became of the bytes offered to {@link #keep}. */
    enum Kept { YES, TOO_LARGE, OVER_BUDGET }

    private final long maxBytes;
    private final InFlightBudget budget;
    private final MessageDigest digest = Digests.sha256();
    private byte[] bytes;
    private int size;
    private boolean declared;
    private long reserved;
    private long droppable;

    RequestBody(long maxBytes, InFlightBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /**
     * Starts keeping a body of {@code declaredLength} bytes ({@code -1}: not declared, as with
     * chunked encoding; at most {@code maxBytes}), reserving the declared length. False, holding
     * nothing, when the budget cannot take it.
     */
    boolean begin(long declaredLength) {
        long reserve = Math.max(0, declaredLength);
        if (!budget.tryReserve(reserve)) {
            return false;
        }
        declared = declaredLength >= 0;
        reserved = reserve;
        bytes = new byte[declared ? (int) declaredLength : (int) Math.min(INITIAL_CAPACITY, maxBytes)];
        size = 0;
        digest.reset();
        return true;
    }

    /** Copies the readable bytes of {@code content}, reserving them first when no length was declared. */
    Kept keep(ByteBuf content) {
        int n = content.readableBytes();
        if ((long) size + n > maxBytes) {
            return Kept.TOO_LARGE;
        }
        if (!declared) {
            if (!budget.tryReserve(n)) {
                return Kept.OVER_BUDGET;
            }
            reserved += n;
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes, Math.max(size + n, 2L * bytes.length)));
        }
        content.getBytes(content.readerIndex(), bytes, size, n);
        digest.update(bytes, size, n);
        size += n;
        return Kept.YES;
    }

    /** The batch the kept body holds; the batch refers to the body's bytes. */
    Batch parse(EventListParser parser) throws BadEventListException {
        return parser.parse(bytes, 0, size, digest.digest());
    }

    /** Forgets the body and returns its reserved bytes, which the caller now releases. */
    long handOver() {
        long held = reserved;
        reserved = 0;
        bytes = null;
        size = 0;
        return held;
    }

    /** Forgets the body and gives its reserved bytes back to the budget. */
    void abandon() {
        budget.release(handOver());
    }

    /** Forgets the body kept so far and drops what still arrives, at most {@code maxBytes} from here. */
    void dropRest() {
        abandon();
        droppable = maxBytes;
    }

    /** Drops {@code n} arriving bytes; false once more than {@code maxBytes} were dropped. */
    boolean drop(int n) {
        droppable -= n;
        return droppable >= 0;
    }
}
