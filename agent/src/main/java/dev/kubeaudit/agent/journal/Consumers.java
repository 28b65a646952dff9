package dev.kubeaudit.agent.journal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers registered when the journal opened, by name, and the decisions over all of them:
 * which cycle the slowest one pins and whether a blocking one is past its bound (the bounds
 * themselves are applied by {@link ConsumerBounds}). Positions of names not registered are dropped
 * at open (logged and reported once: the dropped key holds nothing afterwards), so a destination removed from the configuration pins no file. A name seen
 * for the first time starts at the journal's end: it is given what is appended from then on. The
 * set is fixed at open; each position is thread-safe on its own, and {@link Journal} changes them
 * under its consume lock.
 */
final class Consumers {
    private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);

    private final Map<String, ConsumerPosition> byName;

    private Consumers(Map<String, ConsumerPosition> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Restores the positions of {@code registered} from the metadata (a position past the journal's
     * newest document, after a lost tail, is pulled back to it), starts new names at the end, and
     * drops every other name's position.
     */
    static Consumers recover(SingleChronicleQueue queue, Backlog backlog, List<ConsumerSettings> registered,
                             JournalListener listener) {
        Map<String, ConsumerPosition> byName = new LinkedHashMap<>();
        for (ConsumerSettings settings : registered) {
            if (byName.containsKey(settings.name())) {
                throw new IllegalArgumentException("consumer name: '" + settings.name()
                        + "' registered twice (expected: unique names)");
            }
            long index = queue.tableStoreGet(ConsumerPosition.indexKey(settings.name()));
            ConsumerPosition position;
            if (index == Long.MIN_VALUE || index > backlog.lastIndex()) {
                position = new ConsumerPosition(settings, backlog.lastIndex(), backlog.lastEvents(), backlog.lastBytes());
                persist(queue, position);
            } else {
                position = new ConsumerPosition(settings, index,
                        queue.tableStoreGet(ConsumerPosition.eventsKey(settings.name())),
                        queue.tableStoreGet(ConsumerPosition.bytesKey(settings.name())));
            }
            byName.put(settings.name(), position);
        }
        dropUnregistered(queue, byName, listener);
        return new Consumers(byName);
    }

    private static void dropUnregistered(SingleChronicleQueue queue, Map<String, ConsumerPosition> registered,
                                         JournalListener listener) {
        List<String> names = new ArrayList<>();
        queue.metaStore().forEachKey(names, (found, key, value) -> {
            String name = ConsumerPosition.nameOfIndexKey(key);
            if (name != null && !registered.containsKey(name)) {
                found.add(name);
            }
        });
        for (String name : names) {
            long index = queue.tableStoreGet(ConsumerPosition.indexKey(name));
            if (index != Long.MIN_VALUE) {
                queue.tableStorePut(ConsumerPosition.indexKey(name), Long.MIN_VALUE);
                LOG.info("Journal consumer '{}' is no longer configured: its position (index {}) is dropped and"
                        + " keeps no journal file", name, index);
                listener.consumerDropped(name, index);
            }
        }
    }

    /** Writes the position to the queue's metadata, counts first, index last. */
    static void persist(SingleChronicleQueue queue, ConsumerPosition position) {
        queue.tableStorePut(ConsumerPosition.eventsKey(position.name()), position.events());
        queue.tableStorePut(ConsumerPosition.bytesKey(position.name()), position.bytes());
        queue.tableStorePut(ConsumerPosition.indexKey(position.name()), position.index());
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    Collection<ConsumerPosition> all() {
        return byName.values();
    }

    /** The registered consumer of that name; IllegalArgumentException for any other. */
    ConsumerPosition get(String name) {
        ConsumerPosition position = byName.get(name);
        if (position == null) {
            throw new IllegalArgumentException("consumer: '" + name + "' (expected: one registered at open: "
                    + byName.keySet() + ")");
        }
        return position;
    }

    /**
     * True when a blocking consumer holds more than {@code maxDiskBytes} of the {@code lastBytes}
     * appended, or is past its own bound: more than its maxBacklogBytes, or its oldest batch older
     * than its maxBacklogAge as last checked ({@link ConsumerPosition#pastMaxAge}). O(consumers).
     */
    boolean blockingPastBound(long lastBytes, long maxDiskBytes) {
        for (ConsumerPosition position : byName.values()) {
            ConsumerSettings settings = position.settings();
            if (!settings.blocks()) {
                continue;
            }
            long backlog = lastBytes - position.bytes();
            if (backlog > maxDiskBytes || (settings.maxBacklogBytes() > 0 && backlog > settings.maxBacklogBytes())
                    || position.pastMaxAge()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The oldest cycle some consumer still needs: the cycle of its position; Integer.MIN_VALUE when
     * one has committed nothing, Integer.MAX_VALUE when none is registered.
     */
    int oldestCycle(RollCycle rollCycle) {
        int oldest = Integer.MAX_VALUE;
        for (ConsumerPosition position : byName.values()) {
            long index = position.index();
            oldest = Math.min(oldest, index < 0 ? Integer.MIN_VALUE : rollCycle.toCycle(index));
        }
        return oldest;
    }

}
