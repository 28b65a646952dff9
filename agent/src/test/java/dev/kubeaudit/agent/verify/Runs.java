package dev.kubeaudit.agent.verify;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.FileArchive;
import dev.kubeaudit.agent.integrity.SigningKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Runs the verifier over a folder and states its findings briefly, for assertions. */
final class Runs {
    static final SigningKey KEY = SigningKey.generate("kube-audit-agent");

    private Runs() {
    }

    static VerifyOptions options(SigningKey... keys) {
        return VerifyOptions.of(Arrays.stream(keys).map(k -> TrustedKey.always(k.verifierKey())).toList())
                .withParallel(4);
    }

    static VerifyReport verify(Path dir, Clock clock) throws InterruptedException {
        return verify(new FileArchive(dir), clock, options(KEY), VerifierState.EMPTY);
    }

    static VerifyReport verify(Path dir, Clock clock, VerifyOptions options) throws InterruptedException {
        return verify(new FileArchive(dir), clock, options, VerifierState.EMPTY);
    }

    static VerifyReport verify(Archive archive, Clock clock, VerifyOptions options, VerifierState state)
            throws InterruptedException {
        return new Verifier(archive, options, clock).verify(state);
    }

    /** Each finding as {@code TYPE severity seq=N [key, key]}, in report order. */
    static List<String> brief(VerifyReport report) {
        return report.findings().stream().map(Runs::brief).toList();
    }

    static String brief(Finding f) {
        return f.type() + " " + f.severity().label() + " seq=" + f.seq() + " [" + String.join(", ", f.keys()) + "]";
    }

    static String brief(FindingType type, Severity severity, Long seq, String... keys) {
        return type + " " + severity.label() + " seq=" + seq + " [" + String.join(", ", keys) + "]";
    }

    /** The whole report as text, for assertion messages. */
    static String text(VerifyReport report) {
        return report.findings().stream().map(f -> brief(f) + " " + f.message()).collect(Collectors.joining("\n"));
    }
}
