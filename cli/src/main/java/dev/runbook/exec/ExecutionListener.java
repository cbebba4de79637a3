package dev.runbook.exec;

/**
 * Watches a run for display (text lines, JSON lines, progress). Receives every event, secrets already replaced, in
 * the order they happen; it cannot stop the run, and an exception it throws is ignored.
 */
public interface ExecutionListener {

    void on(RunEvent event);

    /** A listener that shows nothing. */
    ExecutionListener NONE = event -> { };
}
