package dev.kubeaudit.dist;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families and sample names of one Prometheus text scrape ({@code # TYPE name type}
 * lines and the sample lines under them). A name used in PromQL exists when a sample of that name
 * was scraped: a family's own name, or for a histogram or summary its {@code _bucket},
 * {@code _count} or {@code _sum} series. Immutable.
 */
final class ScrapedMetrics {
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern SERIES_SUFFIX = Pattern.compile("^(.+)_(bucket|count|sum)$");

    private final Map<String, String> typeByFamily;
    private final Set<String> sampleNames;

    private ScrapedMetrics(Map<String, String> typeByFamily, Set<String> sampleNames) {
        this.typeByFamily = typeByFamily;
        this.sampleNames = sampleNames;
    }

    static ScrapedMetrics parse(String text) {
        Map<String, String> types = new HashMap<>();
        Set<String> samples = new HashSet<>();
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            } else if (!line.startsWith("#") && sample.find()) {
                samples.add(sample.group(1));
            }
        }
        return new ScrapedMetrics(Map.copyOf(types), Set.copyOf(samples));
    }

    /** The family {@code name} belongs to: itself, or the histogram or summary whose series it is. */
    Optional<String> family(String name) {
        if (typeByFamily.containsKey(name)) {
            return Optional.of(name);
        }
        Matcher m = SERIES_SUFFIX.matcher(name);
        if (m.matches() && Set.of("histogram", "summary").contains(typeByFamily.get(m.group(1)))) {
            return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    /** Whether the scrape has a family for {@code name} and a sample of exactly that name. */
    boolean has(String name) {
        return family(name).isPresent() && sampleNames.contains(name);
    }

    int families() {
        return typeByFamily.size();
    }
}
