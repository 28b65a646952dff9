package dev.kubeaudit.archivesql.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PySpark snippet of {@code spark.md} read into what the JVM API needs: the session settings,
 * the archive root it names, the DDL schema, the reader options, the path under the root and the
 * view's name. Every line of the reader chain must be understood here, so that the test runs all
 * the snippet says and nothing else. Immutable.
 */
record SparkSnippet(Map<String, String> settings, String archivePlaceholder, String schema,
                    Map<String, String> options, String pathUnderRoot, String view) {
    private static final Pattern SETTING = Pattern.compile("\\.config\\(\"([^\"]+)\", \"([^\"]*)\"\\)");
    private static final Pattern ARCHIVE = Pattern.compile("(?m)^ARCHIVE = \"([^\"]+)\"");
    private static final Pattern SCHEMA = Pattern.compile("(?s)SCHEMA = \"\"\"\n(.*?)\n\"\"\"");
    private static final Pattern CHAIN = Pattern.compile("(?s)events = \\(spark\\.read\n(.*?)\\)\nevents\\.");
    private static final Pattern OPTION = Pattern.compile("\\.option\\(\"([^\"]+)\", (ARCHIVE|\"[^\"]*\")\\)");
    private static final Pattern JSON = Pattern.compile("\\.json\\(ARCHIVE \\+ \"([^\"]*)\"\\)");
    private static final Pattern VIEW = Pattern.compile("events\\.createOrReplaceTempView\\(\"([^\"]+)\"\\)");

    static SparkSnippet parse(String block) {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher s = SETTING.matcher(block);
        while (s.find()) {
            settings.put(s.group(1), s.group(2));
        }
        String archive = one(ARCHIVE, block);
        Map<String, String> options = new LinkedHashMap<>();
        String path = null;
        boolean schemaSet = false;
        List<String> unknown = new ArrayList<>();
        for (String line : one(CHAIN, block).strip().split("\n")) {
            String step = line.strip();
            Matcher option = OPTION.matcher(step);
            Matcher json = JSON.matcher(step);
            if (step.equals(".schema(SCHEMA)")) {
                schemaSet = true;
            } else if (option.matches()) {
                options.put(option.group(1), option.group(2));
            } else if (json.matches()) {
                path = json.group(1);
            } else {
                unknown.add(step);
            }
        }
        if (!unknown.isEmpty() || !schemaSet || path == null) {
            throw new IllegalArgumentException("reader chain: unknown steps " + unknown + ", schema set: " + schemaSet
                    + ", path: " + path + " (expected: .schema(SCHEMA), .option(…) and .json(ARCHIVE + \"…\") only)");
        }
        return new SparkSnippet(settings, archive, one(SCHEMA, block), options, path, one(VIEW, block));
    }

    /** An option's value with {@code ARCHIVE} as {@code root}. */
    String option(String value, String root) {
        return value.equals("ARCHIVE") ? root : value.substring(1, value.length() - 1);
    }

    private static String one(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(pattern + " (expected: in the spark-read block)");
        }
        String value = m.group(1);
        if (m.find()) {
            throw new IllegalArgumentException(pattern + " (expected: once in the spark-read block)");
        }
        return value;
    }
}
