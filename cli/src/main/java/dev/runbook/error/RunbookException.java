package dev.runbook.error;

/**
 * A failure the engine reports to its user with a complete message; {@link Reason} tells the front-end how to
 * exit (the CLI maps each reason to an exit code of {@code cli.md}). Not for bugs: those are any other exception.
 */
public class RunbookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the engine stopped. */
    public enum Reason {
        /** A step failed, a check was false, or a rollback ran. */
        STEP_FAILED,
        /** Invalid input: usage, runbook, parameters, or a file that cannot be read. */
        INVALID_INPUT,
        /** The operator declined, or a prompt was needed with no terminal and no answer. */
        DECLINED,
        /** The audit log failed verification or could not be written. */
        AUDIT,
        /** Interrupted by the operator (Ctrl-C). */
        INTERRUPTED,
        /** A run stopped before a step that needs approvals it does not have yet. */
        AWAITING_APPROVAL
    }

    private final Reason reason;

    public RunbookException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RunbookException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static RunbookException invalid(String message) {
        return new RunbookException(Reason.INVALID_INPUT, message);
    }
}
