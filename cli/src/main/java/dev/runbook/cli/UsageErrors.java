package dev.runbook.cli;

import dev.runbook.cli.console.TerminalText;
import dev.runbook.util.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a usage error is shown: one line saying what is wrong (with a "did you mean" for a mistyped command or option),
 * then where the help is, instead of the whole help text, which pushes the mistake off a small terminal. Loaded
 * only when there is a usage error.
 */
final class UsageErrors {
    private UsageErrors() {
    }

    /** Prints the error to the erring command's standard error and returns exit 2. */
    static int report(ParameterException ex) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(TerminalText.text(name + ": " + problem(ex)));
        err.println("Try '" + name + " --help'.");
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    /** The one line: what is wrong, and the likely intended word. */
    static String problem(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException)) {
            return ex.getMessage();
        }
        UnmatchedArgumentException unmatched = (UnmatchedArgumentException) ex;
        List<String> words = unmatched.getUnmatched();
        if (words.isEmpty()) {
            return ex.getMessage();
        }
        String word = words.get(0);
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String what;
        List<String> candidates = new ArrayList<>();
        if (unmatched.isUnknownOption()) {
            int eq = word.indexOf('=');
            word = eq > 0 ? word.substring(0, eq) : word;
            what = "unknown option";
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    candidates.addAll(List.of(option.names()));
                }
            }
        } else if (!spec.subcommands().isEmpty()) {
            what = "unknown command";
            for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
                if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                    candidates.add(sub.getKey());
                }
            }
        } else {
            what = "unexpected argument";
        }
        String problem = what + " '" + word + "'";
        String hint = Suggestions.closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
        return words.size() > 1 && hint.isEmpty() ? problem + " (and " + (words.size() - 1) + " more)" : problem + hint;
    }
}
