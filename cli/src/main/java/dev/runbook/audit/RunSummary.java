package dev.runbook.audit;

/**
 * One run as the audit log tells it: its id, runbook name, status ({@code succeeded}, {@code failed},
 * {@code interrupted}..., or {@code unfinished} when the log has no end for it: still running, or the process died),
 * first start and last end (UTC text; null while unfinished), whether it was a drill, and the mode its start record
 * gives ({@code run}, {@code preflight}, {@code tabletop}; null in logs written before modes were recorded).
 */
public record RunSummary(String id, String runbook, String status, String started, String finished, boolean drill,
        String mode) {

    /** What {@code runbook runs} shows: {@code preflight}, {@code drill} or {@code run}. */
    public String displayMode() {
        if (mode != null && !mode.equals("run")) {
            return mode;
        }
        return drill ? "drill" : "run";
    }
}
