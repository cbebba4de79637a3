package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook audit show}: The audit records, as text or JSON. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "The audit records, as text or JSON.")
final class AuditShowCommand extends NotImplementedYet {
    @Spec
    CommandSpec spec;


    @Option(names = "--run", paramLabel = "RUN_ID", description = "Only the records of this run.")
    String runId;

    @Option(names = "--output", defaultValue = "text", description = "text or json.")
    String output;

    @Override
    CommandSpec spec() {
        return spec;
    }
}
