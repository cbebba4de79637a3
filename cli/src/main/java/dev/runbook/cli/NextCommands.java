package dev.runbook.cli;

import static dev.runbook.util.Shell.quote;

import dev.runbook.exec.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commands that follow a run, printed so that nobody has to work them out at 3 a.m.: {@code runbook resume
 * RUN_ID} (the last line) for a run that failed, was interrupted or declined (or stopped on its audit log), and
 * {@code runbook report RUN_ID} (in the drill summary) for a drill; each with {@code --audit-log FILE} when the run
 * was given one.
 *
 * @param auditLog the {@code --audit-log} given to the command, or null (the default log)
 * @param drill whether the run is a drill
 */
record NextCommands(String auditLog, boolean drill) {
    /** The command that continues the run, or null when there is nothing to continue (or it cannot be continued). */
    String resume(String runId, RunStatus status) {
        switch (status) {
            case FAILED:
            case DECLINED:
            case INTERRUPTED:
            case AUDIT_FAILED:
                return "runbook resume " + quote(runId) + logOption();
            case AWAITING_APPROVAL:
                return "runbook resume " + quote(runId) + " --approval FILE..." + logOption();
            default:
                // succeeded, planned, or rolled back (a rollback is not continued: resume refuses it)
                return null;
        }
    }

    /** The command that shows the drill's report, or null for a run that is not a drill. */
    String report(String runId, RunStatus status) {
        return drill && status != RunStatus.PLANNED ? "runbook report " + quote(runId) + logOption() : null;
    }

    /** The fields {@code run-finished} carries with {@code --output json}: {@code resumeCommand}, {@code reportCommand}. */
    Map<String, Object> fields(String runId, RunStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resumeCommand", resume(runId, status));
        m.put("reportCommand", report(runId, status));
        return m;
    }

    private String logOption() {
        return auditLog == null ? "" : " --audit-log " + quote(auditLog);
    }
}
