package dev.runbook.exec;

/**
 * The journal is fine but refuses to let this action start (an anchor the run requires could not be written): the
 * event is not recorded, no further action starts, and the run ends as {@link RunStatus#AUDIT_FAILED} with this
 * message. Unlike any other {@link JournalException}, the journal keeps recording what follows (the refused step's
 * end, the ends of steps still running, the run's end).
 */
public class JournalRefusal extends JournalException {
    private static final long serialVersionUID = 1L;

    public JournalRefusal(String message) {
        super(message);
    }
}
