package dev.runbook.exec;

import java.util.Locale;

/** How a step ended (or why it did not run). */
public enum StepStatus {
    SUCCEEDED, FAILED, TIMED_OUT, SKIPPED, DECLINED, INTERRUPTED,
    /** Dry-run or preflight: shown, not applied. */
    PLANNED,
    /** Never reached: the run stopped before this step could start. */
    NOT_RUN,
    /** Completed, then reversed by its {@code undo} during a rollback. */
    ROLLED_BACK,
    /** Failed, and the operator chose to skip it and go on. */
    SKIPPED_BY_OPERATOR,
    /** Not run: it needs approvals the run does not have yet ({@code runbook approve}, then resume). */
    AWAITING_APPROVAL;

    /** The name used in text, JSON and expressions ({@code steps.x.status}): lower-case with dashes. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the step ended in a failure that counts against the run. */
    public boolean isFailure() {
        return this == FAILED || this == TIMED_OUT;
    }
}
