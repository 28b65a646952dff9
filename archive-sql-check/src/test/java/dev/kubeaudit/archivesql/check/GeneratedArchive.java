package dev.kubeaudit.archivesql.check;

import static dev.kubeaudit.search.archivesql.ExampleQuestions.SINCE;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.UNTIL;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hive-layout archive in a folder, generated from {@link AuditScenario} with one seed, with the
 * events written and the answers computed from them. Checks on the way that the archive makes the
 * questions' partition rule matter: some events of the window sit under the day after the window's
 * last. Immutable after {@link #write}.
 */
record GeneratedArchive(Path root, List<FixtureEvent> events, Map<String, Long> eventsByPartition,
                        Map<String, List<List<String>>> answers) {

    static GeneratedArchive write(Path root, long seed) throws IOException {
        AuditScenario scenario = new AuditScenario(seed);
        HiveArchive hive = new HiveArchive(root);
        List<FixtureEvent> written = new ArrayList<>();
        for (Map.Entry<HiveArchive.Node, List<FixtureEvent>> node : scenario.generate().entrySet()) {
            written.addAll(hive.writeSegments(node.getKey(), node.getValue()));
        }
        hive.writeIntegrityDecoy(scenario.integrityDecoy());
        Map<String, Long> byPartition = new TreeMap<>();
        LocalDate lastDay = LocalDate.ofInstant(UNTIL, ZoneOffset.UTC);
        boolean nextDayHoldsWindow = false;
        for (FixtureEvent e : written) {
            LocalDate day = hive.dayOf(e);
            byPartition.merge(e.cluster() + "/" + day, 1L, Long::sum);
            boolean inWindow = !e.stageTimestamp().isBefore(SINCE) && e.stageTimestamp().isBefore(UNTIL);
            nextDayHoldsWindow |= inWindow && day.isAfter(lastDay);
        }
        if (!nextDayHoldsWindow) {
            throw new IllegalStateException("no event of the window under dt > " + lastDay
                    + " (expected: some, so that the +1 day of the dt filter is needed)");
        }
        return new GeneratedArchive(root, List.copyOf(written), byPartition, ExpectedAnswers.of(written));
    }
}
