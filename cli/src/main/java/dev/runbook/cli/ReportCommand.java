package dev.runbook.cli;

import dev.runbook.error.Messages;
import static dev.runbook.cli.CommandSpecs.AUDIT_LOG;
import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.runIdParameter;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.audit.Anchor;
import dev.runbook.audit.AnchorCheck;
import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.Sha256;
import dev.runbook.audit.VerifyResult;
import dev.runbook.error.RunbookException;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.report.DrillReport;
import dev.runbook.report.EvidencePack;
import dev.runbook.report.ReportFormat;
import dev.runbook.report.RunTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook report RUN_ID}: the timeline of a run or drill against its objectives, from the audit log. */
final class ReportCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Report a run or drill: its timeline against its objectives.";

    private final CliContext context;

    String runId;

    ReportFormat format;

    String auditLog;

    String evidence;

    boolean allowChanged;

    List<String> anchors = new java.util.ArrayList<>();

    ReportCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        ReportCommand c = new ReportCommand(context);
        CommandSpec spec = command(c, "report", SUMMARY,
                "The timeline of a run or drill against its objectives, made from the "
                + "audit log alone: per step start, end, duration, time waiting for people, status, attempts and who "
                + "confirmed; the RTO and RPO with target, achieved and met; time by phase. Markdown (with a Mermaid "
                + "gantt chart), JSON, JUnit XML for CI, or one self-contained HTML file. --evidence DIR writes "
                + "everything an auditor needs.");
        examples(spec,
                "runbook report RUN_ID",
                "runbook report RUN_ID --format html > drill.html",
                "runbook report RUN_ID --evidence evidence/");
        spec.usageMessage().sortOptions(false);
        spec.addPositional(runIdParameter("The id of the run (see 'runbook runs').", v -> c.runId = v));
        spec.addOption(option("--format").paramLabel("FORMAT").type(ReportFormat.class).defaultValue("markdown")
                .description("markdown (default), json, junit or html.")
                .setter(set((ReportFormat v) -> c.format = v)).build());
        spec.addOption(auditLogOption(AUDIT_LOG, v -> c.auditLog = v));
        spec.addOption(option("--evidence").paramLabel("DIR").type(String.class).description("Write an evidence pack "
                + "into DIR instead: the report in every format, the runbook file as run, the run's audit records, "
                + "the log's head hash and verification, and manifest.json with every file's SHA-256.")
                .setter(set((String v) -> c.evidence = v)).build());
        spec.addOption(option("--allow-changed").type(boolean.class).description("With --evidence: pack the runbook "
                + "file even though it changed since the run (as CHANGED-<name>).")
                .setter(set((Boolean v) -> c.allowChanged = v)).build());
        ExecutionOptionsMixin.addAnchorOptions(spec, () -> c.anchors, v -> c.anchors = v);
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() throws IOException {
        Path log = AuditWiring.existing(context, auditLog);
        List<AuditRecord> records;
        try {
            records = AuditReader.records(log, runId);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
        }
        if (records.isEmpty()) {
            throw RunbookException.invalid("no run " + runId + " in " + log + " (see 'runbook runs')");
        }
        RunTimeline timeline;
        try {
            timeline = RunTimeline.of(records);
        } catch (IllegalArgumentException e) {
            throw RunbookException.invalid("run " + runId + " in " + log + ": " + e.getMessage());
        }
        DrillReport report = DrillReport.of(timeline, timeline.measured().isPresent() ? null : runbookAsRun(timeline));
        if (evidence == null) {
            context.out().print(format.render(report));
            context.out().flush();
            return ExitCodes.OK;
        }
        VerifyResult verify = new AuditVerifier().verify(log);
        // the checkpoints the log's anchors hold (as configured for runs, or --anchor), for checkpoints.json
        List<Anchor> opened = AnchorConfig.openAll(AnchorConfig.resolve(context, anchors, null, false),
                context.clock());
        List<AnchorCheck.Listing> listings;
        try {
            listings = AnchorCheck.read(opened);
        } finally {
            opened.forEach(Anchor::close);
        }
        EvidencePack.Written written;
        try {
            written = EvidencePack.write(Paths.get(evidence), report, log, verify, VersionProvider.version(),
                    allowChanged, listings);
        } catch (IOException e) {
            throw RunbookException.invalid("cannot write the evidence pack to " + evidence + ": "
                    + Messages.describe(e));
        }
        for (String warning : written.warnings()) {
            context.err().println("runbook: warning: " + warning);
        }
        context.out().println("evidence pack for run " + runId + " in " + written.dir() + ": "
                + String.join(", ", written.files()));
        context.out().println("audit log head " + verify.head() + " (seq " + verify.headSeq() + ")"
                + (verify.valid() ? ", intact" : ", FAILS verification"));
        return verify.valid() ? ExitCodes.OK : ExitCodes.AUDIT;
    }

    /**
     * The runbook at the recorded path, when it is still the file that ran (same SHA-256): it gives an ordinary
     * run's report the phases and targets that only a drill records in the log.
     */
    private static Runbook runbookAsRun(RunTimeline t) {
        if (t.path() == null) {
            return null;
        }
        Path file = Paths.get(t.path());
        try {
            if (!Files.isRegularFile(file) || !Sha256.ofFile(file).equals(t.sha256())) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        ParseResult parsed = new RunbookParser().parse(file);
        return parsed.hasErrors() ? null : parsed.runbook();
    }
}
