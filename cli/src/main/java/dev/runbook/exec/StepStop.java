package dev.runbook.exec;

/** Ends a step early with a status and message (expression failures, unknown actions, failed checks). */
final class StepStop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient StepStatus status;
    final int attempts;

    StepStop(StepStatus status, String message, int attempts) {
        super(message, null, false, false);
        this.status = status;
        this.attempts = attempts;
    }
}
