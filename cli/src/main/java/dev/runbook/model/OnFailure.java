package dev.runbook.model;

import java.util.Locale;

/** What the run does when a step fails. */
public enum OnFailure {
    /** Stop the run (exit 1). The default. */
    ABORT,
    /** Go on with the steps that do not depend on this one; the run ends with exit 1. */
    CONTINUE,
    /** Run the {@code undo} of every completed step, newest first, then stop (exit 1). */
    ROLLBACK;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OnFailure fromYaml(String s) {
        for (OnFailure f : values()) {
            if (f.yamlName().equals(s)) {
                return f;
            }
        }
        return null;
    }
}
