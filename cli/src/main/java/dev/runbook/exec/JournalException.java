package dev.runbook.exec;

/** A {@link RunJournal} could not record an event durably; the run stops before its next action. */
public class JournalException extends Exception {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    public JournalException(String message) {
        super(message);
    }
}
