package dev.runbook.cli;

import dev.runbook.cli.console.TerminalText;
import dev.runbook.error.Messages;
import static dev.runbook.cli.CommandSpecs.AUDIT_LOG;
import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

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
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook runs}: the runs recorded in the audit log, newest first, with their status. */
final class RunsCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "List the runs recorded in the audit log, newest first.";

    private final CliContext context;

    OutputFormat output;

    String auditLog;

    RunsCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        RunsCommand c = new RunsCommand(context);
        CommandSpec spec = command(c, "runs", SUMMARY,
                "The runs recorded in the audit log, newest first: id, runbook, status, "
                + "start, end and mode (run, preflight, tabletop or drill). 'unfinished' means the log has no end for the run: it is "
                + "still running, or its process died ('runbook resume ID' continues it).");
        examples(spec, "runbook runs", "runbook runs --output json");
        spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        spec.addOption(auditLogOption(AUDIT_LOG, v -> c.auditLog = v));
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.location(context, auditLog);
        List<RunSummary> runs;
        try {
            runs = Files.exists(log) ? AuditReader.runs(log) : List.of();
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
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
                row.put("mode", r.displayMode());
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
        context.out().println(String.format(format, "ID", "RUNBOOK", "STATUS", "STARTED", "FINISHED", "MODE")
                .stripTrailing());
        for (RunSummary r : runs) {
            context.out().println(TerminalText.line(String.format(format, r.id(), r.runbook(), r.status(), r.started(),
                    r.finished() == null ? "-" : r.finished(), r.displayMode()).stripTrailing()));
        }
        return ExitCodes.OK;
    }
}
