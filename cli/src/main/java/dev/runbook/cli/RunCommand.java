package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook run FILE}: executes a runbook. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Execute a runbook at the terminal.")
final class RunCommand extends NotImplementedYet {
    @Spec
    CommandSpec spec;


    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    String file;

    @Override
    CommandSpec spec() {
        return spec;
    }
}
