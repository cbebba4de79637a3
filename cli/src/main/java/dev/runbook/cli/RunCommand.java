package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.fileParameter;
import static dev.runbook.cli.CommandSpecs.keyValueOption;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.paramOption;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.action.ActionRegistry;
import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalGate;
import dev.runbook.approval.Plan;
import dev.runbook.approval.ssh.AllowedSigners;
import dev.runbook.audit.Sha256;
import dev.runbook.cli.console.JsonLinesRunListener;
import dev.runbook.cli.console.Style;
import dev.runbook.cli.console.TerminalConfirmer;
import dev.runbook.cli.console.TextRunListener;
import dev.runbook.error.RunbookException;
import dev.runbook.audit.Checkpointer;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.LockingJournal;
import dev.runbook.report.DrillMarks;
import dev.runbook.exec.Confirmer;
import dev.runbook.exec.InDoubtChoice;
import dev.runbook.exec.RunJournal;
import dev.runbook.exec.Execution;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Executor;
import dev.runbook.exec.Mode;
import dev.runbook.exec.PromptForecast;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.ScriptedConfirmer;
import dev.runbook.exec.TabletopNotes;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.exec.Redactor;
import dev.runbook.model.Parameter;
import dev.runbook.params.ParameterBinder;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook run FILE}: validates, then executes a runbook, showing every step and asking before risky ones. */
final class RunCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Execute a runbook: every step shown, risky ones confirmed.";

    private final CliContext context;

    CommandSpec spec;

    AwsOptionsMixin aws;

    String file;

    Map<String, String> params = new LinkedHashMap<>();

    String paramsFile;

    /** --dry-run and --preflight: one or neither. */
    static final class Modes {
        boolean dryRun;

        boolean preflight;

        boolean tabletop;
    }

    Modes modes = new Modes();

    boolean drill;

    String incidentStart;

    /** {@code --exercise}, {@code --detected-at}, {@code --declared-at}: what the team states about a drill. */
    String exercise;

    String detectedAt;

    String declaredAt;

    String auditLog;

    /** {@code --participants}, {@code --notes-file} and {@code --note}: a tabletop's team and notes. */
    String participants;

    String notesFile;

    Map<String, String> notes = new LinkedHashMap<>();

    /** {@code --plan FILE}: the plan made by {@code runbook plan} that this run must be. */
    String planFile;

    ExecutionOptionsMixin execution;

    RunCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        RunCommand c = new RunCommand(context);
        c.spec = command(c, "run", SUMMARY,
                "Execute a runbook: validated first (nothing runs from an invalid runbook), then "
                + "every step is shown as it starts and ends, with its prompts. Without a terminal no prompt waits: one "
                + "that --yes or --confirm does not answer stops the run with exit 3. Every event is recorded in the "
                + "audit log (not for --dry-run).");
        examples(c.spec,
                "runbook run lambda-alias-rollback.yaml -p function=orders-api --dry-run",
                "runbook run lambda-alias-rollback.yaml -p function=orders-api",
                "runbook run backup-restore-drill.yaml --drill --incident-start now-10m",
                "runbook run backup-restore-drill.yaml --tabletop --participants alice,bob "
                        + "--note restore='who checks the restore point?'");
        c.spec.usageMessage().sortOptions(false);
        c.aws = AwsOptionsMixin.addTo(c.spec, context);
        c.spec.addPositional(fileParameter(v -> c.file = v));
        c.spec.addOption(paramOption("A parameter value (repeatable).", () -> c.params, v -> c.params = v));
        c.spec.addOption(option("--params-file").paramLabel("FILE").type(String.class)
                .description("Parameter values from a YAML mapping; -p wins.")
                .setter(set((String v) -> c.paramsFile = v)).build());
        c.spec.addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("0..1")
                .addArg(option("--dry-run").type(boolean.class).description("Execute nothing external: show each "
                        + "step, its action and rendered inputs (the exact command or request), whether it mutates, "
                        + "and the prompts it would ask.")
                        .setter(set((Boolean v) -> c.modes.dryRun = v)).build())
                .addArg(option("--preflight").type(boolean.class)
                        .description("Run the read-only steps for real; show the mutating ones as in --dry-run.")
                        .setter(set((Boolean v) -> c.modes.preflight = v)).build())
                .addArg(option("--tabletop").type(boolean.class).description("A walk-through: execute nothing (no "
                        + "AWS call, no command; no credentials needed), show every step in order with its "
                        + "instructions, inputs, prompts and undo, and record the team's note on each and who took "
                        + "part in the audit log and the report. Cannot be resumed.")
                        .setter(set((Boolean v) -> c.modes.tabletop = v)).build())
                .build());
        c.spec.addOption(option("--participants").paramLabel("NAME,NAME").type(String.class).description("With "
                + "--tabletop: who took part (asked at a terminal when not given; required without one).")
                .setter(set((String v) -> c.participants = v)).build());
        c.spec.addOption(keyValueOption("step", () -> c.notes, v -> c.notes = v, "--note").paramLabel("STEP=TEXT")
                .description("With --tabletop: the team's note on STEP (a gap, a question, ok); repeatable, wins over"
                        + " --notes-file; a step without one is asked at a terminal.").build());
        c.spec.addOption(option("--notes-file").paramLabel("FILE").type(String.class).description("With "
                + "--tabletop: notes from a YAML mapping of step ids to text.")
                .setter(set((String v) -> c.notesFile = v)).build());
        c.spec.addOption(option("--drill").type(boolean.class).description("Mark the run as a DR drill (recorded in "
                + "the audit log and shown by 'runbook runs'): at the end the RTO and RPO achieved are measured, "
                + "recorded and printed.")
                .setter(set((Boolean v) -> c.drill = v)).build());
        c.spec.addOption(option("--incident-start").paramLabel("TIME").type(String.class).description("With --drill: "
                + "when the (simulated) incident began, ISO-8601 (2026-11-22T03:00:00Z) or now-10m; the RTO is "
                + "measured from it (default: the run start).")
                .setter(set((String v) -> c.incidentStart = v)).build());
        c.spec.addOption(option("--exercise").paramLabel("TYPE").type(String.class).description("With --drill: the "
                + "kind of exercise for the scorecard: walk-through, simulation or full (a tabletop is --tabletop).")
                .setter(set((String v) -> c.exercise = v)).build());
        c.spec.addOption(option("--detected-at").paramLabel("TIME").type(String.class).description("With --drill: "
                + "when the disruption was detected, ISO-8601 or now-5m (not before --incident-start); the "
                + "scorecard shows the time to detect.")
                .setter(set((String v) -> c.detectedAt = v)).build());
        c.spec.addOption(option("--declared-at").paramLabel("TIME").type(String.class).description("With --drill: "
                + "when the disaster was declared, ISO-8601 or now-2m (not before the detection); the scorecard "
                + "shows the RTO achieved from it and the time to declare.")
                .setter(set((String v) -> c.declaredAt = v)).build());
        c.spec.addOption(auditLogOption("The audit log to append to (default: $RUNBOOK_AUDIT_LOG, else "
                + "$XDG_STATE_HOME/runbook/audit.jsonl or ~/.local/state/runbook/audit.jsonl).", v -> c.auditLog = v));
        c.spec.addOption(option("--plan").paramLabel("PLAN.json").type(String.class).description("Run exactly the "
                + "plan made by 'runbook plan' (the one approvers approved): refused (exit 2), naming what differs,"
                + " when the runbook's bytes or the parameters are not the plan's, or the plan file was changed.")
                .setter(set((String v) -> c.planFile = v)).build());
        c.execution = ExecutionOptionsMixin.addTo(c.spec);
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() throws IOException {
        execution.checkArguments(context);
        ActionRegistry registry = Actions.registry();
        Runbook runbook = RunbookLoading.loadValid(context, file, registry, GlobalOptions.of(spec).noColor).runbook();
        execution.checkConfirms(runbook, file);
        Map<String, Object> values = ParameterBinder.bind(runbook, params, fileParams(), context.clock());
        Mode mode = modes.dryRun ? Mode.DRY_RUN : modes.preflight ? Mode.PREFLIGHT : modes.tabletop
                ? Mode.TABLETOP : Mode.RUN;
        Tabletop tabletop = tabletop(runbook);
        Instant incident = DrillWiring.incidentStart(context, incidentStart, drill);
        DrillMarks marks = DrillWiring.marks(context, drill, incident, exercise, detectedAt, declaredAt);
        ApprovalGate gate = approvalGate(registry, runbook, values, mode);
        // A dry-run changes nothing and is not audited; a real run opens its log before any step, so that a log
        // that cannot be written stops it with exit 4 before anything happens.
        // The run's lock is taken before its first record and held to the end, so no resume can take it over.
        try (HashChainedAuditLog log = mode == Mode.DRY_RUN ? null : AuditWiring.open(context, auditLog,
                runbook, drill);
                Checkpointer anchors = log == null ? null : AuditWiring.anchors(context, log,
                        execution.resolvedAnchors);
                LockingJournal journal = log == null ? null : new LockingJournal(log, log.file(), context.clock())) {
            Settings settings = execution.settings(mode, null).withApprovals(gate);
            NextCommands next = new NextCommands(auditLog, drill && mode == Mode.RUN);
            RunJournal recorded = journal == null ? RunJournal.NONE : anchors == null ? journal : anchors.guard(journal);
            RunResult result = runToEnd(context, spec, registry, runbook, values, RunState.fresh(),
                    recorded, settings, next, tabletop);
            if (drill && mode == Mode.RUN && log != null) {
                DrillWiring.measure(context, log, runbook, values, result, incident, marks, execution.output,
                        next);
            }
            printNext(context, settings, next, result);
            return exitCode(result);
        }
    }

    /** The tabletop's team and notes with --tabletop (null without); its options without it are exit 2. */
    private Tabletop tabletop(Runbook runbook) {
        if (!modes.tabletop) {
            String stray = participants != null ? "--participants" : notesFile != null ? "--notes-file"
                    : !notes.isEmpty() ? "--note" : null;
            if (stray != null) {
                throw RunbookException.invalid(stray + " is for a tabletop: add --tabletop");
            }
            return null;
        }
        if (planFile != null) {
            throw RunbookException.invalid("--plan is for a real run: a tabletop executes nothing");
        }
        if ((participants == null || Tabletop.split(participants).isEmpty()) && !context.terminal()) {
            throw new dev.runbook.exec.PromptUnavailableException("a tabletop records who took part, and there is no"
                    + " terminal to ask (nothing has run): pass --participants NAME,NAME");
        }
        return Tabletop.of(runbook, file, participants, notesFile, notes);
    }

    /**
     * The run's plan ({@code --plan}, checked against this run: exit 2 naming what differs; else made now when a step
     * needs approvals) and the approvals given; null when the run has neither a plan nor approval steps.
     */
    private ApprovalGate approvalGate(ActionRegistry registry, Runbook runbook, Map<String, Object> values,
            Mode mode) {
        List<Approval> given = ApprovalWiring.approvals(execution.approvals);
        ApprovalWiring.checkSteps(runbook, given);
        if (!given.isEmpty() && planFile == null) {
            // a run without --plan makes a plan of its own, which no approval made before it can name
            throw RunbookException.invalid("--approval needs --plan PLAN.json, the plan the approvals approve (make"
                    + " one with 'runbook plan'); a waiting run takes them with 'runbook resume RUN_ID --approval'");
        }
        boolean needed = ApprovalWiring.needsApprovals(runbook);
        AllowedSigners allowed = needed || execution.allowedSigners != null
                ? ApprovalWiring.allowedSigners(execution.allowedSigners, runbook) : null;
        Plan plan = null;
        if (planFile != null) {
            plan = Plan.read(Paths.get(planFile));
            String sha;
            try {
                sha = Sha256.ofFile(Paths.get(runbook.file()));
            } catch (IOException e) {
                throw RunbookException.invalid(runbook.file() + ": cannot be read: " + e.getMessage());
            }
            List<String> differences = plan.differences(sha, values, ApprovalWiring.secrets(runbook));
            if (!differences.isEmpty()) {
                throw RunbookException.invalid("--plan " + planFile + " is not the plan of this run: "
                        + String.join("; ", differences) + " (make a new plan and have it approved again)");
            }
        } else if (needed && mode == Mode.RUN) {
            plan = ApprovalWiring.makePlan(context, registry, runbook, values, Map.of());
        }
        return plan == null ? null : ApprovalWiring.gate(context, plan, given, allowed, auditLog);
    }

    /** The options a run shares with {@code resume}. */
    record Settings(boolean yes, Map<String, String> confirms, List<String> acks, int parallel, OutputFormat output,
            Mode mode, InDoubtChoice inDoubt, ApprovalGate approvals) {
        /** The same settings with the run's plan and approvals. */
        Settings withApprovals(ApprovalGate gate) {
            return new Settings(yes, confirms, acks, parallel, output, mode, inDoubt, gate);
        }
    }

    /**
     * The last line of a text run that can be continued: the command that does it (a drill's summary has the one
     * that reports it; with {@code --output json} both are fields of {@code run-finished}).
     */
    static void printNext(CliContext context, Settings settings, NextCommands next, RunResult result) {
        if (settings.output() == OutputFormat.json || settings.mode() != Mode.RUN) {
            return;
        }
        String resume = next.resume(result.runId(), result.status());
        if (resume != null) {
            context.out().println("to continue: " + resume);
            context.out().flush();
        }
    }

    /** A secret value too short to be masked inside other text is masked only where it stands alone: say so. */
    private static void warnShortSecrets(CliContext context, Runbook runbook, Map<String, Object> values) {
        for (Parameter p : runbook.parameters().values()) {
            if (p.secret() && Redactor.hasShortText(values.get(p.name()))) {
                context.err().println("runbook: warning: " + Redactor.shortSecretWarning("parameter '" + p.name()
                        + "'"));
            }
        }
    }

    /** Runs (or resumes) a runbook and returns how it ended. */
    static RunResult runToEnd(CliContext context, CommandSpec spec, ActionRegistry registry, Runbook runbook,
            Map<String, Object> values, RunState state, RunJournal journal, Settings settings, NextCommands next)
            throws IOException {
        return runToEnd(context, spec, registry, runbook, values, state, journal, settings, next, null);
    }

    /** As above; {@code tabletop}: the team and notes of a {@code --tabletop} (null for any other run). */
    static RunResult runToEnd(CliContext context, CommandSpec spec, ActionRegistry registry, Runbook runbook,
            Map<String, Object> values, RunState state, RunJournal journal, Settings settings, NextCommands next,
            Tabletop tabletop) throws IOException {
        boolean noColor = GlobalOptions.of(spec).noColor;
        Mode mode = settings.mode();
        warnShortSecrets(context, runbook, values);
        Style style = new Style(context.color(noColor));
        TerminalSession terminal = context.terminal() && mode != Mode.DRY_RUN ? TerminalSession.open(context) : null;
        TextRunListener text = null;
        ExecutionListener listener;
        if (settings.output() == OutputFormat.json) {
            listener = new JsonLinesRunListener(context.out(), mode == Mode.RUN
                    ? f -> next.fields(f.runId(), f.status()) : f -> Map.of());
        } else {
            // wrapped at the terminal's width; output that is not a terminal (a pipe, a file) keeps its lines whole
            int width = !context.outputTerminal() ? 0 : terminal != null ? terminal.width() : context.width();
            text = new TextRunListener(context.out(), style, context.outputTerminal() && style.color(), width,
                    context.clock());
            listener = text;
        }
        try {
            TerminalConfirmer prompts = terminal == null ? null : terminal.confirmer(context, style, operator(), text);
            ScriptedConfirmer confirmer = (prompts == null
                    ? ScriptedConfirmer.noTerminal(settings.yes(), settings.confirms())
                    : ScriptedConfirmer.overTerminal(settings.yes(), settings.confirms(), prompts))
                    .acknowledging(settings.acks()).hidingSecretsOf(runbook);
            if (prompts == null && mode == Mode.RUN) {
                refuseUnanswerable(context, registry, runbook, values, state, confirmer, settings);
            }
            TabletopNotes notes = tabletop == null ? TabletopNotes.NONE : tabletop.notes(prompts);
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
                    .approvals(settings.approvals())
                    .tabletop(notes)
                    .build();
            Execution execution = executor.start(runbook, values, state);
            if (prompts != null) {
                prompts.onInterrupt(execution::abort);
            }
            installInterruptHandler(context, terminal, execution);
            return execution.await();
        } finally {
            if (text != null) {
                text.close();
            }
            if (terminal != null) {
                terminal.close();
            }
        }
    }

    /**
     * Without a terminal, a prompt nothing answers stops the run before its first step, not halfway: exit 3 naming
     * every such prompt; with {@code --output json} also one {@code run-refused} event listing them.
     */
    private static void refuseUnanswerable(CliContext context, ActionRegistry registry, Runbook runbook,
            Map<String, Object> values, RunState state, ScriptedConfirmer answers, Settings settings) {
        List<PromptForecast.Unanswered> missing = new PromptForecast(registry, context.clock())
                .unanswered(runbook, values, state, answers, settings.inDoubt(), settings.approvals());
        if (missing.isEmpty()) {
            return;
        }
        if (settings.output() == OutputFormat.json) {
            List<Map<String, Object>> prompts = new java.util.ArrayList<>();
            for (PromptForecast.Unanswered u : missing) {
                prompts.add(Map.of("step", u.step(), "prompt", u.prompt(), "answer", u.answer()));
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", "run-refused");
            event.put("at", context.clock().instant().toString());
            event.put("runbook", runbook.name());
            event.put("unanswered", prompts);
            context.out().println(Json.line(event));
            context.out().flush();
        }
        throw PromptForecast.refusal(missing);
    }

    private Map<String, Object> fileParams() {
        return fileParams(paramsFile);
    }

    /** The values of {@code --params-file FILE} (none without it); a file that is not a mapping is invalid input. */
    static Map<String, Object> fileParams(String paramsFile) {
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

    /** How long a run stopped by SIGTERM or SIGHUP may take to end its steps and record it before the exit. */
    private static final long TERMINATION_GRACE_MILLIS = 20_000;

    /**
     * Ctrl-C: the first asks whether to abort (the executor does the asking); a second exits at once with 130.
     * SIGTERM and SIGHUP abort without asking (no step starts, the running ones are ended, {@code run-interrupted}
     * is recorded) and the process then exits with 143 or 129; a second such signal, or a run that has not ended
     * within the grace, exits at once.
     */
    private static void installInterruptHandler(CliContext context, TerminalSession terminal, Execution execution) {
        if (context.in() != System.in) {
            return;
        }
        SignalHandlers.onTermination(() -> {
            context.err().println("\nrunbook: " + SignalHandlers.terminationSignal() + ": aborting the run: no step "
                    + "starts, the running ones are ended (exit " + SignalHandlers.terminationExitCode() + ")");
            context.err().flush();
            execution.abort("stopped by " + SignalHandlers.terminationSignal());
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(TERMINATION_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                haltNow(context, terminal, "the run did not end within " + TERMINATION_GRACE_MILLIS / 1000 + "s");
            }, "runbook-termination");
            watchdog.setDaemon(true);
            watchdog.start();
        }, () -> haltNow(context, terminal, SignalHandlers.terminationSignal() + " again"));
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

    /** Exits at once with the termination signal's code, leaving the terminal as it was found. */
    private static void haltNow(CliContext context, TerminalSession terminal, String why) {
        context.err().println("\nrunbook: " + why + ": exiting now (exit " + SignalHandlers.terminationExitCode()
                + ")");
        context.err().flush();
        context.out().flush();
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException | RuntimeException e) {
                // exiting anyway
            }
        }
        Runtime.getRuntime().halt(SignalHandlers.terminationExitCode());
    }

    static int exitCode(RunResult result) {
        if (result.status() == RunStatus.SUCCEEDED || result.status() == RunStatus.PLANNED) {
            return ExitCodes.OK;
        }
        if (SignalHandlers.terminationExitCode() != 0) {
            // a run that SIGTERM or SIGHUP stopped exits as a process ended by that signal would (143, 129)
            return SignalHandlers.terminationExitCode();
        }
        return result.failure().map(f -> ExitCodes.of(f.reason())).orElse(ExitCodes.STEP_FAILED);
    }

    static String operator() {
        return System.getProperty("user.name", "unknown");
    }
}
