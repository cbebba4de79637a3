package dev.runbook.cli;

import dev.runbook.cli.console.TerminalText;
import dev.runbook.error.RunbookException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code runbook} command and the composition root: builds the command line and maps outcomes to exit codes. */
public final class Main implements Runnable, CommandLine.IParameterExceptionHandler {
    /**
     * The subcommands, in the order help lists them. {@link #commandLine} builds and registers only the one a
     * command line names: building the others would load the types they mention (JLine's among them) on every start.
     * {@code help} is picocli's own command, built from its annotations, registered only with all the others.
     */
    static final List<String> COMMANDS = List.of("validate", "run", "resume", "plan", "approve", "graph", "list", "actions", "schema",
            "runs", "audit", "report", "test", "history", "help");

    /**
     * The model of one subcommand, with its command object. A switch rather than a table of method references: each
     * reference is an invokedynamic call site linked at start-up, about 10 ms for the thirteen on a cold start.
     */
    static CommandSpec subcommand(String name, CliContext context) {
        switch (name) {
            case "validate": return ValidateCommand.spec(context);
            case "run": return RunCommand.spec(context);
            case "resume": return ResumeCommand.spec(context);
            case "plan": return PlanCommand.spec(context);
            case "approve": return ApproveCommand.spec(context);
            case "graph": return GraphCommand.spec(context);
            case "list": return ListCommand.spec(context);
            case "actions": return ActionsCommand.spec(context);
            case "schema": return SchemaCommand.spec(context);
            case "runs": return RunsCommand.spec(context);
            case "audit": return AuditCommand.spec(context);
            case "report": return ReportCommand.spec(context);
            case "test": return TestCommand.spec(context);
            case "history": return HistoryCommand.spec(context);
            case "help": return helpCommand();
            default: throw new IllegalArgumentException("no command " + name);
        }
    }

    /**
     * The one line that lists a command in {@code runbook --help}, or null for a command without one here (then
     * {@link #listed} builds the command itself). Each is its command's compile-time constant: naming it loads
     * nothing. {@code HelpTest} checks that the help lists each as the command itself would.
     */
    static String summary(String name) {
        switch (name) {
            case "validate": return ValidateCommand.SUMMARY;
            case "run": return RunCommand.SUMMARY;
            case "resume": return ResumeCommand.SUMMARY;
            case "plan": return PlanCommand.SUMMARY;
            case "approve": return ApproveCommand.SUMMARY;
            case "graph": return GraphCommand.SUMMARY;
            case "list": return ListCommand.SUMMARY;
            case "actions": return ActionsCommand.SUMMARY;
            case "schema": return SchemaCommand.SUMMARY;
            case "runs": return RunsCommand.SUMMARY;
            case "audit": return AuditCommand.SUMMARY;
            case "report": return ReportCommand.SUMMARY;
            case "test": return TestCommand.SUMMARY;
            case "history": return HistoryCommand.SUMMARY;
            case "help": return HELP_SUMMARY;
            default: return null;
        }
    }

    /** The first line of picocli's own {@code help} command's description. */
    static final String HELP_SUMMARY = "Display help information about the specified command.";

    /**
     * A subcommand as the root command's usage lists it: only its name and summary, when the command line is only
     * root options ({@code runbook --help}, or nothing): the usage needs no more, and building all fifteen commands
     * cost a quarter of that start (docs/performance.md). Any other command line gets the real commands.
     */
    static CommandSpec listed(String name, CliContext context) {
        String summary = summary(name);
        if (summary == null) {
            return subcommand(name, context);
        }
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(summary);
        return spec;
    }

    /** picocli's {@code help} command, with an example like every other command. */
    private static CommandSpec helpCommand() {
        CommandSpec help = CommandSpec.forAnnotatedObject(new CommandLine.HelpCommand());
        CommandSpecs.examples(help, "runbook help run", "runbook help audit verify");
        return help;
    }

    GlobalOptions global;

    CommandSpec spec;

