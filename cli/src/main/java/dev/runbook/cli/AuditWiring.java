package dev.runbook.cli;

import dev.runbook.error.Messages;
import dev.runbook.audit.Actor;
import dev.runbook.audit.AuditLogLocation;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import dev.runbook.audit.Sha256;
import dev.runbook.error.RunbookException;
import dev.runbook.model.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the commands find the audit log, and how a run opens it with what it records about the runbook. */
final class AuditWiring {
    private AuditWiring() {
    }

    /** The log named by {@code --audit-log}, else by the environment of the context. */
    static Path location(CliContext context, String explicit) {
        return AuditLogLocation.resolve(explicit, context.env());
    }

    /** An existing log to read; a missing one is invalid input (exit 2). */
    static Path existing(CliContext context, String explicit) {
        Path log = location(context, explicit);
        if (!Files.isRegularFile(log)) {
            throw RunbookException.invalid("no audit log at " + log + (explicit == null
                    ? " (set --audit-log or RUNBOOK_AUDIT_LOG to read another)" : ""));
        }
        return log;
    }

    /** Opens the log for a run of {@code runbook}: exit 4 here, before any step, if it cannot be written. */
    static HashChainedAuditLog open(CliContext context, String explicit, Runbook runbook, boolean drill) {
        Path file = Paths.get(runbook.file()).toAbsolutePath().normalize();
        String sha;
        try {
            sha = Sha256.ofFile(file);
        } catch (IOException e) {
            throw RunbookException.invalid(runbook.file() + ": cannot be read: " + Messages.describe(e));
        }
        RunOrigin origin = new RunOrigin(file.toString(), sha, Actor.current(), VersionProvider.version(), drill);
        return HashChainedAuditLog.open(location(context, explicit), origin, true, context.clock());
    }
}
