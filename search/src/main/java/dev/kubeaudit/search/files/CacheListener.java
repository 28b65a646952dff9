package dev.kubeaudit.search.files;

/**
 * Hooks of {@link CachedFiles}, for warnings and metrics. Callbacks run synchronously on the
 * thread of the call that caused them; an exception they throw propagates out of that call.
 */
public interface CacheListener {

    /**
     * Segment {@code key} of {@code archive} has no SHA-256 from a manifest: its copy was checked
     * only against the hash taken when it was downloaded, so it is the store's bytes, unverified.
     * Fires each time such a segment is handed out.
     */
    default void unverified(String archive, String key) {
    }

    /** The cached copy of {@code key} of {@code archive} could not be used ({@code reason}) and is fetched again. */
    default void discarded(String archive, String key, String reason) {
    }

    /** After a search, {@code entries} copies holding {@code bytes} bytes were evicted to keep the cache under its bound. */
    default void evicted(int entries, long bytes) {
    }

    /** After a search, eviction was left to the last of the other searches still using the cache. */
    default void evictionDeferred() {
    }

    /** Does nothing. */
    CacheListener NONE = new CacheListener() {
    };
}
