package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;


import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook audit}: the append-only, hash-chained audit log. */
final class AuditCommand implements Runnable {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "The append-only, tamper-evident audit log.";

    CommandSpec spec;

    static CommandSpec spec(CliContext context) {
        AuditCommand c = new AuditCommand();
        c.spec = command(c, "audit", SUMMARY);
        examples(c.spec, "runbook audit verify", "runbook audit show --run RUN_ID",
                "runbook audit export RUN_ID --out DIR");
        c.spec.addSubcommand("verify", AuditVerifyCommand.spec(context));
        c.spec.addSubcommand("show", AuditShowCommand.spec(context));
        c.spec.addSubcommand("export", AuditExportCommand.spec(context));
        return withStandardHelp(c.spec);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify, show or export");
    }
}
