package dev.runbook.exec;

/**
 * A run in progress: wait for its result, or stop it from another thread (the CLI's Ctrl-C handler).
 */
public interface Execution {

    String runId();

    /** Waits for the end of the run; a bug in the engine is rethrown here as an IllegalStateException. */
    RunResult await();

    /**
     * Ctrl-C: asks the operator whether to abort (when no other prompt is open; during a prompt it aborts at once).
     * Returns true when the run is being aborted.
     */
    boolean interrupt();

    /** Aborts now: running actions are interrupted, no step starts, the run ends as {@link RunStatus#INTERRUPTED}. */
    void abort();

    /**
     * Aborts now, as {@link #abort()}, for a reason other than the operator's ("stopped by SIGTERM"). An
     * implementation should record the reason as the run's end message; this default records the operator's.
     */
    default void abort(String reason) {
        abort();
    }
}
