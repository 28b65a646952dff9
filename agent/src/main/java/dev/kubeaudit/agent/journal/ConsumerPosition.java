package dev.kubeaudit.agent.journal;

/**
 * Where one registered consumer stands: the index of the newest document it committed (-1: none)
 * with that document's cumulative event and item-byte counts, so that its backlog is the
 * difference to the journal's newest counts, O(1). Kept in the queue's metadata file under
 * {@code kubeaudit.consumer.<name>.index|events|bytes} by {@link Journal}. Also remembers the
 * accept time of the first document after the position (for the backlog's age, read once per
 * position), whether the consumer is behind (see {@link Journal#skipAhead}) and, for a blocking
 * one, whether its backlog was past its age bound when last checked. Also where the consumer's
 * reader stands ({@link #read}): entries read but not committed are the consumer's to account
 * for, so a skip-ahead counts only what lies past them. Thread-safe: synchronized.
 */
final class ConsumerPosition {
    static final String KEY_PREFIX = "kubeaudit.consumer.";
    static final String INDEX_SUFFIX = ".index";
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final ConsumerSettings settings;
    private long index;
    private long events;
    private long bytes;
    /** The newest entry the reader handed out, with its cumulative counts; at or before index when none is in flight. */
    private long readIndex;
    private long readEvents;
    private long readBytes;
    private long agedAfterIndex = UNKNOWN;
    private long oldestAcceptMillis;
    private boolean behind;
    /** A blocking consumer's oldest unconsumed batch is older than its maxBacklogAge, as last checked. */
    private volatile boolean pastMaxAge;

    ConsumerPosition(ConsumerSettings settings, long index, long events, long bytes) {
        this.settings = settings;
        this.index = index;
        this.events = events;
        this.bytes = bytes;
        this.readIndex = index;
        this.readEvents = events;
        this.readBytes = bytes;
    }

    static String indexKey(String name) {
        return KEY_PREFIX + name + INDEX_SUFFIX;
    }

    static String eventsKey(String name) {
        return KEY_PREFIX + name + ".events";
    }

    static String bytesKey(String name) {
        return KEY_PREFIX + name + ".bytes";
    }

    /** The consumer name in a metadata key written by {@link #indexKey}, or null for any other key. */
    static String nameOfIndexKey(CharSequence key) {
        String k = key.toString();
        if (!k.startsWith(KEY_PREFIX) || !k.endsWith(INDEX_SUFFIX)
                || k.length() <= KEY_PREFIX.length() + INDEX_SUFFIX.length()) {
            return null;
        }
        return k.substring(KEY_PREFIX.length(), k.length() - INDEX_SUFFIX.length());
    }

    ConsumerSettings settings() {
        return settings;
    }

    String name() {
        return settings.name();
    }

    synchronized long index() {
        return index;
    }

    synchronized long events() {
        return events;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Commits everything up to {@code index}; false when that is no progress. */
    synchronized boolean committed(long newIndex, long cumulativeEvents, long cumulativeBytes) {
        if (newIndex <= index) {
            return false;
        }
        moveTo(newIndex, cumulativeEvents, cumulativeBytes);
        return true;
    }

    /** Skipped and not yet back within half its bound: the current behind episode goes on. */
    synchronized boolean behind() {
        return behind;
    }

    synchronized void endEpisode() {
        behind = false;
    }

    /**
     * The reader hands out the entry at {@code newIndex}; false when a skip-ahead passed it
     * meanwhile (that skip counted it, so it must not be handed out).
     */
    synchronized boolean read(long newIndex, long cumulativeEvents, long cumulativeBytes) {
        if (newIndex <= index) {
            return false;
        }
        readIndex = newIndex;
        readEvents = cumulativeEvents;
        readBytes = cumulativeBytes;
        return true;
    }

    /** See {@link JournalConsumer#handBack}. */
    synchronized boolean handBack(long entryIndex) {
        if (index >= entryIndex) {
            return true;
        }
        readIndex = index;
        readEvents = events;
        readBytes = bytes;
        return false;
    }

    /** What one skip-ahead moved the position past and counts, and whether it starts a behind episode. */
    record Skip(Skipped counted, boolean episodeStart) {
    }

    /**
     * Moves the position forward past skipped documents. Counts the documents the reader has not
     * handed out: those it has (read, not committed) are the consumer's to deliver or to count as
     * given up, so that no event is counted both as delivered and as skipped.
     */
    synchronized Skip skipped(long newIndex, long cumulativeEvents, long cumulativeBytes) {
        long fromIndex = index;
        long fromEvents = events;
        long fromBytes = bytes;
        if (readIndex > index) {
            fromIndex = readIndex;
            fromEvents = readEvents;
            fromBytes = readBytes;
        }
        Skipped counted = newIndex <= fromIndex ? Skipped.NONE
                : new Skipped(cumulativeEvents - fromEvents, cumulativeBytes - fromBytes);
        moveTo(newIndex, cumulativeEvents, cumulativeBytes);
        boolean episodeStart = !behind;
        behind = true;
        return new Skip(counted, episodeStart);
    }

    private void moveTo(long newIndex, long cumulativeEvents, long cumulativeBytes) {
        index = newIndex;
        events = cumulativeEvents;
        bytes = cumulativeBytes;
    }

    boolean pastMaxAge() {
        return pastMaxAge;
    }

    void pastMaxAge(boolean past) {
        pastMaxAge = past;
    }

    /** The remembered accept time of the first document after the position, or MIN_VALUE when not known for it. */
    synchronized long oldestAcceptMillis() {
        return agedAfterIndex == index ? oldestAcceptMillis : Long.MIN_VALUE;
    }

    synchronized void oldestAcceptMillis(long afterIndex, long acceptMillis) {
        agedAfterIndex = afterIndex;
        oldestAcceptMillis = acceptMillis;
    }
}
