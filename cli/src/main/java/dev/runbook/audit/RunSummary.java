package dev.runbook.audit;

/**
 * One run as the audit log tells it: its id, runbook name, status ({@code succeeded}, {@code failed},
 * {@code interrupted}..., or {@code unfinished} when the log has no end for it: still running, or the process died),
 * first start and last end (UTC text; null while unfinished), and whether it was a drill.
 */
public record RunSummary(String id, String runbook, String status, String started, String finished, boolean drill) {
}
