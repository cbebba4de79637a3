package dev.runbook.cli;

import dev.runbook.error.Messages;
import dev.runbook.audit.Actor;
import dev.runbook.audit.Anchor;
import dev.runbook.audit.AuditLogLocation;
import dev.runbook.audit.Checkpointer;
import dev.runbook.exec.Sleeper;
import java.util.List;
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

    /**
     * Attaches the resolved anchors to a run's log (null when there are none): each checkpoint is posted after its
     * record is forced, failures are reported on stderr, and a heartbeat thread posts while a step runs.
     */
    static Checkpointer anchors(CliContext context, HashChainedAuditLog log, AnchorConfig.Resolved resolved) {
        if (resolved == null || !resolved.any()) {
            return null;
        }
        List<Anchor> anchors = AnchorConfig.openAll(resolved, context.clock());
        Checkpointer c = new Checkpointer(log, anchors, context.clock(),
                Checkpointer.Settings.defaults(resolved.required()), Sleeper.SYSTEM, line -> {
                    context.err().println(line);
                    context.err().flush();
                }).attach();
        c.startHeartbeat(HEARTBEAT_TICK);
        return c;
    }

    /** How often the heartbeat thread looks whether one is due (it posts every 5 minutes while a step runs). */
    private static final java.time.Duration HEARTBEAT_TICK = java.time.Duration.ofSeconds(15);

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
