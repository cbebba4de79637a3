package dev.runbook.exec;

import dev.runbook.error.RunbookException.Reason;
import java.util.Locale;
import java.util.Optional;

/** How a whole run ended; {@link #reason()} tells a front-end which exit code applies. */
public enum RunStatus {
    SUCCEEDED(null),
    /** Dry-run or preflight finished: nothing failed. */
    PLANNED(null),
    FAILED(Reason.STEP_FAILED),
    ROLLED_BACK(Reason.STEP_FAILED),
    /** A rollback ran but left completed steps as they are: an undo was declined or failed, or a step has none. */
    ROLLBACK_INCOMPLETE(Reason.STEP_FAILED),
    DECLINED(Reason.DECLINED),
    INTERRUPTED(Reason.INTERRUPTED),
    AUDIT_FAILED(Reason.AUDIT),
    /** Stopped before a step that needs approvals the run does not have: approve, then resume. */
    AWAITING_APPROVAL(Reason.AWAITING_APPROVAL);

    private final Reason reason;

    RunStatus(Reason reason) {
        this.reason = reason;
    }

    /** The failure reason, empty when the run succeeded. */
    public Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
