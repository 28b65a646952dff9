package dev.kubeaudit.search.plan;

/** Hears what a {@link Planner} had to do without: a manifest it could not use. */
public interface PlanListener {
    PlanListener NONE = (manifestKey, reason) -> { };

    /** The manifest at {@code manifestKey} was not used (its segment is then bounded by its name only): {@code reason}. */
    void manifestUnusable(String manifestKey, String reason);
}
