package dev.kubeaudit.search.query;

/** The order events are printed in, by stageTimestamp (events without one last); ties by segment key, auditID and stage. */
public enum Order {
    NEWEST("DESC"),
    OLDEST("ASC");

    private final String direction;

    Order(String direction) {
        this.direction = direction;
    }

    String orderBy() {
        return "\"stageTimestamp\" " + direction + " NULLS LAST, segment " + direction + ", \"auditID\" " + direction
                + ", \"stage\" " + direction;
    }
}
