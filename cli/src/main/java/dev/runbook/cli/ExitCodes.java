package dev.runbook.cli;

import dev.runbook.error.RunbookException;

/** The exit codes of {@code design/cli.md}, and the one place that maps an engine outcome to one. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int STEP_FAILED = 1;
    public static final int INVALID_INPUT = 2;
    public static final int DECLINED = 3;
    public static final int AUDIT = 4;
    /** The run waits for approvals: {@code runbook approve}, then {@code runbook resume --approval}. */
    public static final int AWAITING_APPROVAL = 5;
    public static final int INTERNAL = 70;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    public static int of(RunbookException.Reason reason) {
        switch (reason) {
            case STEP_FAILED: return STEP_FAILED;
            case INVALID_INPUT: return INVALID_INPUT;
            case DECLINED: return DECLINED;
            case AUDIT: return AUDIT;
            case INTERRUPTED: return INTERRUPTED;
            case AWAITING_APPROVAL: return AWAITING_APPROVAL;
            default: return INTERNAL;
        }
    }
}
