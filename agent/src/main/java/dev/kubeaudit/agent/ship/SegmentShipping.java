package dev.kubeaudit.agent.ship;

import java.io.Closeable;
import java.nio.file.Path;

/**
 * What the log writer tells the shipper, and what it asks it. Implementations are thread-safe:
 * {@link #segmentFinal} comes from the log file's background thread, {@link #mayDelete} from
 * retention on that same thread.
 */
public interface SegmentShipping extends Closeable {

    /** No shipping ({@code ship.destination: none}): every backup may be deleted by retention. */
    SegmentShipping NONE = new SegmentShipping() {
        @Override
        public boolean mayDelete(Path backup) {
            return true;
        }

        @Override
        public void segmentFinal(Path segment) {
        }

        @Override
        public void close() {
        }
    };

    /** True only when retention may delete {@code backup}: it is shipped and recorded in the ledger. */
    boolean mayDelete(Path backup);

    /** A rotated segment is final (compressed when compression is on) and may be shipped. */
    void segmentFinal(Path segment);

    @Override
    void close();
}