    /** The root command: the global and standard help options, the version, and the help text around the commands. */
    static CommandSpec spec() {
        Main main = new Main();
        CommandSpec spec = CommandSpecs.command(main, "runbook",
                "Check and execute declarative disaster-recovery and incident runbooks.",
                "Checks declarative disaster-recovery and incident runbooks before anything runs, and executes them "
                        + "at a terminal: every step shown, risky steps behind confirmation, a dry-run of exactly what "
                        + "would be called, and a tamper-evident audit log.");
        main.spec = spec;
        main.global = GlobalOptions.addTo(spec);
        spec.versionProvider(new VersionProvider());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put(" 0", "success: valid, or the run completed");
        exitCodes.put(" 1", "a step failed, a check was false, or a rollback ran");
        exitCodes.put(" 2", "invalid input: usage, runbook, parameters, or an unreadable file");
        exitCodes.put(" 3", "stopped by the operator, or a prompt needed with no terminal and no answer");
        exitCodes.put(" 4", "the audit log failed verification or could not be written");
        exitCodes.put(" 5", "waiting for approval: 'runbook approve', then 'runbook resume RUN_ID --approval FILE'");
        exitCodes.put("70", "an internal error (a bug): please report it; --debug shows the stack");
        exitCodes.put("130", "interrupted (Ctrl-C)");
        exitCodes.put("143", "stopped by SIGTERM (129: by SIGHUP); recorded as interrupted, as an abort");
        spec.usageMessage()
                .autoWidth(true)
                .commandListHeading("%nCommands:%n")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes)
                .footerHeading("%nExamples:%n")
                .footer("  runbook validate runbooks/",
                        "  runbook run lambda-alias-rollback.yaml -p function=orders-api --dry-run",
                        "  runbook help run",
                        "",
                        "Documentation: docs/ in the source tree. Run 'runbook COMMAND --help' for a command's options.");
        return CommandSpecs.withStandardHelp(spec);
    }

    @Override
    public void run() {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        names.remove("help");
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", names));
    }

    /** A usage error: one line and where the help is (UsageErrors), exit 2. The root's, so nothing loads before one. */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        return UsageErrors.report(ex);
    }

    public static void main(String[] args) {
        // Standard output is flushed where it matters, not at every line: after each run event, before each prompt and
        // at exit (a 10,000-step plan would otherwise be ~50,000 write calls). Standard error flushes every line.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        if (isDebug(args)) {
            // read by DiagnosticLog when logging first starts: --debug also shows the diagnostic log
            System.setProperty("runbook.log.level", "DEBUG");
        }
        // Prompts need a terminal to read from (standard input) and one to show them on (standard output, else
        // standard error: `runbook run X | tee incident.log` still asks). System.console() is both, and needs no probe.
        boolean console = System.console() != null;
        boolean outputTerminal = console || isTerminal(1);
        boolean terminal = console || isTerminal(0) && (outputTerminal || isTerminal(2));
        CliContext context = new CliContext(out, err, System.in, System.getenv(), terminal, Clock.systemUTC(),
                isDebug(args), outputTerminal);
        int code = execute(args, context);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Whether a standard stream is a terminal, without loading JLine (and without a class of its own, which the
     * start-up archive would miss): on Linux {@code /proc/self/fd/N} names the file the descriptor is open on, a
     * terminal being {@code /dev/pts/N}, {@code /dev/ttyN} or {@code /dev/console}. Elsewhere the answer is no.
     */
    private static boolean isTerminal(int fd) {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/self/fd/" + fd))
                    .toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the command line with the given context and returns the exit code; never calls System.exit. */
    public static int execute(String[] args, CliContext context) {
        CommandLine cmd = commandLine(context, args);
        return cmd.execute(args);
    }

    /** The command line for {@code args}: only the subcommand it names, or all (as listed only, for root options). */
    static CommandLine commandLine(CliContext context, String[] args) {
        return commandLine(context, isVersionOnly(args), commandNamed(args), isOptionsOnly(args));
    }

    /** Every command, fully built: for the shell completion and man pages. */
    static CommandLine commandTree(CliContext context) {
        return commandLine(context, false, null, false);
    }

    private static CommandLine commandLine(CliContext context, boolean versionOnly, String named, boolean listOnly) {
        // picocli's documented switches, read when it starts: no option here has a java.sql or java.time type, and
        // no command is a Groovy closure. Without them, every start registers about twenty converters by reflection
        // and looks for groovy.lang.Closure, a class-path miss that opens the whole 30 MB jar.
        setIfAbsent("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        setIfAbsent("picocli.disable.closures", "true");
        CommandLine cmd = new CommandLine(spec());
        // Before the settings below: picocli applies them only to the subcommands registered at the time.
        if (!versionOnly) {
            for (String c : COMMANDS) {
                if (named == null || named.equals(c)) {
                    cmd.addSubcommand(c, listOnly ? listed(c, context) : subcommand(c, context));
                }
            }
        }
        cmd.setOut(context.out());
        cmd.setErr(context.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpLongOptionsMaxWidth(30);
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(
                context.color(false) ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cmd.setExitCodeExceptionMapper(Main::exitCodeOf);
        cmd.setParameterExceptionHandler((Main) cmd.getCommandSpec().userObject());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof RunbookException) {
                err.println("runbook: " + TerminalText.text(ex.getMessage()));
                if (context.debug()) {
                    ex.printStackTrace(err);
                }
            } else {
                err.println("runbook: internal error (a bug in runbook " + VersionProvider.version() + "): "
                        + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
                if (context.debug()) {
                    ex.printStackTrace(err);
                } else {
                    err.println("Please report it with the output of the same command run with --debug.");
                }
            }
            err.flush();
            return exitCodeOf(ex);
        });
        return cmd;
    }

    /**
     * The subcommand a command line names (its first word that is not an option), or null when it names none, an
     * unknown one, or {@code help}: then every subcommand is registered, for the usage, suggestions and help.
     */
    static String commandNamed(String[] args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            return COMMANDS.contains(a) && !a.equals("help") ? a : null;
        }
        return null;
    }

    /** A command line of root options only (or none): it runs no subcommand, at most lists them. */
    static boolean isOptionsOnly(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** {@code runbook --version} (or {@code -V}) alone: it needs no subcommand. */
    static boolean isVersionOnly(String[] args) {
        for (String a : args) {
            if (!a.equals("--version") && !a.equals("-V")) {
                return false;
            }
        }
        return args.length > 0;
    }

    /** The one exception-to-exit-code table. */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof RunbookException) {
            return ExitCodes.of(((RunbookException) ex).reason());
        }
        if (ex instanceof CommandLine.ParameterException) {
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.INTERNAL;
    }

    static boolean isDebug(String[] args) {
        int end = Arrays.asList(args).indexOf("--");
        String[] flags = end < 0 ? args : Arrays.copyOf(args, end);
        return Arrays.asList(flags).contains("--debug");
    }
}
