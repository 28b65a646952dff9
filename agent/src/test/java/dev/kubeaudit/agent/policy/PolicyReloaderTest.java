package dev.kubeaudit.agent.policy;

import static dev.kubeaudit.agent.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/** Reloading on change and on SIGHUP; a broken file keeps the policy in force. */
class PolicyReloaderTest {
    static final String HEAD = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n";

    @TempDir
    Path dir;

    final List<Policy> applied = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger loads = new AtomicInteger();
    final PolicyListener listener = new PolicyListener() {
        @Override
        public void loaded(Path file, int rules) {
            loads.incrementAndGet();
        }

        @Override
        public void reloadFailed(Path file, String problems) {
            failures.add(problems);
        }
    };

    @AfterEach
    void noReloadThreadOutlivesClose() {
        awaitUntil(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().equals("policy-reload")), "policy-reload thread stopped");
    }

    private Path write(String rules) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, HEAD + rules);
        return file;
    }

    /** Replaces the file in one rename, so the watch never sees it half written. */
    private void replace(Path file, String rules) throws Exception {
        Path next = Files.writeString(dir.resolve("policy.yaml.next"), HEAD + rules);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aChangedFileIsPutInForceAndABrokenOneKeepsThePrevious() throws Exception {
        Path file = write("- level: Metadata\n");
        try (PolicyReloader reloader = PolicyReloader.load(file, listener)) {
            reloader.start(applied::add, Duration.ofMillis(20));
            Policy first = reloader.policy();
            assertThat(first.rules().get(0).level()).isEqualTo(Level.METADATA);

            replace(file, "- level: None\n  users: [alice]\n- level: Request\n");
            awaitUntil(Duration.ofSeconds(10), () -> applied.size() == 1, "the changed policy applied");
            assertThat(applied.get(0).rules()).extracting(PolicyRule::level).containsExactly(Level.NONE, Level.REQUEST);

            replace(file, "- level: Everything\n");
            awaitUntil(Duration.ofSeconds(10), () -> failures.size() == 1, "the broken file refused");
            assertThat(failures.get(0)).contains(file + ":4:10: error: rule 1: unknown level \"Everything\"");
            assertThat(reloader.policy()).isSameAs(applied.get(0));
            assertThat(applied).hasSize(1);

            Files.delete(file);
            awaitUntil(Duration.ofSeconds(10), () -> failures.size() == 2, "the missing file refused");
            assertThat(reloader.policy()).isSameAs(applied.get(0));
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void sighupRereadsAFileWhoseChangeTheWatchCannotSee() throws Exception {
        Path file = write("- level: Metadata\n  users: [alice]\n");
        FileTime time = Files.getLastModifiedTime(file);
        BlockingQueue<Policy> reread = new LinkedBlockingQueue<>();
        try (PolicyReloader reloader = PolicyReloader.load(file, listener)) {
            reloader.start(reread::add, Duration.ofDays(1)); // no periodic check during the test: only the ones below
            assumeTrue(HangUpSignal.handled(), "this JVM lets SIGHUP be handled");
            Files.writeString(file, HEAD + "- level: Metadata\n  users: [bobby]\n"); // same size
            Files.setLastModifiedTime(file, time);
            assertThat(reloader.checkForChange().get(30, TimeUnit.SECONDS)).as("the watch sees a change").isFalse();

            Signal.raise(new Signal("HUP"));
            Policy policy = reread.poll(30, TimeUnit.SECONDS);
            assertThat(policy).as("the policy re-read on SIGHUP").isNotNull();
            assertThat(policy.rules().get(0).users()).containsExactly("bobby");
            assertThat(reread).as("nothing but the one SIGHUP re-read the file").isEmpty();
        }
        assertThat(HangUpSignal.handled()).as("the JVM's own SIGHUP handling is back").isFalse();
    }

    @Test
    void aBrokenFileStopsTheFirstLoad() throws Exception {
        Path file = write("- level: Metadata\n  verbs: get\n");
        assertThatThrownBy(() -> PolicyReloader.load(file, listener)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(file + ":5:10: error: verbs: \"get\" (expected: a list");
    }
}
