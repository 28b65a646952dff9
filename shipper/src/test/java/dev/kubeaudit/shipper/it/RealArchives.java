package dev.kubeaudit.shipper.it;

import dev.kubeaudit.agent.integrity.SigningKey;
import dev.kubeaudit.agent.testing.MutableClock;
import dev.kubeaudit.shipper.it.Signers.Signer;
import dev.kubeaudit.shipper.testing.FolderKeys;
import dev.kubeaudit.shipper.testing.Lockstep;
import dev.kubeaudit.shipper.testing.Lockstep.Shipping;
import dev.kubeaudit.shipper.testing.NodeAgent;
import dev.kubeaudit.shipper.testing.S3Server;
import dev.kubeaudit.shipper.testing.WritablePrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Two archives written by real agents in this JVM, step for step on one clock: one in a folder
 * ({@code file:}), one in s3proxy under prefix {@value #PREFIX}. Each holds two nodes of cluster
 * c1: node-a (gzip segments) signs with a key file, stops cleanly, comes back with a new key file
 * (a key rotation at {@link #rotation}), then stops uncleanly; node-b (plain segments) signs with
 * the key it generated, stops uncleanly first, then cleanly. Both rotate seven times (by age, the
 * clock moved past log.rotateInterval), across midnight, and idle three times (the clock moved
 * past integrity.checkpointInterval); the second restart comes on a clock set back by
 * {@link #SET_BACK} (within the hour: the journal rolls hourly). The script waits after each step
 * until everything is shipped and checkpointed. Immutable once produced.
 */
record RealArchives(Path folder, WritablePrefix bucket, Instant rotation, Instant end, Signers folderSigners,
                    Signers bucketSigners) {
    static final String PREFIX = "prod";
    static final String ORIGIN_A = "kube-audit-agent/c1/node-a";
    static final Duration ROTATE_INTERVAL = Duration.ofMinutes(1);
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMinutes(2);
    private static final Duration IDLE = Duration.ofMinutes(3);
    static final Duration SET_BACK = Duration.ofMinutes(3);
    private static final String START = "2026-11-27T23:58:00Z";

    /** Runs the agents under {@code dir}, the bucket's on {@code s3}; everything stopped when it returns. */
    static RealArchives produce(Path dir, S3Server s3) throws Exception {
        MutableClock clock = MutableClock.at(START);
        Path oldKey = dir.resolve("keys/node-a-1.key");
        Path newKey = dir.resolve("keys/node-a-2.key");
        Files.createDirectories(oldKey.getParent());
        SigningKey.generate(ORIGIN_A).write(oldKey);
        SigningKey.generate(ORIGIN_A).write(newKey);
        Path folder = dir.resolve("archive");
        WritablePrefix bucket = new WritablePrefix(s3.client(), S3Server.BUCKET, PREFIX);
        String[] a = settings("log.compress: true");
        String[] b = settings("log.compress: false");
        String s3Destination = "s3://" + S3Server.BUCKET + "/" + PREFIX;
        String endpoint = s3.endpoint().toString();
        NodeAgent fileA = new NodeAgent(dir.resolve("file-node-a"), "node-a", "file:" + folder, null, clock, a);
        NodeAgent fileB = new NodeAgent(dir.resolve("file-node-b"), "node-b", "file:" + folder, null, clock, b);
        NodeAgent s3A = new NodeAgent(dir.resolve("s3-node-a"), "node-a", s3Destination, endpoint, clock, a);
        NodeAgent s3B = new NodeAgent(dir.resolve("s3-node-b"), "node-b", s3Destination, endpoint, clock, b);
        Lockstep all = new Lockstep(clock, ROTATE_INTERVAL, IDLE, List.of(new Shipping(fileA, () -> FolderKeys.of(folder)),
                new Shipping(fileB, () -> FolderKeys.of(folder)), new Shipping(s3A, bucket::keys), new Shipping(s3B, bucket::keys)));
        Instant rotation;
        try (fileA; fileB; s3A; s3B) {
            all.start("node-a", oldKey);
            all.start("node-b", null);
            steps(all, 3);
            all.stopCleanly("node-a");
            all.stopUncleanly("node-b");
            all.advance(ROTATE_INTERVAL);
            rotation = clock.instant();
            all.start("node-a", newKey);
            all.start("node-b", null);
            steps(all, 2);
            all.stopUncleanly("node-a");
            all.stopCleanly("node-b");
            all.advance(SET_BACK.negated());
            all.start("node-a", newKey);
            all.start("node-b", null);
            steps(all, 2);
        }
        Signers folderSigners = signers(oldKey, newKey, rotation, fileB.generatedKeyFile());
        Signers bucketSigners = signers(oldKey, newKey, rotation, s3B.generatedKeyFile());
        return new RealArchives(folder, bucket, rotation, clock.instant(), folderSigners, bucketSigners);
    }

    private static String[] settings(String compress) {
        return new String[] {compress, "log.rotateInterval: " + ROTATE_INTERVAL.toSeconds() + "s",
                "integrity.enabled: true", "integrity.checkpointInterval: " + CHECKPOINT_INTERVAL.toSeconds() + "s"};
    }

    /** {@code rotations} rotations of two batches each, then an idle period. */
    private static void steps(Lockstep all, int rotations) throws Exception {
        for (int i = 0; i < rotations; i++) {
            all.rotate(2);
        }
        all.idle();
    }

    private static Signers signers(Path oldKey, Path newKey, Instant rotation, Path nodeB) throws IOException {
        return new Signers(List.of(new Signer("c1/node-a", SigningKey.read(oldKey), null, rotation),
                new Signer("c1/node-a", SigningKey.read(newKey), rotation, null),
                new Signer("c1/node-b", SigningKey.read(nodeB), null, null)));
    }
}
