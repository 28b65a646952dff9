package dev.kubeaudit.shipper.integrity;

import dev.kubeaudit.agent.integrity.DeclaredGap;
import dev.kubeaudit.agent.integrity.GapInbox;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The declared gaps of the {@link GapInbox} as the chain takes them: each pending gap is sealed
 * once ({@link #sealEach}, in the order declared), and consumed from the inbox only once its
 * record is uploaded ({@link #uploaded}); until then its pending record stands for it, so a
 * restart neither loses nor repeats it. Both run under this object's lock, so a gap is never
 * sealed again between its upload and its consumption. Uses the agent's inbox when it has one
 * (one instance per process), else opens the one in the state directory's integrity folder.
 * Thread-safe: synchronized.
 */
final class DeclaredGaps implements Closeable {
    /** Seals one gap into the chain. */
    @FunctionalInterface
    interface GapSealer {
        void seal(DeclaredGap gap) throws IOException;
    }

    /** Removes an uploaded gap's pending record. */
    @FunctionalInterface
    interface Removal {
        void run() throws IOException;
    }

    private final GapInbox inbox;
    private final boolean owned;

    private DeclaredGaps(GapInbox inbox, boolean owned) {
        this.inbox = inbox;
        this.owned = owned;
    }

    /** The agent's {@code shared} inbox, or (null) the inbox in {@code dir}, opened here and closed by {@link #close}. */
    static DeclaredGaps of(GapInbox shared, Path dir) throws IOException {
        return shared != null ? new DeclaredGaps(shared, false) : new DeclaredGaps(GapInbox.open(dir), true);
    }

    /** Seals every pending gap that {@code inChain} does not know yet, oldest first; stops at the first failure. */
    synchronized void sealEach(Predicate<String> inChain, GapSealer sealer) throws IOException {
        for (DeclaredGap gap : inbox.pending()) {
            if (!inChain.test(gap.id())) {
                sealer.seal(gap);
            }
        }
    }

    /** The record of gap {@code id} is uploaded: consumed from the inbox (when it came from there), then removed. */
    synchronized void uploaded(String id, Removal removal) throws IOException {
        if (inbox.pending().stream().anyMatch(g -> g.id().equals(id))) {
            inbox.consumed(id);
        }
        removal.run();
    }

    @Override
    public void close() throws IOException {
        if (owned) {
            inbox.close();
        }
    }
}
