package dev.kubeaudit.search.files;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cache listener that records each call as one line ("unverified key", "discarded key: reason", …). Thread-safe. */
final class RecordingCacheListener implements CacheListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void unverified(String archive, String key) {
        events.add("unverified " + key);
    }

    @Override
    public void discarded(String archive, String key, String reason) {
        events.add("discarded " + key + ": " + reason);
    }

    @Override
    public void evicted(int entries, long bytes) {
        events.add("evicted " + entries + " " + bytes);
    }

    @Override
    public void evictionDeferred() {
        events.add("deferred");
    }
}
