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
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex.getArgSpec() == null && ex.getValue() != null && !spec.subcommands().isEmpty()
                && !spec.subcommands().containsKey(ex.getValue())) {
            // 'runbook help rnu': picocli's help command names a command that does not exist
            return unknown("unknown command", ex.getValue(), commandNames(spec));
        }
        if (!(ex instanceof UnmatchedArgumentException)) {
            return ex.getMessage();
        }
        UnmatchedArgumentException unmatched = (UnmatchedArgumentException) ex;
        List<String> words = unmatched.getUnmatched();
        if (words.isEmpty()) {
            return ex.getMessage();
        }
        String word = words.get(0);
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
            candidates = commandNames(spec);
        } else {
            what = "unexpected argument";
        }
        String problem = unknown(what, word, candidates);
        return words.size() > 1 && !problem.contains("; did you mean")
                ? problem + " (and " + (words.size() - 1) + " more)" : problem;
    }

    /** {@code unknown option '--dryrun'; did you mean '--dry-run'?}, the question only when a candidate is near. */
    private static String unknown(String what, String word, List<String> candidates) {
        return what + " '" + word + "'"
                + Suggestions.closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    private static List<String> commandNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                names.add(sub.getKey());
            }
        }
        return names;
    }
}
