package dev.runbook.cli;

import dev.runbook.error.Messages;
import static dev.runbook.cli.CommandSpecs.AUDIT_LOG;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.positional;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.audit.Anchor;
import dev.runbook.audit.AuditExport;
import dev.runbook.audit.AnchorCheck;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.FileAnchor;
import dev.runbook.audit.VerifyResult;
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

/**
 * {@code runbook audit verify [FILE|DIR]}: recomputes the hash chain and reports the first bad line, or the head hash;
 * with anchors, also compares the log with the checkpoints they hold; a folder made by {@code audit export} is
 * verified alone, against the checkpoints it carries.
 */
final class AuditVerifyCommand implements Callable<Integer> {
    private final CliContext context;

    String file;

    String allowedSigners;

    List<String> anchors = new ArrayList<>();

    String head;

    OutputFormat output;

    AuditVerifyCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        AuditVerifyCommand c = new AuditVerifyCommand(context);
        CommandSpec spec = command(c, "verify", "Check the audit log's hash chain and print its head hash.",
                "Check the audit log's hash chain: every record's hash, sequence and "
                + "link to the one before. Prints the head hash when the log is intact (post it in the incident "
                + "channel: anyone can later prove the log up to it was not altered), else the first bad line and "
                + "why: edited, deleted, reordered, inserted, torn or not JSON. With anchors (--anchor, "
                + "$RUNBOOK_ANCHOR or the config file) the log is also compared with their checkpoints: truncated, "
                + "replaced or deleted fail, an unanchored tail is a warning. A folder written by 'audit export' is "
                + "verified alone. Exit 0 when intact, 4 when not.");
        examples(spec, "runbook audit verify", "runbook audit verify /var/log/runbook/audit.jsonl",
                "runbook audit verify --anchor s3://audit-anchors/laptop-42",
                "runbook audit verify --head 5f0c...e1", "runbook audit verify ./export-r-20261122");
        spec.usageMessage().sortOptions(false);
        AwsOptionsMixin.addTo(spec, context);
        spec.addPositional(positional().index("0").arity("0..1").paramLabel("FILE").type(String.class)
                .description(AUDIT_LOG + " Or a folder written by 'runbook audit export'.")
                .setter(set((String v) -> c.file = v)).build());
        spec.addOption(CommandSpecs.option("--allowed-signers").paramLabel("FILE").type(String.class)
                .description("The SSH allowed-signers file to re-verify SSH approvals against (default: the one"
                        + " each approval was verified against when it was recorded).")
                .setter(set((String v) -> c.allowedSigners = v)).build());
        ExecutionOptionsMixin.addAnchorOptions(spec, () -> c.anchors, v -> c.anchors = v);
        spec.addOption(option("--head").paramLabel("HASH").type(String.class)
                .description("A head hash posted earlier: the log must still hold that record, with the chain up to "
                        + "it intact.")
                .setter(set((String v) -> c.head = v)).build());
        spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() {
        if (head != null && !head.matches("[0-9a-f]{64}")) {
            throw RunbookException.invalid("--head must be a head hash of 64 lower-case hex digits, got '" + head
                    + "'");
        }
        Path given = file == null ? null : Path.of(file);
        if (given != null && Files.isDirectory(given)) {
            return verifyExport(given);
        }
        AnchorConfig.Resolved resolved = AnchorConfig.resolve(context, anchors, null, false);
        Path log = AuditWiring.location(context, file);
        if (!resolved.any() && head == null) {
            return plain(AuditWiring.existing(context, file));
        }
        if (!resolved.any() && !Files.isRegularFile(log)) {
            AuditWiring.existing(context, file);
        }
        List<Anchor> opened = AnchorConfig.openAll(resolved, context.clock());
        try {
            return withAnchors(log, false, opened);
        } finally {
            opened.forEach(Anchor::close);
        }
    }

    /** Today's check alone: the chain. */
    private int plain(Path log) {
        VerifyResult r;
        try {
            r = new AuditVerifier().verify(log);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
        }
        if (output == OutputFormat.json) {
            context.out().println(Json.line(json(log, r, null, List.of())));
            return r.valid() ? ExitCodes.OK : ExitCodes.AUDIT;
        }
        printChain(log, r);
        // the chain holds: every approval it records is checked again (signatures offline, separation of duties)
        return r.valid() && ApprovalAudit.check(context, log, allowedSigners) ? ExitCodes.OK : ExitCodes.AUDIT;
    }

    private void printChain(Path log, VerifyResult r) {
        String torn = r.tornAccounted() == 0 ? "" : ", " + r.tornAccounted() + " torn "
                + (r.tornAccounted() == 1 ? "write" : "writes") + " accounted for";
        if (r.valid()) {
            context.out().println(log + ": intact, " + ValidateCommand.plural(r.records(), "record") + torn);
            context.out().println("head " + r.head() + " (seq " + r.headSeq() + ")");
            return;
        }
        context.err().println("runbook: " + log + ":" + r.line() + ": " + r.problem().label() + ": " + r.message());
        context.err().println("the " + ValidateCommand.plural(r.records(), "record") + " before line " + r.line()
                + " are intact" + torn + "; last intact head " + r.head() + " (seq " + r.headSeq() + ")");
    }

