package dev.kubeaudit.agent.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP makes every running {@link PolicyReloader} re-read its file. The handler is installed
 * while at least one reloader is registered, and the JVM's own handler (which would stop the
 * process) is put back once the last one is gone. Where the signal cannot be handled (the JVM
 * runs with {@code -Xrs}, or the process was started with SIGHUP ignored, as under {@code nohup}:
 * the JVM then installs no handler, and a SIGHUP never arrives) that is logged and the file is
 * still watched. Thread-safe.
 */
final class HangUpSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangUpSignal.class);
    private static final Signal HUP = new Signal("HUP");
    private static final List<PolicyReloader> RELOADERS = new CopyOnWriteArrayList<>();
    private static SignalHandler previous;
    private static boolean installed;

    private HangUpSignal() {
    }

    static synchronized void register(PolicyReloader reloader) {
        RELOADERS.add(reloader);
        if (installed) {
            return;
        }
        try {
            SignalHandler before = Signal.handle(HUP, signal -> RELOADERS.forEach(r -> r.reload("SIGHUP")));
            if (before == SignalHandler.SIG_IGN) {
                Signal.handle(HUP, SignalHandler.SIG_IGN);
                LOG.warn("SIGHUP is ignored by this process (started under nohup?); the audit policy file is still "
                        + "watched for changes");
                return;
            }
            previous = before;
            installed = true;
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP cannot be handled in this JVM ({}); the audit policy file is still watched for changes",
                    e.getMessage());
        }
    }

    /** Whether SIGHUP reaches the reloaders now. */
    static synchronized boolean handled() {
        return installed;
    }

    static synchronized void unregister(PolicyReloader reloader) {
        RELOADERS.remove(reloader);
        if (installed && RELOADERS.isEmpty()) {
            Signal.handle(HUP, previous);
            installed = false;
        }
    }
}
