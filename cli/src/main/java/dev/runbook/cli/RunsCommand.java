package dev.runbook.cli;

import dev.runbook.audit.AuditReader;
import dev.runbook.audit.RunSummary;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runbook runs}: the runs recorded in the audit log, newest first, with their status. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"The runs recorded in the audit log, newest first: id, runbook, status, start, end and whether "
                + "it was a drill. 'unfinished' means the log has no end for the run: it is still running, or its "
                + "process died ('runbook resume ID' continues it)."})
final class RunsCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT", description = "text (default) or json.")
    OutputFormat output;

    @Option(names = "--audit-log", paramLabel = "FILE", description = "The audit log (default: the one 'runbook run' "
            + "writes to).")
    String auditLog;

    RunsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.location(context, auditLog);
        List<RunSummary> runs;
        try {
            runs = Files.exists(log) ? AuditReader.runs(log) : List.of();
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + e.getMessage());
        }
        if (output == OutputFormat.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunSummary r : runs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", r.id());
                row.put("runbook", r.runbook());
                row.put("status", r.status());
                row.put("started", r.started());
                row.put("finished", r.finished());
                row.put("drill", r.drill());
                rows.add(row);
            }
            context.out().println(Json.pretty(rows));
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            context.out().println("no runs recorded in " + log);
            return ExitCodes.OK;
        }
        int idWidth = 2;
        int nameWidth = 7;
        for (RunSummary r : runs) {
            idWidth = Math.max(idWidth, r.id().length());
            nameWidth = Math.max(nameWidth, String.valueOf(r.runbook()).length());
        }
        String format = "%-" + idWidth + "s  %-" + nameWidth + "s  %-12s  %-24s  %-24s  %s";
        context.out().println(String.format(format, "ID", "RUNBOOK", "STATUS", "STARTED", "FINISHED", "DRILL")
                .stripTrailing());
        for (RunSummary r : runs) {
            context.out().println(String.format(format, r.id(), r.runbook(), r.status(), r.started(),
                    r.finished() == null ? "-" : r.finished(), r.drill() ? "drill" : "").stripTrailing());
        }
        return ExitCodes.OK;
    }
}