    /** A folder from {@code audit export}: its records against its checkpoints (or the --anchor given). */
    private int verifyExport(Path dir) {
        Path records = dir.resolve(AuditExport.RECORDS);
        if (!Files.isRegularFile(records)) {
            throw RunbookException.invalid(dir + " is a folder without " + AuditExport.RECORDS + ": not a folder "
                    + "written by 'runbook audit export'");
        }
        List<String> badSums = AuditExport.checkManifest(dir);
        List<Anchor> opened = new ArrayList<>();
        if (anchors.isEmpty()) {
            Path cps = dir.resolve(AuditExport.CHECKPOINTS);
            opened.add(new FileAnchor(cps.toUri().toString(), cps));
        } else {
            opened.addAll(AnchorConfig.openAll(AnchorConfig.resolve(context, anchors, null, false),
                    context.clock()));
        }
        try {
            int code = withAnchors(records, true, opened);
            for (String bad : badSums) {
                context.err().println("runbook: " + dir.resolve(AuditExport.MANIFEST) + ": " + bad);
            }
            return badSums.isEmpty() ? code : ExitCodes.AUDIT;
        } finally {
            opened.forEach(Anchor::close);
        }
    }

    private int withAnchors(Path log, boolean segment, List<Anchor> opened) {
        List<AnchorCheck.Listing> listings = AnchorCheck.read(opened);
        AnchorCheck.Result r;
        try {
            r = AnchorCheck.verify(log, segment, listings, head);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
        }
        boolean unreadable = listings.stream().anyMatch(l -> l.error() != null);
        boolean failed = !r.valid();
        int code = failed && (r.chain() != null || !r.findings().isEmpty()) ? ExitCodes.AUDIT
                : unreadable ? ExitCodes.INVALID_INPUT : r.chain() == null ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
        if (output == OutputFormat.json) {
            context.out().println(Json.line(json(log, r.chain(), r, listings)));
            return code;
        }
        if (r.chain() == null && r.findings().isEmpty()) {
            for (AnchorCheck.Listing l : listings) {
                if (l.error() != null) {
                    context.err().println("runbook: anchor " + l.anchor() + ": cannot be read: " + l.error());
                }
            }
            throw RunbookException.invalid("no audit log at " + log + (listings.stream().allMatch(
                    l -> l.error() == null) ? " (and the anchors hold no checkpoint)" : ""));
        }
        if (r.chain() != null) {
            printChain(log, r.chain());
        }
        for (AnchorCheck.Listing l : listings) {
            if (l.error() != null) {
                context.err().println("runbook: anchor " + l.anchor() + ": cannot be read: " + l.error());
            } else {
                long mine = r.chain() == null ? l.checkpoints().size() : l.checkpoints().stream()
                        .filter(c -> segment || c.log().equals(r.logId())).count();
                context.out().println("anchor " + l.anchor() + ": " + ValidateCommand.plural(mine, "checkpoint")
                        + (r.chain() == null ? "" : " of this log") + (mine == 0 ? "" : ", newest seq " + l.checkpoints().stream()
                        .filter(c -> segment || r.chain() == null || c.log().equals(r.logId()))
                        .mapToLong(c -> c.seq()).max().orElse(0)));
            }
        }
        if (r.headSeq() != null) {
            context.out().println("head " + head + " found at seq " + r.headSeq() + ": the log up to it is intact");
        }
        for (AnchorCheck.Finding f : r.findings()) {
            String where = f.anchor() == null ? "" : " (" + f.anchor() + ")";
            if (f.kind().fails()) {
                context.err().println("runbook: " + log + ": " + f.kind().label() + where + ": " + f.message());
            } else {
                context.out().println("warning: " + f.kind().label() + where + ": " + f.message());
            }
        }
        if (code == ExitCodes.OK && !segment && !ApprovalAudit.check(context, log, allowedSigners)) {
            return ExitCodes.AUDIT;
        }
        return code;
    }

    private static Map<String, Object> json(Path log, VerifyResult chain, AnchorCheck.Result r,
            List<AnchorCheck.Listing> listings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", log.toString());
        m.put("exists", chain != null);
        m.put("valid", r == null ? chain.valid() : r.valid());
        if (chain != null) {
            m.put("records", chain.records());
            m.put("head", chain.head());
            m.put("headSeq", chain.headSeq());
            m.put("tornAccounted", chain.tornAccounted());
            if (!chain.valid()) {
                m.put("problem", chain.problem().label());
                m.put("line", chain.line());
                m.put("message", chain.message());
            }
        }
        if (r != null) {
            m.put("logId", r.logId());
            List<Map<String, Object>> as = new ArrayList<>();
            for (AnchorCheck.Listing l : listings) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("anchor", l.anchor());
                a.put("checkpoints", l.checkpoints().size());
                if (l.error() != null) {
                    a.put("error", l.error());
                }
                as.add(a);
            }
            m.put("anchors", as);
            List<Map<String, Object>> fs = new ArrayList<>();
            for (AnchorCheck.Finding f : r.findings()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("finding", f.kind().label());
                x.put("fails", f.kind().fails());
                if (f.anchor() != null) {
                    x.put("anchor", f.anchor());
                }
                x.put("message", f.message());
                fs.add(x);
            }
            m.put("findings", fs);
            m.put("unanchored", r.unanchored());
            if (r.headSeq() != null) {
                m.put("postedHeadSeq", r.headSeq());
            }
        }
        return m;
    }
}
