package dev.kubeaudit.agent.preflight;

import dev.kubeaudit.agent.archive.ArchiveOptions;
import dev.kubeaudit.agent.archive.Archives;
import dev.kubeaudit.agent.config.AgentConfig;
import dev.kubeaudit.agent.config.ConfigLoader;
import dev.kubeaudit.agent.config.KeyProblem;
import dev.kubeaudit.agent.integrity.IntegrityDirectory;
import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.ship.SegmentShippingProvider;
import dev.kubeaudit.agent.tls.SecurityFileCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What check-config checks beyond the configuration's own rules: what start-up would fail on, and
 * what it would start with but regret. For the agent: a shipper in this build when
 * ship.destination is set; the webhook's TLS and token files ({@link SecurityFileCheck});
 * listen.address and metrics.address (addresses of this host) and the ports (not below the
 * unprivileged start without the capability), see {@link AddressCheck}; journal.dir, its
 * integrity/, the log directory, ship.ledgerDir and its integrity/ and a file: destination
 * ({@link DirectoryCheck}); log.group and log.fileMode ({@link LogGroupCheck}); the forward:
 * destinations ({@link ForwardCheck}); the signing key the
 * shipper generated before, when integrity.signingKeyFile is empty. The standalone shipper is
 * checked for what it uses: shipper, metrics address, ledger, destination, signing key.
 * {@link #probe} reaches the store. Stateless.
 */
public final class Preflight {
    /** How long {@link #probe} waits for the store. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private Preflight() {
    }

    /** Every problem found, errors and warnings, in the order above. */
    public static List<KeyProblem> check(AgentConfig config, ConfigLoader.Role role, Clock clock) {
        boolean agent = role == ConfigLoader.Role.AGENT;
        List<KeyProblem> problems = new ArrayList<>();
        if (config.ship().enabled() && SegmentShippingProvider.onClassPath().isEmpty()) {
            problems.add(KeyProblem.error("ship.destination", config.ship().destination(), "this build has no"
                    + " shipper (the shipper module is not on the class path), so retention would delete segments"
                    + " never shipped (expected: the audit-agent.jar built with its shipper module, or"
                    + " ship.destination: none)"));
        }
        Optional<PortPrivilege> privilege = PortPrivilege.here();
        if (agent) {
            AgentConfig.Listen listen = config.listen();
            problems.addAll(SecurityFileCheck.check(listen, clock.instant()));
            problems.addAll(AddressCheck.check("listen.address", listen.address(), "listen.port", listen.port(),
                    privilege));
        }
        problems.addAll(AddressCheck.check("metrics.address", config.metrics().address(), "metrics.port",
                config.metrics().port(), privilege));
        directories(config, agent, problems);
        if (agent) {
            problems.addAll(LogGroupCheck.check(config.log()));
            problems.addAll(ForwardCheck.check(config));
        }
        generatedSigningKey(config, problems);
        return problems;
    }

    /** What answered, or the error: the store of ship.destination reached as the shipper would, within {@code timeout}. */
    public static Reached probe(AgentConfig config, List<KeyProblem> found, Duration timeout) {
        AgentConfig.Ship ship = config.ship();
        if (!ship.enabled()) {
            return new Reached("ship.destination: none: no store to reach", null);
        }
        if (ship.destination().startsWith("file:")) {
            boolean usable = found.stream().noneMatch(p -> p.isError() && p.key().equals("ship.destination"));
            return usable ? new Reached("ship.destination: " + ship.destination() + ": a folder user '"
                    + RunningUser.processName() + "' can write, or create", null) : new Reached(null, null);
        }
        try {
            return new Reached("ship.destination: " + ship.destination() + ": "
                    + Archives.probe(ship.destination(), ArchiveOptions.of(ship, 1), timeout), null);
        } catch (IOException e) {
            return new Reached(null, KeyProblem.error("ship.destination", ship.destination(), e.getMessage()));
        }
    }

    /** The outcome of {@link #probe}: a line saying what answered, or a problem (both null: reported already). */
    public record Reached(String answer, KeyProblem problem) {
    }

    private static void directories(AgentConfig config, boolean agent, List<KeyProblem> problems) {
        Places places = new Places(problems);
        Path journal = config.journal().dir();
        boolean integrity = config.integrity().enabled();
        if (agent) {
            places.check("journal.dir", journal, DirectoryCheck.Kind.STATE, null);
            if (integrity) {
                places.check("journal.dir", IntegrityDirectory.of(journal), DirectoryCheck.Kind.STATE, journal);
            }
            Path logDir = config.log().path().toAbsolutePath().normalize().getParent();
            places.check("log.path", logDir, DirectoryCheck.Kind.LOG, null);
        }
        AgentConfig.Ship ship = config.ship();
        if (ship.enabled()) {
            String key = ship.ledgerDir() != null ? "ship.ledgerDir" : "journal.dir";
            Path ledger = ship.ledgerDir() != null ? ship.ledgerDir() : journal;
            places.check(key, ledger, DirectoryCheck.Kind.STATE, null);
            if (integrity) {
                places.check(key, IntegrityDirectory.of(ledger), DirectoryCheck.Kind.STATE, ledger);
            }
            if (ship.destination().startsWith("file:")) {
                places.check("ship.destination", Path.of(ship.destination().substring("file:".length())),
                        DirectoryCheck.Kind.ARCHIVE, null);
            }
        }
    }

    /** Each directory checked once; one inside another only when that one exists and had no error. */
    private static final class Places {
        private final List<KeyProblem> problems;
        private final Set<Path> seen = new HashSet<>();
        private final Set<Path> failed = new HashSet<>();

        Places(List<KeyProblem> problems) {
            this.problems = problems;
        }

        void check(String key, Path dir, DirectoryCheck.Kind kind, Path inside) {
            Path abs = dir.toAbsolutePath().normalize();
            if (!seen.add(abs)) {
                return;
            }
            if (inside != null) {
                Path parent = inside.toAbsolutePath().normalize();
                if (failed.contains(parent) || !Files.isDirectory(parent)) {
                    return;
                }
            }
            List<KeyProblem> found = DirectoryCheck.check(key, dir, kind);
            if (found.stream().anyMatch(KeyProblem::isError)) {
                failed.add(abs);
            }
            problems.addAll(found);
        }
    }

    /** Without integrity.signingKeyFile: the key the shipper generated before must still be usable. */
    private static void generatedSigningKey(AgentConfig config, List<KeyProblem> problems) {
        if (!config.integrity().enabled() || config.integrity().signingKeyFile() != null || !config.ship().enabled()) {
            return;
        }
        Path state = config.ship().ledgerDir() != null ? config.ship().ledgerDir() : config.journal().dir();
        Path key = IntegrityDirectory.of(state).resolve(IntegrityDirectory.SIGNING_KEY);
        Path pub = SigningKey.publicKeyFile(key);
        if (Files.exists(key)) {
            try {
                SigningKey.readPrivate(key, "");
            } catch (IOException e) {
                problems.add(KeyProblem.error("integrity.signingKeyFile", key, e.getMessage()));
            }
        } else if (Files.exists(pub)) {
            problems.add(KeyProblem.error("integrity.signingKeyFile", key, "is missing but its public key '" + pub
                    + "' is there (expected: both or neither; keep that public key for the archive's verifiers and move"
                    + " it aside, then a new key is generated)"));
        }
    }
}
