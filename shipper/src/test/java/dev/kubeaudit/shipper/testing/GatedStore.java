package dev.kubeaudit.shipper.testing;

import dev.kubeaudit.shipper.store.ObjectStore;
import dev.kubeaudit.shipper.store.Receipt;
import dev.kubeaudit.shipper.store.StoreException;
import dev.kubeaudit.shipper.store.Upload;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real store behind a gate: uploads whose key the gate names wait until it opens, or fail as the
 * store being unreachable; every key stored is recorded in order. Thread-safe.
 */
public final class GatedStore implements ObjectStore {
    private final ObjectStore store;
    private final List<String> stored = new CopyOnWriteArrayList<>();
    private Predicate<String> held = key -> false;
    private Predicate<String> failing = key -> false;
    private int waiting;

    public GatedStore(ObjectStore store) {
        this.store = store;
    }

    /** Uploads of keys {@code keys} accepts wait from now until {@link #open}. */
    public synchronized void hold(Predicate<String> keys) {
        held = keys;
    }

    /** Uploads of keys {@code keys} accepts fail (UNAVAILABLE) from now until {@link #open}. */
    public synchronized void fail(Predicate<String> keys) {
        failing = keys;
    }

    /** Lets every upload through. */
    public synchronized void open() {
        held = key -> false;
        failing = key -> false;
        notifyAll();
    }

    /** Uploads waiting at the gate now. */
    public synchronized int waiting() {
        return waiting;
    }

    /** The keys stored, in the order their uploads finished. */
    public List<String> stored() {
        return List.copyOf(stored);
    }

    @Override
    public Receipt put(Upload upload) throws StoreException {
        synchronized (this) {
            waiting++;
            try {
                for (int i = 0; i < 600 && held.test(upload.key()); i++) {
                    wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "Interrupted at the gate", e);
            } finally {
                waiting--;
            }
            if (failing.test(upload.key())) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "Gate closed for '" + upload.key() + "'");
            }
        }
        Receipt receipt = store.put(upload);
        stored.add(upload.key());
        return receipt;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
