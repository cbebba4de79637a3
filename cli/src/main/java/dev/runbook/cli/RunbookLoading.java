package dev.runbook.cli;

import dev.runbook.action.ActionRegistry;
import dev.runbook.cli.console.ProblemPrinter;
import dev.runbook.cli.console.Style;
import dev.runbook.error.RunbookException;
import dev.runbook.library.Validation;
import dev.runbook.library.Validator;
import dev.runbook.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Loads the one runbook a command works on: validates it completely first; on errors prints every diagnostic to
 * standard error and stops with exit 2, so nothing runs from a runbook that is not valid.
 */
final class RunbookLoading {
    private RunbookLoading() {
    }

    static Validation loadValid(CliContext context, String file, ActionRegistry registry, boolean noColor) {
        Path path = Paths.get(file);
        if (!Files.exists(path)) {
            throw RunbookException.invalid(file + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw RunbookException.invalid(file + ": is a folder; give one runbook file");
        }
        Validation v = new Validator(registry).validate(path);
        if (!v.valid()) {
            ProblemPrinter printer = new ProblemPrinter(context.err(), new Style(context.color(noColor)))
                    .hide(v.secretDefaultTexts(), v.secretDefaultLocations());
            for (Problem p : v.problems()) {
                if (p.isError()) {
                    printer.print(p);
                }
            }
            throw RunbookException.invalid(file + " is not valid: " + ValidateCommand.plural(v.errors(), "error")
                    + " (run 'runbook validate " + file + "' for details)");
        }
        return v;
    }
}
