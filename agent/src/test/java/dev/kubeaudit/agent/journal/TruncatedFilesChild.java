package dev.kubeaudit.agent.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM for {@link JournalPretoucherTest}: a pretoucher is handed large sparse files, each
 * truncated to nothing or deleted under it at a random moment. A fault in a touched page that the
 * JVM does not survive kills this process, not the test JVM. Prints {@code touched <pages>},
 * {@code regrown <truncated files no longer empty>} and {@code survived} on standard output; exits
 * 3 when an exception escapes a thread. Arguments: a directory, a random seed.
 */
final class TruncatedFilesChild {
    static final long SIZE = 64L << 20;
    static final int ROUNDS = 40;

    private TruncatedFilesChild() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.out.println("uncaught in " + thread.getName() + ": " + e);
            System.out.flush();
            Runtime.getRuntime().halt(3);
        });
        JournalPretoucher pretoucher = new JournalPretoucher("child-pretouch");
        pretoucher.start();
        Path[] files = new Path[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            files[round] = sparse(dir.resolve("cycle-" + round + ".cq4"), SIZE);
            pretoucher.advanced(files[round].toFile(), 0);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(12_000)));
            if (round % 2 == 0) {
                try (RandomAccessFile raf = new RandomAccessFile(files[round].toFile(), "rw")) {
                    raf.setLength(0);
                }
            } else {
                Files.delete(files[round]);
            }
        }
        pretoucher.close();
        int regrown = 0;
        for (int round = 0; round < ROUNDS; round += 2) {
            regrown += Files.size(files[round]) > 0 ? 1 : 0;
        }
        System.out.println("touched " + pretoucher.touchedPages());
        System.out.println("regrown " + regrown);
        System.out.println("survived");
    }

    private static Path sparse(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }
}
