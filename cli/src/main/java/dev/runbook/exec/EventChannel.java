package dev.runbook.exec;

/**
 * The single way a run's events leave it: redacted, then appended to the journal, then shown to the listener, under
 * one lock so that every listener sees events in the order the journal holds them. The audit log is written ahead
 * with group commit ({@link RunJournal}): the journal is forced after a mutating step's (or undo's) start, after a
 * prompt's record and before a display-only prompt is shown, and after the run's end; an event is shown once the
 * journal has taken its record (and, at those points, forced it). After the first journal failure nothing more is
 * recorded (the run stops before its next action).
 */
final class EventChannel {
    private final RunJournal journal;
    private final ExecutionListener listener;
    private final Redactor redactor;
    private final Object lock = new Object();
    private volatile String auditFailure;
    /** Why the journal refused an action ({@link JournalRefusal}): no action starts, records go on. */
    private volatile String refusal;

    EventChannel(RunJournal journal, ExecutionListener listener, Redactor redactor) {
        this.journal = journal;
        this.listener = listener;
        this.redactor = redactor;
    }

    /** Journal first (a failure is thrown, and remembered), then the listener. */
    void record(RunEvent event) throws JournalException {
        synchronized (lock) {
            RunEvent clean = event.redacted(redactor);
            if (auditFailure != null) {
                throw new JournalException(auditFailure);
            }
            if (clean.recorded()) {
                if (refusal != null && startsAction(clean)) {
                    throw new JournalException(refusal);
                }
                try {
                    journal.append(clean);
                    if (RunJournal.forcesAfter(clean)) {
                        journal.force();
                    }
                } catch (JournalRefusal e) {
                    if (refusal == null) {
                        refusal = e.getMessage();
                    }
                    throw new JournalException(refusal, e);
                } catch (JournalException | RuntimeException e) {
                    auditFailure = "the audit log could not be written: " + e.getMessage();
                    throw new JournalException(auditFailure, e);
                }
            }
            notify(clean);
        }
    }

    /**
     * For events after which no action follows: a journal failure is remembered, the caller goes on. Of the events
     * that could not be recorded only the run's end is still shown (it says that the audit log failed).
     */
    void emitQuietly(RunEvent event) {
        try {
            record(event);
        } catch (JournalException e) {
            if (event instanceof RunEvent.RunFinished) {
                displayOnly(event);
            }
        }
    }

    /** Display-only events: never sent to the journal; a prompt among them is shown once the journal is forced. */
    void displayOnly(RunEvent event) {
        synchronized (lock) {
            if (event instanceof RunEvent.PromptAsked && auditFailure == null) {
                try {
                    journal.force();
                } catch (JournalException | RuntimeException e) {
                    auditFailure = "the audit log could not be written: " + e.getMessage();
                }
            }
            notify(event.redacted(redactor));
        }
    }

    private void notify(RunEvent clean) {
        try {
            listener.on(clean);
        } catch (RuntimeException e) {
            // A listener is display only: its failure must not change the run.
        }
    }

    private static boolean startsAction(RunEvent e) {
        return e instanceof RunEvent.StepStarted || e instanceof RunEvent.UndoStarted;
    }

    /** Why the audit log can no longer be written (or refused to let an action start), or null while it can. */
    String auditFailure() {
        String f = auditFailure;
        return f != null ? f : refusal;
    }
}
