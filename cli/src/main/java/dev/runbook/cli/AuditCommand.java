package dev.runbook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook audit}: the append-only, hash-chained audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The append-only, tamper-evident audit log.",
        subcommands = {AuditVerifyCommand.class, AuditShowCommand.class})
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify or show");
    }
}
