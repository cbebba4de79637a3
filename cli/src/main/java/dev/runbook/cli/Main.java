package dev.runbook.cli;

import dev.runbook.error.RunbookException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code runbook} command and the composition root: builds the command line and maps outcomes to exit codes. */
@Command(
        name = "runbook",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Checks declarative disaster-recovery and incident runbooks before anything runs, and executes them "
                    + "at a terminal: every step shown, risky steps behind confirmation, a dry-run of exactly what "
                    + "would be called, and a tamper-evident audit log.",
        },
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success: valid, or the run completed",
            " 1:a step failed, a check was false, or a rollback ran",
            " 2:invalid input: usage, runbook, parameters, or an unreadable file",
            " 3:stopped by the operator, or a prompt needed with no terminal and no answer",
            " 4:the audit log failed verification or could not be written",
            "70:an internal error (a bug): please report it; --debug shows the stack",
            "130:interrupted (Ctrl-C)",
        },
        footer = {"", "Documentation: docs/ in the source tree. Run 'runbook COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Not in the annotation: picocli would reflect over every one of
     * them (and load the types they mention, JLine's among them) on every start; {@link #commandLine} registers only
     * the one a command line names.
     */
    static final List<Class<?>> COMMANDS = List.of(
            ValidateCommand.class,
            RunCommand.class,
            ResumeCommand.class,
            GraphCommand.class,
            ListCommand.class,
            ActionsCommand.class,
            SchemaCommand.class,
            RunsCommand.class,
            AuditCommand.class,
            ReportCommand.class,
            TestCommand.class,
            HistoryCommand.class,
            CommandLine.HelpCommand.class);

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        if (isDebug(args)) {
            // read by logback.xml when logging first starts: --debug also shows the diagnostic log
            System.setProperty("runbook.log.level", "DEBUG");
        }
        boolean terminal = System.console() != null;
        CliContext context = new CliContext(out, err, System.in, System.getenv(), terminal, Clock.systemUTC(), isDebug(args));
        int code = execute(args, context);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given context and returns the exit code; never calls System.exit. */
    public static int execute(String[] args, CliContext context) {
        CommandLine cmd = commandLine(context, args);
        return cmd.execute(args);
    }

    static CommandLine commandLine(CliContext context, String[] args) {
        CommandLine cmd = new CommandLine(new Main(), new CommandFactory(context));
        // Before the settings below: picocli applies them only to the subcommands registered at the time.
        String named = commandNamed(args);
        for (Class<?> c : COMMANDS) {
            if (named == null || named.equals(c.getAnnotation(Command.class).name())) {
                cmd.addSubcommand(c);
            }
        }
        cmd.setOut(context.out());
        cmd.setErr(context.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpLongOptionsMaxWidth(30);
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(
                context.color(false) ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cmd.setExitCodeExceptionMapper(Main::exitCodeOf);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof RunbookException) {
                err.println("runbook: " + ex.getMessage());
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
            for (Class<?> c : COMMANDS) {
                String name = c.getAnnotation(Command.class).name();
                if (name.equals(a) && c != CommandLine.HelpCommand.class) {
                    return name;
                }
            }
            return null;
        }
        return null;
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
