package dev.runbook.exec;

/**
 * What to do on resume with a mutating step that was started but has no recorded outcome: apply it again, count it
 * as done, or stop the run.
 */
public enum InDoubtChoice {
    RERUN, MARK_DONE, ABORT
}
