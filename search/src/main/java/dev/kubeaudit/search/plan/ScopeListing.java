package dev.kubeaudit.search.plan;

import dev.kubeaudit.agent.archive.Archive;
import dev.kubeaudit.agent.archive.ArchiveLayout;
import dev.kubeaudit.agent.archive.ArchiveObject;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects of an archive a search of {@code scope} can need, listed by the fewest prefixes it
 * knows. Without days: everything, or with clusters asked for their folders in both layouts and
 * their integrity folders. With days (see {@link SegmentPolicy#days}): the clusters asked for, else
 * those the archive's top folders name ({@code cluster=X/}: hive cluster X; {@code _…/}: none;
 * {@code X/}: default-layout cluster X), then per day {@code c/n/yyyy/MM/dd/} for each default-layout
 * node folder of {@code c/} (segments and manifests), {@code cluster=c/dt=yyyy-MM-dd/} (hive
 * segments of every node) and {@code _integrity/c/n/yyyy/MM/dd/} for each node folder of
 * {@code _integrity/c/} (hive manifests); nodes asked for filter the node folders. Stateless.
 */
record ScopeListing(Archive archive, SegmentScope scope) {
    private static final String CLUSTER_NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

    List<ArchiveObject> list(Optional<List<LocalDate>> days) throws IOException {
        List<ArchiveObject> all = new ArrayList<>();
        for (String prefix : prefixes(days)) {
            all.addAll(archive.list(prefix));
        }
        return all;
    }

    private Set<String> prefixes(Optional<List<LocalDate>> days) throws IOException {
        Set<String> clusters = scope.clusters();
        if (!clusters.stream().allMatch(c -> c.matches(CLUSTER_NAME))) {
            return Set.of("");
        }
        if (days.isEmpty()) {
            return clusters.isEmpty() ? Set.of("") : wholeClusters(clusters);
        }
        if (days.get().isEmpty()) {
            return Set.of();
        }
        Set<String> plain = clusters;
        Set<String> hive = clusters;
        if (clusters.isEmpty()) {
            plain = new TreeSet<>();
            hive = new TreeSet<>();
            for (String folder : archive.folders("")) {
                ArchiveLayout.DEFAULT.clusterOfFolder(folder).ifPresent(plain::add);
                ArchiveLayout.HIVE.clusterOfFolder(folder).ifPresent(hive::add);
            }
        }
        TreeSet<String> prefixes = new TreeSet<>();
        for (String cluster : plain) {
            for (String node : nodes(ArchiveLayout.DEFAULT.clusterFolder(cluster))) {
                days.get().forEach(d -> prefixes.add(ArchiveLayout.DEFAULT.dayFolder(cluster, node, d)));
            }
        }
        String integrity = ArchiveLayout.HIVE.integrityRoot();
        for (String cluster : hive) {
            days.get().forEach(d -> prefixes.add(ArchiveLayout.HIVE.dayFolder(cluster, null, d)));
            for (String node : nodes(integrity + cluster + "/")) {
                days.get().forEach(d -> prefixes.add(integrity + ArchiveLayout.DEFAULT.dayFolder(cluster, node, d)));
            }
        }
        return prefixes;
    }

    /** Per cluster its folder in either layout and its integrity folder. */
    private static Set<String> wholeClusters(Set<String> clusters) {
        TreeSet<String> prefixes = new TreeSet<>();
        for (String cluster : clusters) {
            prefixes.add(ArchiveLayout.DEFAULT.clusterFolder(cluster));
            prefixes.add(ArchiveLayout.HIVE.clusterFolder(cluster));
            prefixes.add(ArchiveLayout.HIVE.integrityRoot() + cluster + "/");
        }
        return prefixes;
    }

    /** The node folders under {@code clusterFolder}, of the nodes asked for. */
    private List<String> nodes(String clusterFolder) throws IOException {
        return archive.folders(clusterFolder).stream().filter(n -> scope.nodes().isEmpty() || scope.nodes().contains(n))
                .toList();
    }
}
