package dev.runbook.exec;

/**
 * The durable record of a run (the audit log). The executor calls {@link #append} synchronously and in order, from
 * one thread at a time, with events whose secrets are already replaced; it appends {@link RunEvent.StepStarted} and
 * {@link RunEvent.UndoStarted} before the action runs (write-ahead). When an append throws, the run stops before any
 * further action and ends as {@link RunStatus#AUDIT_FAILED}. Display-only events ({@link RunEvent#recorded()} false)
 * are not sent here.
 */
public interface RunJournal {

    void append(RunEvent event) throws JournalException;

    /** A journal that records nothing. */
    RunJournal NONE = event -> { };
}
