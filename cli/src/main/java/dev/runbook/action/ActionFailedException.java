package dev.runbook.action;

/** An expected failure of an action: its message is complete and meant for the operator. */
public class ActionFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ActionFailedException(String message) {
        super(message);
    }

    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
