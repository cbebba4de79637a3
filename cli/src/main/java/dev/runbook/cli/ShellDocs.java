package dev.runbook.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Build time only (the {@code package} phase runs it; nothing at run time refers to it): writes, from the command
 * line's own model, the shell completion script {@code completion/runbook} (picocli's {@link AutoComplete}; bash,
 * and zsh through its bash compatibility) and one man page per command, {@code man/man1/runbook.1},
 * {@code runbook-run.1}, {@code runbook-audit-verify.1} and so on. picocli-codegen's ManPageGenerator writes
 * AsciiDoc that needs Asciidoctor to become a man page, and no Asciidoctor resolves here: the pages are written as
 * troff (the man macros) directly.
 */
final class ShellDocs {
    private ShellDocs() {
    }

    /** {@code args[0]}: the output folder (cli/target). */
    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args[0]);
        CommandLine root = commandTree();
        Path completion = Files.createDirectories(out.resolve("completion"));
        Files.writeString(completion.resolve("runbook"), AutoComplete.bash("runbook", root), StandardCharsets.UTF_8);
        Path man = Files.createDirectories(out.resolve("man/man1"));
        for (CommandLine command : withSubcommands(root)) {
            Files.writeString(man.resolve(pageName(command.getCommandSpec()) + ".1"), page(command),
                    StandardCharsets.UTF_8);
        }
    }

    /** The whole command line, every command registered, as {@code runbook --help} builds it. */
    static CommandLine commandTree() {
        CliContext context = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Map.of(), false, Clock.systemUTC(), false);
        CommandLine root = Main.commandTree(context);
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return root;
    }

    /** {@code command} and every command under it, depth first. */
    static List<CommandLine> withSubcommands(CommandLine command) {
        List<CommandLine> all = new ArrayList<>(List.of(command));
        for (CommandLine sub : command.getSubcommands().values()) {
            all.addAll(withSubcommands(sub));
        }
        return all;
    }

    /** {@code runbook}, {@code runbook-run}, {@code runbook-audit-verify}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** One man page, in the man macros. */
    static String page(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        spec.usageMessage().autoWidth(false).width(78);
        String[] description = spec.usageMessage().description();
        String[] header = spec.usageMessage().header();
        StringBuilder b = new StringBuilder();
        b.append(".TH \"").append(pageName(spec).toUpperCase(Locale.ROOT)).append("\" 1 \"\" \"runbook ")
                .append(escape(VersionProvider.version())).append("\" \"runbook manual\"\n");
        b.append(".SH NAME\n").append(escape(pageName(spec))).append(" \\- ")
                .append(escape(summary(spec))).append('\n');
        b.append(".SH SYNOPSIS\n.nf\n").append(escape(command.getHelp().synopsis(0).stripTrailing())).append("\n.fi\n");
        b.append(".SH DESCRIPTION\n");
        // the summary (the first line, unless there is a header) is the NAME line's already, unless it is all there is
        for (int i = header.length == 0 && description.length > 1 ? 1 : 0; i < description.length; i++) {
            b.append(".PP\n").append(escape(description[i])).append('\n');
        }
        if (!spec.positionalParameters().isEmpty() || !spec.options().isEmpty()) {
            b.append(".SH OPTIONS\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            b.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n")
                    .append(escape(text(p.description(), p.defaultValue()))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            b.append(".TP\n");
            String[] names = o.names();
            for (int i = 0; i < names.length; i++) {
                b.append(i == 0 ? "" : ", ").append("\\fB").append(escape(names[i])).append("\\fR");
            }
            if (o.arity().max() > 0) {
                b.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            b.append('\n').append(escape(text(o.description(), o.defaultValue()))).append('\n');
        }
        if (!command.getSubcommands().isEmpty()) {
            b.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
                b.append(".TP\n\\fB").append(escape(sub.getKey())).append("\\fR\n")
                        .append(escape(summary(sub.getValue().getCommandSpec()))).append("\nSee \\fB")
                        .append(escape(pageName(sub.getValue().getCommandSpec()))).append("\\fR(1).\n");
            }
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            b.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : exitCodes.entrySet()) {
                b.append(".TP\n\\fB").append(escape(e.getKey().strip())).append("\\fR\n")
                        .append(escape(e.getValue())).append('\n');
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            b.append(".SH EXAMPLES\n.nf\n");
            for (String line : footer) {
                b.append(escape(line)).append('\n');
            }
            b.append(".fi\n");
        }
        b.append(".SH SEE ALSO\n");
        CommandSpec parent = spec.parent();
        b.append(parent == null ? "The documentation in docs/ of the source tree."
                : "\\fB" + escape(pageName(parent)) + "\\fR(1)").append('\n');
        return b.toString();
    }

    /** The one-line summary, as the command list shows it: the header, else the description's first line. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    /** An option's description lines as one paragraph, with picocli's ${DEFAULT-VALUE} filled in. */
    private static String text(String[] description, String defaultValue) {
        return String.join(" ", description).replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
    }

    /** Text for troff: backslashes and hyphens escaped, and no line starting with a control character. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder();
        // picocli's help texts are format strings: %n is a line break, %% a percent sign
        String plain = text.replace("%n", "").replace("%%", "%");
        for (String line : plain.replace("\\", "\\e").replace("-", "\\-").split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return b.toString();
    }
}
