package dev.runbook.cli;

import dev.runbook.cli.console.TerminalText;
import dev.runbook.error.Messages;
import static dev.runbook.cli.CommandSpecs.AUDIT_LOG;
import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook audit show}: the audit records, one line each, or as stored ({@code --output json}). */
final class AuditShowCommand implements Callable<Integer> {
    private final CliContext context;

    String runId;

    OutputFormat output;

    String auditLog;

    AuditShowCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        AuditShowCommand c = new AuditShowCommand(context);
        CommandSpec spec = command(c, "show", "Print the audit records, oldest first.",
                "The audit records, oldest first: one line each, or with --output json "
                + "the records exactly as stored (JSON Lines). Does not check the chain: see 'runbook audit verify'.");
        examples(spec, "runbook audit show --run RUN_ID", "runbook audit show --output json");
        spec.addOption(option("--run").paramLabel("RUN_ID").type(String.class)
                .description("Only the records of this run.").setter(set((String v) -> c.runId = v)).build());
        spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        spec.addOption(auditLogOption(AUDIT_LOG, v -> c.auditLog = v));
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.existing(context, auditLog);
        List<AuditRecord> records;
        try {
            records = AuditReader.records(log, runId);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
        }
        if (runId != null && records.isEmpty()) {
            throw RunbookException.invalid("no run '" + runId + "' in the audit log " + log
                    + " (see 'runbook runs')");
        }
        for (AuditRecord r : records) {
            context.out().println(output == OutputFormat.json ? r.raw() : TerminalText.line(text(r)));
        }
        return ExitCodes.OK;
    }

    static String text(AuditRecord r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%6d  %s  %-24s %-18s", r.seq(), r.ts(), r.runId().orElse("-"), r.event()));
        r.step().ifPresent(s -> b.append(' ').append(s));
        String detail = detail(r);
        if (!detail.isEmpty()) {
            b.append("  ").append(detail);
        }
        return b.toString();
    }

    private static String detail(AuditRecord r) {
        JsonNode f = r.fields();
        switch (r.event()) {
            case "run-started":
            case "run-resumed":
                return r.text("runbook").orElse("") + " (" + r.text("path").orElse("?") + ", sha256 "
                        + r.text("sha256").map(s -> s.substring(0, Math.min(12, s.length()))).orElse("?")
                        + ") by " + f.path("actor").path("user").asText("?") + "@" + f.path("actor").path("host")
                        .asText("?") + (f.path("drill").asBoolean(false) ? ", drill" : "") + ", params "
                        + f.path("params");
            case "step-started":
                return f.path("action").asText() + " (" + f.path("kind").asText() + "), attempt "
                        + f.path("attempt").asInt(1) + ", inputs " + f.path("inputs");
            case "prompt-asked":
                return f.path("question").asText();
            case "prompt-answered":
                return f.path("decision").asText() + " by " + String.join(", ",
                        RecordLists.texts(f.path("decidedBy")));
            case "torn-tail":
                return f.path("length").asLong() + " torn bytes at offset " + f.path("offset").asLong()
                        + ", sha256 " + f.path("sha256").asText();
            default:
                StringBuilder b = new StringBuilder();
                if (f.has("error")) {
                    b.append(f.path("error").asText());
                } else if (f.has("message")) {
                    b.append(f.path("message").asText());
                }
                if (f.has("outputs")) {
                    b.append(b.length() == 0 ? "" : "; ").append("outputs ").append(f.path("outputs"));
                }
                return b.toString();
        }
    }

    /** Small helper for JSON arrays of text. */
    static final class RecordLists {
        private RecordLists() {
        }

        static List<String> texts(JsonNode array) {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (JsonNode n : array) {
                out.add(n.asText());
            }
            return out;
        }
    }
}
