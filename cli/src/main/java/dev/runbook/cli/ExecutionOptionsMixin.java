package dev.runbook.cli;

import dev.runbook.error.RunbookException;
import dev.runbook.exec.InDoubtChoice;
import dev.runbook.exec.Mode;
import dev.runbook.model.Runbook;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of every command that executes steps ({@code run}, {@code resume}): answers, parallelism, output. */
final class ExecutionOptionsMixin {
    @Option(names = {"-y", "--yes"}, description = "Answer y/N prompts and manual checklists with yes "
            + "(never typed confirmations or approvals).")
    boolean yes;

    @Option(names = "--confirm", paramLabel = "STEP=VALUE", description = "Answer the typed confirmation of STEP (repeatable).")
    Map<String, String> confirms = new LinkedHashMap<>();

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "How many independent steps may run at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (default) or json: one JSON event per line, for CI.")
    OutputFormat output;

    /** Checks what can be checked before the runbook is read. */
    void checkArguments() {
        if (parallel < 1) {
            throw RunbookException.invalid("--parallel must be at least 1, got " + parallel);
        }
    }

    /** Every {@code --confirm} names a step of the runbook ({@code where} names the runbook in the message). */
    void checkConfirms(Runbook runbook, String where) {
        for (String step : confirms.keySet()) {
            if (runbook.step(step).isEmpty()) {
                throw RunbookException.invalid("--confirm names step '" + step + "', which " + where + " does not have");
            }
        }
    }

    RunCommand.Settings settings(Mode mode, InDoubtChoice inDoubt) {
        return new RunCommand.Settings(yes, confirms, parallel, output, mode, inDoubt);
    }
}
