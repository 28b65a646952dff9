package dev.kubeaudit.archivesql.check;

import static dev.kubeaudit.search.archivesql.ExampleQuestions.REASON_ANNOTATION;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.SECRET_NAME;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.SECRET_NAMESPACE;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.SINCE;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.TOP_VERBS;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.UNTIL;
import static dev.kubeaudit.search.archivesql.ExampleQuestions.USER;

import dev.kubeaudit.archivesql.check.FixtureEvent.Ref;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The answers to the example questions computed in Java from the generated events, without SQL and
 * without partitions: each row as text ({@code Instant.toString()} for times, null for NULL), in
 * the questions' order. Stateless.
 */
final class ExpectedAnswers {
    private ExpectedAnswers() {
    }

    /** Question id → rows. */
    static Map<String, List<List<String>>> of(List<FixtureEvent> events) {
        List<FixtureEvent> window = events.stream()
                .filter(e -> !e.stageTimestamp().isBefore(SINCE) && e.stageTimestamp().isBefore(UNTIL))
                .filter(e -> e.stage().equals("ResponseComplete"))
                .sorted(Comparator.comparing(FixtureEvent::stageTimestamp).thenComparing(FixtureEvent::auditID))
                .toList();
        Map<String, List<List<String>>> answers = new TreeMap<>();
        answers.put("who-deleted-secret", rows(window,
                e -> e.verb().equals("delete") && isRef(e, "secrets", SECRET_NAMESPACE, SECRET_NAME),
                e -> row(e.stageTimestamp(), e.cluster(), e.username(), e.userAgent(), e.code())));
        answers.put("user-actions", rows(window, e -> e.username().equals(USER),
                e -> row(e.stageTimestamp(), e.cluster(), e.verb(), ref(e, Ref::resource), ref(e, Ref::namespace),
                        ref(e, Ref::name), ref(e, Ref::subresource), e.code())));
        answers.put("top-verbs-per-user", topVerbs(window));
        answers.put("forbidden", rows(window, e -> e.code() == 403,
                e -> row(e.stageTimestamp(), e.cluster(), e.username(), e.verb(), e.requestURI(),
                        e.annotations().get(REASON_ANNOTATION))));
        answers.put("exec-attach", rows(window,
                e -> e.objectRef() != null && e.objectRef().resource().equals("pods")
                        && ("exec".equals(e.objectRef().subresource()) || "attach".equals(e.objectRef().subresource())),
                e -> row(e.stageTimestamp(), e.cluster(), e.username(), ref(e, Ref::namespace), ref(e, Ref::name),
                        ref(e, Ref::subresource), e.code())));
        return answers;
    }

    private static List<List<String>> topVerbs(List<FixtureEvent> window) {
        Map<String, Map<String, Long>> counts = window.stream().collect(Collectors.groupingBy(FixtureEvent::username,
                TreeMap::new, Collectors.groupingBy(FixtureEvent::verb, Collectors.counting())));
        List<List<String>> rows = new ArrayList<>();
        counts.forEach((user, verbs) -> verbs.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_VERBS)
                .forEach(v -> rows.add(row(user, v.getKey(), v.getValue()))));
        return rows;
    }

    private static boolean isRef(FixtureEvent e, String resource, String namespace, String name) {
        Ref r = e.objectRef();
        return r != null && r.resource().equals(resource) && namespace.equals(r.namespace()) && name.equals(r.name());
    }

    private static String ref(FixtureEvent e, Function<Ref, String> field) {
        return e.objectRef() == null ? null : field.apply(e.objectRef());
    }

    private static List<List<String>> rows(List<FixtureEvent> window, Predicate<FixtureEvent> which,
                                           Function<FixtureEvent, List<String>> row) {
        return window.stream().filter(which).map(row).toList();
    }

    static List<String> row(Object... cells) {
        return Arrays.stream(cells).map(c -> c == null ? null : Objects.toString(c)).toList();
    }
}
