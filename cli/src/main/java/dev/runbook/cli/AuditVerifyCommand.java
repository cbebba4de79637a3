package dev.runbook.cli;

import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.VerifyResult;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code runbook audit verify [FILE]}: recomputes the hash chain and reports the first bad line, or the head hash. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the audit log's hash chain: every record's hash, sequence and link to the one before. "
                + "Prints the head hash when the log is intact (post it in the incident channel: anyone can later "
                + "prove the log up to it was not altered), else the first bad line and why: edited, deleted, "
                + "reordered, inserted, torn or not JSON. Exit 0 when intact, 4 when not."})
final class AuditVerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The audit log (default: the one 'runbook run' writes to).")
    String file;

    AuditVerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path log = AuditWiring.existing(context, file);
        VerifyResult r;
        try {
            r = new AuditVerifier().verify(log);
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + e.getMessage());
        }
        String torn = r.tornAccounted() == 0 ? "" : ", " + r.tornAccounted() + " torn "
                + (r.tornAccounted() == 1 ? "write" : "writes") + " accounted for";
        if (r.valid()) {
            context.out().println(log + ": intact, " + ValidateCommand.plural(r.records(), "record") + torn);
            context.out().println("head " + r.head() + " (seq " + r.headSeq() + ")");
            return ExitCodes.OK;
        }
        context.err().println("runbook: " + log + ":" + r.line() + ": " + r.problem().label() + ": " + r.message());
        context.err().println("the " + ValidateCommand.plural(r.records(), "record") + " before line " + r.line() + " are intact" + torn + "; last intact head " + r.head()
                + " (seq " + r.headSeq() + ")");
        return ExitCodes.AUDIT;
    }
}
