package dev.kubeaudit.dist;

import dev.kubeaudit.agent.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * audit-agent.service inside a booted {@link NspawnContainer}, seen through systemctl and journalctl
 * as an operator sees it. Every wait is bounded and fails with the unit's state and its journal.
 * Not thread-safe.
 */
final class AgentUnit {
    static final String NAME = "audit-agent.service";
    static final Duration POLL = Duration.ofMillis(100);

    private final NspawnContainer container;

    AgentUnit(NspawnContainer container) {
        this.container = container;
    }

    /** {@code systemctl ARGS…} inside the container. */
    Tools.Result systemctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("systemctl", "--no-pager"));
        command.addAll(List.of(args));
        return container.exec(Duration.ofMinutes(2), command);
    }

    /** The unit's properties named, as {@code systemctl show -p …} gives them. */
    Map<String, String> show(String... properties) {
        List<String> args = new ArrayList<>(List.of("show"));
        for (String p : properties) {
            args.addAll(List.of("-p", p));
        }
        args.add(NAME);
        Tools.Result show = uncheck(() -> systemctl(args.toArray(String[]::new)));
        if (show.status() != 0) {
            throw new AssertionError("systemctl show " + NAME + " failed:\n" + show.output());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : show.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    String property(String name) {
        return show(name).getOrDefault(name, "");
    }

    long restarts() {
        return Long.parseLong(property("NRestarts"));
    }

    /** ActiveState/SubState, the main PID and STATUS=, for messages. */
    String state() {
        return show("ActiveState", "SubState", "Result", "MainPID", "NRestarts", "StatusText").toString();
    }

    boolean activeRunning() {
        Map<String, String> s = show("ActiveState", "SubState");
        return s.get("ActiveState").equals("active") && s.get("SubState").equals("running");
    }

    /** Waits until the unit is active (running) with NRestarts at least {@code restarts}. */
    void awaitActiveRunning(long restarts, Duration timeout, String after) {
        if (!Await.holdsWithin(timeout, POLL, () -> activeRunning() && restarts() >= restarts)) {
            throw new AssertionError(NAME + " not active (running) with NRestarts >= " + restarts + " within "
                    + timeout + " after " + after + ": " + state() + "\n" + journal());
        }
    }

    /** The unit's journal of this boot, the last 80 lines with their times, for failure messages. */
    String journal() {
        Tools.Result journal = uncheck(() -> container.exec("journalctl", "-u", NAME, "-b", "--no-pager",
                "-n", "80", "-o", "short-precise"));
        return "journalctl -u " + NAME + ":\n" + journal.output();
    }

    /** The messages alone (no times, no identifiers) that the unit's processes and systemd logged for it. */
    String messages() {
        return uncheck(() -> container.exec("journalctl", "-u", NAME, "-b", "--no-pager", "-o", "cat")).output();
    }

    /** A command that may throw, for conditions polled by a deadline loop. */
    interface Command<T> {
        T call() throws IOException, InterruptedException;
    }

    static <T> T uncheck(Command<T> command) {
        try {
            return command.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
