package dev.kubeaudit.agent.logfile;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback as "kind file-name" in order, and which thread delivered rotations. */
class RecordingListener implements LogFileListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Exception> failures = new CopyOnWriteArrayList<>();
    final List<Thread> rotationThreads = new CopyOnWriteArrayList<>();

    @Override
    public void rotated(Path backup) {
        rotationThreads.add(Thread.currentThread());
        events.add("rotated " + backup.getFileName());
    }

    @Override
    public void segmentFinal(Path segment) {
        events.add("final " + segment.getFileName());
    }

    @Override
    public void oversizeLine(long bytes) {
        events.add("oversize " + bytes);
    }

    @Override
    public void deleted(Path backup) {
        events.add("deleted " + backup.getFileName());
    }

    @Override
    public void retentionHeld(Path backup) {
        events.add("held " + backup.getFileName());
    }

    @Override
    public void backgroundFailure(String operation, Path path, Exception e) {
        failures.add(e);
        events.add("failure " + operation + " " + path.getFileName());
    }

    List<String> eventsStartingWith(String kind) {
        return events.stream().filter(e -> e.startsWith(kind + " ")).toList();
    }
}
