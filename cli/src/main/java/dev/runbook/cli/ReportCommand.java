package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook report}: The timeline of a run or drill against its objectives. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "The timeline of a run or drill against its objectives.")
final class ReportCommand extends NotImplementedYet {
    @Spec
    CommandSpec spec;


    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The id of the run.")
    String runId;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown, json, junit or html.")
    String format;

    @Override
    CommandSpec spec() {
        return spec;
    }
}
