package dev.runbook.exec;

import java.util.Locale;

/**
 * What the operator at a terminal chose for a step that failed: try it again, skip it (the run goes on; recorded as
 * {@link StepStatus#SKIPPED_BY_OPERATOR}), roll back (as {@code on-failure: rollback}), or abort the run.
 */
public enum FailureChoice {
    RETRY, SKIP, ROLLBACK, ABORT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
