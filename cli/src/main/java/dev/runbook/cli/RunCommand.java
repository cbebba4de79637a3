package dev.runbook.cli;

import dev.runbook.action.ActionRegistry;
import dev.runbook.cli.console.JsonLinesRunListener;
import dev.runbook.cli.console.Style;
import dev.runbook.cli.console.TerminalConfirmer;
import dev.runbook.cli.console.TextRunListener;
import dev.runbook.error.RunbookException;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.exec.Confirmer;
import dev.runbook.exec.InDoubtChoice;
import dev.runbook.exec.RunJournal;
import dev.runbook.exec.Execution;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Executor;
import dev.runbook.exec.Mode;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.ScriptedConfirmer;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.params.ParameterBinder;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook run FILE}: validates, then executes a runbook, showing every step and asking before risky ones. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Execute a runbook: validated first (nothing runs from an invalid runbook), then every step is "
                + "shown as it starts and ends, with its prompts. Without a terminal no prompt waits: one that --yes or "
                + "--confirm does not answer stops the run with exit 3. Every event is recorded in the audit log "
                + "(not for --dry-run)."})
final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    AwsOptionsMixin aws;

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    String file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params-file", paramLabel = "FILE", description = "Parameter values from a YAML mapping; -p wins.")
    String paramsFile;

    static final class Modes {
        @Option(names = "--dry-run", description = "Execute nothing external: show each step, its action and rendered "
                + "inputs (the exact command or request), whether it mutates, and the prompts it would ask.")
        boolean dryRun;

        @Option(names = "--preflight", description = "Run the read-only steps for real; show the mutating ones as in --dry-run.")
        boolean preflight;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Modes modes = new Modes();

    @Option(names = "--drill", description = "Mark the run as a DR drill (recorded in the audit log and shown by "
            + "'runbook runs'): at the end the RTO and RPO achieved are measured, recorded and printed.")
    boolean drill;

    @Option(names = "--incident-start", paramLabel = "TIME", description = "With --drill: when the (simulated) "
            + "incident began, ISO-8601 (2026-11-22T03:00:00Z) or now-10m; the RTO is measured from it (default: "
            + "the run start).")
    String incidentStart;

    @Option(names = "--audit-log", paramLabel = "FILE", description = "The audit log to append to (default: "
            + "$RUNBOOK_AUDIT_LOG, else $XDG_STATE_HOME/runbook/audit.jsonl or ~/.local/state/runbook/audit.jsonl).")
    String auditLog;

    @picocli.CommandLine.Mixin
    ExecutionOptionsMixin execution;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        execution.checkArguments();
        ActionRegistry registry = Actions.registry();
        Runbook runbook = RunbookLoading.loadValid(context, file, registry, GlobalOptions.of(spec).noColor).runbook();
        execution.checkConfirms(runbook, file);
        Map<String, Object> values = ParameterBinder.bind(runbook, params, fileParams(), context.clock());
        Mode mode = modes.dryRun ? Mode.DRY_RUN : modes.preflight ? Mode.PREFLIGHT : Mode.RUN;
        Instant incident = DrillWiring.incidentStart(context, incidentStart, drill);
        // A dry-run changes nothing and is not audited; a real run opens its log before any step, so that a log
        // that cannot be written stops it with exit 4 before anything happens.
        try (HashChainedAuditLog log = mode == Mode.DRY_RUN ? null : AuditWiring.open(context, auditLog,
                runbook, drill)) {
            Settings settings = execution.settings(mode, null);
            RunResult result = runToEnd(context, spec, registry, runbook, values, RunState.fresh(),
                    log == null ? RunJournal.NONE : log, settings);
            if (drill && mode == Mode.RUN && log != null) {
                DrillWiring.measure(context, log, runbook, values, result, incident, execution.output);
            }
            return exitCode(result);
        }
    }

    /** The options a run shares with {@code resume}. */
    record Settings(boolean yes, Map<String, String> confirms, int parallel, OutputFormat output, Mode mode,
            InDoubtChoice inDoubt) {
    }

    /** Runs (or resumes) a runbook at the terminal or in a script, and returns the exit code for how it ended. */
    static int execute(CliContext context, CommandSpec spec, ActionRegistry registry, Runbook runbook,
            Map<String, Object> values, RunState state, RunJournal journal, Settings settings) throws IOException {
        return exitCode(runToEnd(context, spec, registry, runbook, values, state, journal, settings));
    }

    /** Runs (or resumes) a runbook and returns how it ended. */
    static RunResult runToEnd(CliContext context, CommandSpec spec, ActionRegistry registry, Runbook runbook,
            Map<String, Object> values, RunState state, RunJournal journal, Settings settings) throws IOException {
        boolean noColor = GlobalOptions.of(spec).noColor;
        Mode mode = settings.mode();
        Style style = new Style(context.color(noColor));
        ExecutionListener listener = settings.output() == OutputFormat.json
                ? new JsonLinesRunListener(context.out())
                : new TextRunListener(context.out(), style, context.terminal() && style.color());

        TerminalSession terminal = context.terminal() && mode != Mode.DRY_RUN ? TerminalSession.open(context) : null;
        try {
            TerminalConfirmer prompts = terminal == null ? null : terminal.confirmer(context, style, operator());
            Confirmer confirmer = prompts == null
                    ? ScriptedConfirmer.noTerminal(settings.yes(), settings.confirms())
                    : ScriptedConfirmer.overTerminal(settings.yes(), settings.confirms(), prompts);
            Executor executor = Executor.builder()
                    .registry(registry)
                    .confirmer(confirmer)
                    .listener(listener)
                    .journal(journal)
                    .clock(context.clock())
                    .parallelism(settings.parallel())
                    .mode(mode)
                    .operator(operator())
                    .inDoubt(settings.inDoubt())
                    .build();
            Execution execution = executor.start(runbook, values, state);
            if (prompts != null) {
                prompts.onInterrupt(execution::abort);
            }
            installInterruptHandler(context, terminal, execution);
            return execution.await();
        } finally {
            if (terminal != null) {
                terminal.close();
            }
        }
    }

    private Map<String, Object> fileParams() {
        if (paramsFile == null) {
            return Map.of();
        }
        Node node;
        try {
            node = YamlReader.read(Paths.get(paramsFile));
        } catch (YamlException e) {
            throw RunbookException.invalid("--params-file " + e.problem().format());
        }
        if (node instanceof Node.Scalar && ((Node.Scalar) node).value() == null) {
            return Map.of();
        }
        if (!(node instanceof Node.Mapping)) {
            throw RunbookException.invalid("--params-file " + node.location()
                    + ": expected a mapping of parameter names to values");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) node.toPlain();
        return plain;
    }

    /** Ctrl-C: the first asks whether to abort (the executor does the asking); a second exits at once with 130. */
    private static void installInterruptHandler(CliContext context, TerminalSession terminal, Execution execution) {
        if (context.in() != System.in) {
            return;
        }
        AtomicInteger presses = new AtomicInteger();
        Runnable handler = () -> {
            if (presses.incrementAndGet() > 1) {
                context.err().println("\nrunbook: interrupted again: exiting now (exit 130)");
                context.err().flush();
                context.out().flush();
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
            Thread asker = new Thread(() -> {
                boolean aborting = execution.interrupt();
                if (!aborting) {
                    presses.set(0);
                }
            }, "runbook-interrupt");
            asker.setDaemon(true);
            asker.start();
        };
        if (terminal != null) {
            terminal.onInterrupt(handler);
        } else {
            SignalHandlers.onInterrupt(handler);
        }
    }

    static int exitCode(RunResult result) {
        if (result.status() == RunStatus.SUCCEEDED || result.status() == RunStatus.PLANNED) {
            return ExitCodes.OK;
        }
        return result.failure().map(f -> ExitCodes.of(f.reason())).orElse(ExitCodes.STEP_FAILED);
    }

    static String operator() {
        return System.getProperty("user.name", "unknown");
    }
}
