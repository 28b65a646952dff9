package dev.kubeaudit.search.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code --count-by} groups events by, each an expression on the events view. {@code group}
 * and {@code source-ip} count an event once per group or address it has (none: not counted);
 * {@code resource} is written as {@code tail} writes it ({@code deployments.apps/scale}).
 */
public enum CountKey {
    USER("\"user\".\"username\""),
    GROUP("unnest(\"user\".\"groups\")"),
    VERB("\"verb\""),
    RESOURCE("\"objectRef\".\"resource\" || coalesce('.' || nullif(\"objectRef\".\"apiGroup\", ''), '')"
            + " || coalesce('/' || nullif(\"objectRef\".\"subresource\", ''), '')"),
    NAMESPACE("\"objectRef\".\"namespace\""),
    NAME("\"objectRef\".\"name\""),
    CODE("\"responseStatus\".\"code\""),
    STAGE("\"stage\""),
    LEVEL("\"level\""),
    SOURCE_IP("unnest(\"sourceIPs\")"),
    USER_AGENT("\"userAgent\""),
    CLUSTER("cluster"),
    NODE("node"),
    DAY("dt");

    private final String expression;

    CountKey(String expression) {
        this.expression = expression;
    }

    /** Its name on the command line and as column: {@code user}, {@code source-ip}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String expression() {
        return expression;
    }

    public static Optional<CountKey> named(String label) {
        return Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
    }

    /** Every label, for messages. */
    public static String labels() {
        return Arrays.stream(values()).map(CountKey::label).collect(Collectors.joining(", "));
    }
}
