package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook runs}: The runs recorded in the audit log, newest first, with their status. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "The runs recorded in the audit log, newest first, with their status.")
final class RunsCommand extends NotImplementedYet {
    @Spec
    CommandSpec spec;


    @Option(names = "--output", defaultValue = "text", description = "text or json.")
    String output;

    @Override
    CommandSpec spec() {
        return spec;
    }
}
