package dev.runbook.action;

/** Whether an action only reads the world or changes it. Mutating steps are the ones that want {@code confirm}. */
public enum Kind {
    READ_ONLY("read-only"), MUTATING("mutating");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    /** The name shown to users and in JSON: {@code read-only} or {@code mutating}. */
    public String label() {
        return label;
    }
}
