package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.positional;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.audit.Anchor;
import dev.runbook.audit.AnchorCheck;
import dev.runbook.audit.AuditExport;
import dev.runbook.error.Messages;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook audit export RUN_ID --out DIR}: a run's records, their checkpoints and a manifest, for an auditor. */
final class AuditExportCommand implements Callable<Integer> {
    private final CliContext context;

    String runId;

    String out;

    String auditLog;

    List<String> anchors = new ArrayList<>();

    AuditExportCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        AuditExportCommand c = new AuditExportCommand(context);
        CommandSpec spec = command(c, "export", "Write a run's records, checkpoints and a manifest to a folder.",
                "Write the part of the audit log that holds a run (its records, and those of other runs written in "
                + "between: links of the same chain), the checkpoints of it that the anchors hold, and MANIFEST.md "
                + "(what each file is, its SHA-256, the command that verifies the folder offline). "
                + "'runbook audit verify DIR' then checks it alone.");
        examples(spec, "runbook audit export r-20261122-0300-ab12 --out ./evidence --anchor s3://audit-anchors/laptop");
        spec.usageMessage().sortOptions(false);
        AwsOptionsMixin.addTo(spec, context);
        spec.addPositional(positional().index("0").arity("1").paramLabel("RUN_ID").type(String.class)
                .description("The run (see 'runbook runs').").setter(set((String v) -> c.runId = v)).build());
        spec.addOption(option("--out").paramLabel("DIR").type(String.class).required(true)
                .description("The folder to write (created; must be empty if it exists).")
                .setter(set((String v) -> c.out = v)).build());
        spec.addOption(auditLogOption(CommandSpecs.AUDIT_LOG, v -> c.auditLog = v));
        ExecutionOptionsMixin.addAnchorOptions(spec, () -> c.anchors, v -> c.anchors = v);
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.existing(context, auditLog);
        Path dir = Path.of(out);
        try {
            if (Files.exists(dir) && (!Files.isDirectory(dir) || hasEntries(dir))) {
                throw RunbookException.invalid("--out " + dir + ": " + (Files.isDirectory(dir)
                        ? "the folder is not empty" : "it is a file") + "; give a new or empty folder");
            }
        } catch (IOException e) {
            throw RunbookException.invalid("--out " + dir + ": cannot be read: " + Messages.describe(e));
        }
        AnchorConfig.Resolved resolved = AnchorConfig.resolve(context, anchors, null, false);
        List<Anchor> opened = AnchorConfig.openAll(resolved, context.clock());
        try {
            List<AnchorCheck.Listing> listings = AnchorCheck.read(opened);
            for (AnchorCheck.Listing l : listings) {
                if (l.error() != null) {
                    throw RunbookException.invalid("anchor " + l.anchor() + ": cannot be read: " + l.error());
                }
            }
            AuditExport.Exported e;
            try {
                e = AuditExport.export(log, runId, listings, dir);
            } catch (IOException io) {
                throw RunbookException.invalid(dir + ": cannot be written: " + Messages.describe(io));
            }
            context.out().println("exported run " + runId + " to " + dir + ": " + ValidateCommand.plural(e.records(),
                    "record") + " (seq " + e.firstSeq() + " to " + e.lastSeq() + "), "
                    + ValidateCommand.plural(e.checkpoints(), "checkpoint") + ", " + AuditExport.MANIFEST);
            if (opened.isEmpty()) {
                context.out().println("warning: no anchor given (--anchor, RUNBOOK_ANCHOR or the config file): the "
                        + "export carries no checkpoint, so it proves the chain's links only");
            }
            context.out().println("verify it with: runbook audit verify " + dir);
            return ExitCodes.OK;
        } finally {
            opened.forEach(Anchor::close);
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
