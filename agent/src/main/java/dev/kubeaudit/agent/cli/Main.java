package dev.kubeaudit.agent.cli;

public final class Main {
    public static void main(String[] args) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cq");
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(net.openhft.chronicle.queue.rollcycles.LargeRollCycles.LARGE_HOURLY).build()) {
            var a = q.createAppender();
            a.writeBytes(b -> b.writeInt(42));
            var t = q.createTailer("x");
            System.out.println("read " + t.readBytes(b -> System.out.println(b.readInt())));
        }
    }
}
