package dev.runbook.exec;

import dev.runbook.action.Kind;

/**
 * The durable record of a run (the audit log). The executor calls {@link #append} synchronously and in order, from
 * one thread at a time, with events whose secrets are already replaced. Display-only events
 * ({@link RunEvent#recorded()} false) are not sent here.
 *
 * <p>Write-ahead with group commit: {@link #append} may keep a record in memory; {@link #force} puts everything
 * appended so far on disk. The executor ({@code EventChannel}) forces at exactly these points
 * ({@link #forcesAfter}): after the {@link RunEvent.StepStarted} of a mutating step and the {@link RunEvent.UndoStarted}
 * of a mutating undo (so their start is on disk before the action runs, and everything before them before the next
 * mutating action), after every {@link RunEvent.PromptAsked} and before a display-only prompt is shown, and after the
 * run's end ({@link RunEvent.RunFinished}). Records in between (read-only steps' starts and ends, outcomes, retries)
 * ride on the next force. When an append or a force throws, the run stops before any further action and ends as
 * {@link RunStatus#AUDIT_FAILED}.
 */
public interface RunJournal {

    void append(RunEvent event) throws JournalException;

    /** Puts every record appended so far on disk; nothing to do for a journal that writes each record at once. */
    default void force() throws JournalException {
    }

    /** The write-ahead rule: whether the journal is forced right after appending this event. */
    static boolean forcesAfter(RunEvent e) {
        if (e instanceof RunEvent.StepStarted) {
            return ((RunEvent.StepStarted) e).kind() == Kind.MUTATING;
        }
        if (e instanceof RunEvent.UndoStarted) {
            return ((RunEvent.UndoStarted) e).kind() == Kind.MUTATING;
        }
        return e instanceof RunEvent.PromptAsked || e instanceof RunEvent.RunFinished;
    }

    /** A journal that records nothing. */
    RunJournal NONE = event -> { };
}
