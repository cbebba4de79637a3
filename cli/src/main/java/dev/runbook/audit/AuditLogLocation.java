package dev.runbook.audit;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where the audit log is by default: {@code RUNBOOK_AUDIT_LOG} if set, else {@code $XDG_STATE_HOME/runbook/audit.jsonl},
 * else {@code ~/.local/state/runbook/audit.jsonl}. The environment is passed in, never read from the process.
 */
public final class AuditLogLocation {
    private AuditLogLocation() {
    }

    /** The log to use: {@code explicit} (an {@code --audit-log} value) when given, else the default above. */
    public static Path resolve(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit);
        }
        String override = env.get("RUNBOOK_AUDIT_LOG");
        if (override != null && !override.isBlank()) {
            return Paths.get(override);
        }
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank()) {
            return Paths.get(state, "runbook", "audit.jsonl");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Paths.get(home, ".local", "state", "runbook", "audit.jsonl");
    }
}
