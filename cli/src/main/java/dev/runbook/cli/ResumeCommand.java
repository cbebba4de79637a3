package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook resume}: Continue an interrupted or failed run from the audit log. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue an interrupted or failed run from the audit log.")
final class ResumeCommand extends NotImplementedYet {
    @Spec
    CommandSpec spec;


    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The id of the run to continue.")
    String runId;

    @Override
    CommandSpec spec() {
        return spec;
    }
}
