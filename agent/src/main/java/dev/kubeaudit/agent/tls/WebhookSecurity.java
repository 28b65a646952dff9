package dev.kubeaudit.agent.tls;

import dev.kubeaudit.agent.ingest.WebhookAccess;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.Closeable;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's TLS and client authentication, kept current with its files. Every configured method
 * must pass: a client certificate verified against the client CA (and its name allowed), and the
 * bearer token. The files are re-read every poll interval (default 1 s) by the thread
 * {@code ingest-tls-reload}: when their bytes change (kubeadm and cert-manager renew them in place
 * or by renaming), new material is built and new connections use it; material that does not load
 * (a half-written file, a key that does not match its certificate) leaves the old one in use and is
 * reported once per distinct content with an ERROR log and {@link SecurityListener#reloadFailed}.
 * Refusals are logged at most once per client per minute. Thread-safe.
 */
public final class WebhookSecurity implements WebhookAccess, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSecurity.class);
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration LOG_PERIOD = Duration.ofMinutes(1);

    private final SecurityFiles files;
    private final SslProvider provider;
    private final Clock clock;
    private final SecurityListener listener;
    private final AuthFailureLog failures;
    private final AtomicReference<SecurityMaterial> current = new AtomicReference<>();
    private final ScheduledExecutorService reloader;
    private String lastFailure;

    private WebhookSecurity(SecurityFiles files, SslProvider provider, Clock clock, SecurityListener listener,
                            SecurityMaterial initial) {
        this.files = files;
        this.provider = provider;
        this.clock = clock;
        this.listener = listener;
        this.failures = new AuthFailureLog(clock, LOG_PERIOD);
        current.set(initial);
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-tls-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the files with the default provider and polls them every second. */
    public static WebhookSecurity start(SecurityFiles files, Clock clock, SecurityListener listener) throws IOException {
        return start(files, TlsContexts.defaultProvider(), POLL_INTERVAL, clock, listener);
    }

    /** Loads the files (failing start-up when they do not load) and polls them every {@code poll}. */
    public static WebhookSecurity start(SecurityFiles files, SslProvider provider, Duration poll, Clock clock,
                                        SecurityListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        SecurityMaterial initial;
        try {
            initial = SecurityMaterial.load(files, files.read(), provider);
        } catch (GeneralSecurityException e) {
            throw new IOException("Loading the webhook's TLS and token files failed: " + e.getMessage(), e);
        }
        WebhookSecurity security = new WebhookSecurity(files, provider, clock, listener, initial);
        listener.loaded(initial.serverNotAfter());
        long millis = poll.toMillis();
        security.reloader.scheduleWithFixedDelay(security::poll, millis, millis, TimeUnit.MILLISECONDS);
        return security;
    }

    /** The TLS provider in use: OPENSSL (BoringSSL) or JDK. */
    public SslProvider provider() {
        return provider;
    }

    /** Whether requests must show a client certificate. */
    public boolean clientCertificates() {
        return current.get().clients() != null;
    }

    /** Whether requests must carry the bearer token. */
    public boolean bearerToken() {
        return current.get().token() != null;
    }

    @Override
    public SslContext sslContext() {
        return current.get().sslContext();
    }

    @Override
    public Decision decide(Credentials credentials) {
        SecurityMaterial m = current.get();
        Decision d = m.clients() == null ? Decision.ALLOW : m.clients().check(credentials.certificates(), clock.instant());
        if (d.allowed() && m.token() != null) {
            d = m.token().check(credentials.authorization());
        }
        if (!d.allowed()) {
            failures.refused(identity(credentials), credentials.remoteAddress(), d.reason());
        }
        return d;
    }

    /** The client's certificate name when it showed one, else its address. */
    private static String identity(Credentials c) {
        if (!c.certificates().isEmpty()) {
            X509Certificate leaf = c.certificates().get(0);
            String cn = ClientCertificates.commonName(leaf);
            return cn != null ? cn : leaf.getSubjectX500Principal().getName();
        }
        return c.remoteAddress();
    }

    /** One poll: reloads when the files' bytes changed. Runs on the reload thread only. */
    void poll() {
        String fingerprint = null;
        try {
            SecurityFiles.Snapshot snapshot = files.read();
            fingerprint = snapshot.fingerprint();
            if (fingerprint.equals(current.get().fingerprint()) || fingerprint.equals(lastFailure)) {
                return;
            }
            SecurityMaterial next = SecurityMaterial.load(files, snapshot, provider);
            current.set(next);
            lastFailure = null;
            listener.loaded(next.serverNotAfter());
            LOG.info("Reloaded the webhook's TLS and token files {}: new connections use them", files.paths());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String failure = fingerprint != null ? fingerprint : String.valueOf(e.getMessage());
            if (!failure.equals(lastFailure)) {
                lastFailure = failure;
                listener.reloadFailed(e);
                LOG.error("Reload of the webhook's TLS and token files failed, the previous ones stay in use: {}",
                        e.getMessage());
            }
        }
    }

    /** Stops the reload thread. Idempotent. */
    @Override
    public void close() {
        reloader.shutdownNow();
        try {
            if (!reloader.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Thread 'ingest-tls-reload' still running 5 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
