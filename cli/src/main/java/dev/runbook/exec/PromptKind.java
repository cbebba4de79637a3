package dev.runbook.exec;

import java.util.Locale;

/** The kinds of question the executor may put to the operator. */
public enum PromptKind {
    YES_NO, TYPED, APPROVAL, ACKNOWLEDGE, INTERRUPT, IN_DOUBT,
    /** A step failed at a terminal: retry, skip, roll back or abort. */
    STEP_FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
