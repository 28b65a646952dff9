package dev.kubeaudit.agent.config;

/** How an integer range is described in problems ("an integer >= 0", "an integer from 0 to 65535"). Stateless. */
final class Range {
    private Range() {
    }

    static String describe(String what, long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return what + " >= " + min;
        }
        return what + " from " + min + " to " + max;
    }
}
