package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook audit verify}: Check the audit log's hash chain and print its head hash. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the audit log's hash chain and print its head hash.")
final class AuditVerifyCommand extends NotImplementedYet {
    @Spec
    CommandSpec spec;


    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The audit log (default: the user's).")
    String file;

    @Override
    CommandSpec spec() {
        return spec;
    }
}
