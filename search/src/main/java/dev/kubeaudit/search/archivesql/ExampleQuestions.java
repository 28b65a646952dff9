package dev.kubeaudit.search.archivesql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The questions every page of {@code docs/archive-sql/} answers, each in its engine's SQL, over one
 * window: who deleted a secret, one user's actions, the top verbs per user, all 403s, exec and
 * attach into pods. Each counts a request once, by its {@code ResponseComplete} event. The example
 * values are public so that a test can build an archive the questions have answers in. Stateless.
 */
public final class ExampleQuestions {
    public static final Instant SINCE = Instant.parse("2026-11-27T06:00:00Z");
    public static final Instant UNTIL = Instant.parse("2026-11-27T18:00:00Z");
    public static final String SECRET_NAMESPACE = "payments";
    public static final String SECRET_NAME = "db-password";
    public static final String USER = "alice@example.com";
    public static final String REASON_ANNOTATION = "authorization.k8s.io/reason";
    public static final int TOP_VERBS = 3;

    /** One question: a stable id (the marker in the page), its title and its SQL. */
    public record Question(String id, String title, String sql) {
    }

    private ExampleQuestions() {
    }

    public static List<Question> in(QueryDialect d) {
        return List.of(
                new Question("who-deleted-secret", "Who deleted secret " + SECRET_NAMESPACE + "/" + SECRET_NAME + "?",
                        select(d, List.of("stageTimestamp", "cluster", d.field("user", "username") + " AS username",
                                        "userAgent", d.field("responseStatus", "code") + " AS code"),
                                List.of("verb = 'delete'", d.field("objectRef", "resource") + " = 'secrets'",
                                        d.field("objectRef", "namespace") + " = '" + SECRET_NAMESPACE + "'",
                                        d.field("objectRef", "name") + " = '" + SECRET_NAME + "'"))),
                new Question("user-actions", "What did " + USER + " do?",
                        select(d, List.of("stageTimestamp", "cluster", "verb",
                                        d.field("objectRef", "resource") + " AS resource",
                                        d.field("objectRef", "namespace") + " AS namespace",
                                        d.field("objectRef", "name") + " AS name",
                                        d.field("objectRef", "subresource") + " AS subresource",
                                        d.field("responseStatus", "code") + " AS code"),
                                List.of(d.field("user", "username") + " = '" + USER + "'"))),
                new Question("top-verbs-per-user", "The " + TOP_VERBS + " most used verbs of each user", topVerbs(d)),
                new Question("forbidden", "All requests denied with 403",
                        select(d, List.of("stageTimestamp", "cluster", d.field("user", "username") + " AS username",
                                        "verb", "requestURI", d.annotation(REASON_ANNOTATION) + " AS reason"),
                                List.of(d.field("responseStatus", "code") + " = 403"))),
                new Question("exec-attach", "Who opened exec or attach sessions into pods?",
                        select(d, List.of("stageTimestamp", "cluster", d.field("user", "username") + " AS username",
                                        d.field("objectRef", "namespace") + " AS namespace",
                                        d.field("objectRef", "name") + " AS pod",
                                        d.field("objectRef", "subresource") + " AS subresource",
                                        d.field("responseStatus", "code") + " AS code"),
                                List.of(d.field("objectRef", "resource") + " = 'pods'",
                                        d.field("objectRef", "subresource") + " IN ('exec', 'attach')"))));
    }

    /** The filters of every question: partitions, then the window, then one event per request. */
    private static List<String> window(QueryDialect d) {
        return List.of(d.days(SINCE, UNTIL), d.stageTimeWithin(SINCE, UNTIL), "stage = 'ResponseComplete'");
    }

    private static String select(QueryDialect d, List<String> columns, List<String> filters) {
        List<String> where = new ArrayList<>(window(d));
        where.addAll(filters);
        return "SELECT " + String.join(",\n       ", columns) + "\n"
                + "FROM " + d.table() + "\n"
                + "WHERE " + String.join("\n  AND ", where) + "\n"
                + "ORDER BY stageTimestamp, auditID";
    }

    private static String topVerbs(QueryDialect d) {
        String user = d.field("user", "username");
        return "SELECT username, verb, requests\n"
                + "FROM (\n"
                + "  SELECT " + user + " AS username, verb, count(*) AS requests,\n"
                + "         row_number() OVER (PARTITION BY " + user + " ORDER BY count(*) DESC, verb) AS place\n"
                + "  FROM " + d.table() + "\n"
                + "  WHERE " + String.join("\n    AND ", window(d)) + "\n"
                + "  GROUP BY " + user + ", verb\n"
                + ") ranked\n"
                + "WHERE place <= " + TOP_VERBS + "\n"
                + "ORDER BY username, place";
    }
}
