package dev.runbook.cli;

import dev.runbook.cli.console.TerminalText;
import dev.runbook.error.Messages;
import static dev.runbook.cli.CommandSpecs.AUDIT_LOG;
import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.positional;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.error.RunbookException;
import dev.runbook.model.Durations;
import dev.runbook.report.DrillHistory;
import dev.runbook.report.DrillReport;
import dev.runbook.report.JsonReport;
import dev.runbook.report.Objective;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook history NAME}: the drills of a runbook over time, with the RTO and RPO each achieved. */
final class HistoryCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Show a runbook's drills over time, with RTO and RPO.";

    private static final int SPARK_WIDTH = 60;
    private final CliContext context;

    String name;

    OutputFormat output;

    String auditLog;

    HistoryCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        HistoryCommand c = new HistoryCommand(context);
        CommandSpec spec = command(c, "history", SUMMARY,
                "The drills of a runbook over time, newest first by drill date (the incident start): date, run, status, "
                + "RTO and RPO achieved against their targets, and who ran it; then a sparkline of the RTO per drill, "
                + "oldest to newest (_ the fastest, # the slowest, ? not measured).");
        examples(spec, "runbook history backup-restore-drill");
        spec.addPositional(positional().index("0").required(true).paramLabel("NAME").type(String.class)
                .description("The runbook's name (its 'name:' field).").setter(set((String v) -> c.name = v)).build());
        spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        spec.addOption(auditLogOption(AUDIT_LOG, v -> c.auditLog = v));
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.existing(context, auditLog);
        List<DrillReport> drills;
        try {
            drills = DrillHistory.of(log, name);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
        }
        if (output == OutputFormat.json) {
            List<Object> rows = new ArrayList<>();
            for (DrillReport d : drills) {
                Map<String, Object> tree = JsonReport.tree(d);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run", tree.get("run"));
                row.put("objectives", tree.get("objectives"));
                rows.add(row);
            }
            context.out().println(Json.pretty(rows));
            return ExitCodes.OK;
        }
        if (drills.isEmpty()) {
            context.out().println("no drills of '" + name + "' in " + log + " (run it with 'runbook run FILE --drill')");
            return ExitCodes.OK;
        }
        context.out().println("drills of " + TerminalText.line(name) + ", newest first by drill date (the incident"
                + " start):");
        String format = "%-20s  %-24s  %-11s  %-22s  %-22s  %s";
        context.out().println(String.format(format, "DATE", "RUN", "STATUS", "RTO (TARGET)", "RPO (TARGET)", "BY")
                .stripTrailing());
        List<Duration> rtos = new ArrayList<>();
        for (DrillReport d : drills) {
            context.out().println(String.format(format, d.incidentStart().truncatedTo(ChronoUnit.SECONDS),
                    d.timeline().runId(), d.timeline().status(), cell(d.rto()), cell(d.rpo()),
                    TerminalText.line(d.timeline().operator())).stripTrailing());
            rtos.add(0, d.rto().achieved());
        }
        // one character per drill, the newest ones, so that the line fits a terminal; min and max are theirs
        String last = rtos.size() > SPARK_WIDTH ? " (the last " + SPARK_WIDTH + " of " + rtos.size() + ")" : "";
        List<Duration> shown = rtos.subList(Math.max(0, rtos.size() - SPARK_WIDTH), rtos.size());
        Duration min = null;
        Duration max = null;
        for (Duration r : shown) {
            if (r != null) {
                min = min == null || r.compareTo(min) < 0 ? r : min;
                max = max == null || r.compareTo(max) > 0 ? r : max;
            }
        }
        context.out().println();
        context.out().println("RTO per drill, oldest to newest" + last + ": " + DrillHistory.sparkline(shown)
                + (min == null ? "" : "  min " + Durations.format(min) + ", max " + Durations.format(max)));
        return ExitCodes.OK;
    }

    static String cell(Objective o) {
        String achieved = o.achieved() == null ? "-" : Durations.format(o.achieved());
        String target = o.target() == null ? "" : " (" + Durations.format(o.target()) + ")";
        String verdict = o.notRecovered() ? " not recovered"
                : o.achieved() == null ? " not measured"
                : o.met() == null ? "" : o.met() ? " met" : " MISSED";
        return achieved + target + verdict;
    }
}
