package dev.runbook.cli;

import dev.runbook.error.Messages;
import static dev.runbook.cli.CommandSpecs.AUDIT_LOG;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.positional;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.VerifyResult;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook audit verify [FILE]}: recomputes the hash chain and reports the first bad line, or the head hash. */
final class AuditVerifyCommand implements Callable<Integer> {
    private final CliContext context;

    String file;

    String allowedSigners;

    AuditVerifyCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        AuditVerifyCommand c = new AuditVerifyCommand(context);
        CommandSpec spec = command(c, "verify", "Check the audit log's hash chain and print its head hash.",
                "Check the audit log's hash chain: every record's hash, sequence and "
                + "link to the one before. Prints the head hash when the log is intact (post it in the incident "
                + "channel: anyone can later prove the log up to it was not altered), else the first bad line and "
                + "why: edited, deleted, reordered, inserted, torn or not JSON. Exit 0 when intact, 4 when not.");
        examples(spec, "runbook audit verify", "runbook audit verify /var/log/runbook/audit.jsonl");
        spec.addPositional(positional().index("0").arity("0..1").paramLabel("FILE").type(String.class)
                .description(AUDIT_LOG).setter(set((String v) -> c.file = v)).build());
        spec.addOption(CommandSpecs.option("--allowed-signers").paramLabel("FILE").type(String.class)
                .description("The SSH allowed-signers file to re-verify SSH approvals against (default: the one"
                        + " each approval was verified against when it was recorded).")
                .setter(set((String v) -> c.allowedSigners = v)).build());
        return withStandardHelp(spec);
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.existing(context, file);
        VerifyResult r;
        try {
            r = new AuditVerifier().verify(log);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + Messages.describe(e));
        }
        String torn = r.tornAccounted() == 0 ? "" : ", " + r.tornAccounted() + " torn "
                + (r.tornAccounted() == 1 ? "write" : "writes") + " accounted for";
        if (r.valid()) {
            context.out().println(log + ": intact, " + ValidateCommand.plural(r.records(), "record") + torn);
            context.out().println("head " + r.head() + " (seq " + r.headSeq() + ")");
            return ApprovalAudit.check(context, log, allowedSigners) ? ExitCodes.OK : ExitCodes.AUDIT;
        }
        context.err().println("runbook: " + log + ":" + r.line() + ": " + r.problem().label() + ": " + r.message());
        context.err().println("the " + ValidateCommand.plural(r.records(), "record") + " before line " + r.line() + " are intact" + torn + "; last intact head " + r.head()
                + " (seq " + r.headSeq() + ")");
        return ExitCodes.AUDIT;
    }
}
