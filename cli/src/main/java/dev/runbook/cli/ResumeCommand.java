package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.paramOption;
import static dev.runbook.cli.CommandSpecs.runIdParameter;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.action.ActionRegistry;
import dev.runbook.audit.Actor;
import dev.runbook.audit.AuditLogException;
import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.Checkpointer;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.ResumePlan;
import dev.runbook.audit.RunLock;
import dev.runbook.audit.RunOrigin;
import dev.runbook.audit.Sha256;
import dev.runbook.audit.VerifyResult;
import dev.runbook.error.RunbookException;
import dev.runbook.exec.InDoubtChoice;
import dev.runbook.exec.Mode;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.params.ParameterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code runbook resume RUN_ID}: continues a run from the audit log under the same id: completed steps are not run
 * again, steps started without a recorded outcome are re-run (read-only) or put to the operator (mutating).
 */
final class ResumeCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Continue an interrupted or failed run from the audit log.";

    private final CliContext context;

    CommandSpec spec;

    String runId;

    Map<String, String> params = new LinkedHashMap<>();

    String inDoubt;

    /** The same AWS options as run: a resumed run talks to the same account, region and endpoints. */
    AwsOptionsMixin aws;

    boolean allowChanged;

    String auditLog;

    ExecutionOptionsMixin execution;

    ResumeCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        ResumeCommand c = new ResumeCommand(context);
        c.spec = command(c, "resume", SUMMARY,
                "Continue an interrupted or failed run from the audit log, under the same run "
                + "id. Steps that succeeded are not run again (later steps see their recorded outputs); a step that "
                + "started without a recorded outcome is in doubt: a read-only one is run again, a mutating one is "
                + "shown with what is known and the operator chooses to re-run it, mark it done, or abort (without a "
                + "terminal: --in-doubt, else exit 3). Refuses a runbook changed since the run started unless "
                + "--allow-changed. A run that already succeeded is reported and left alone (exit 0).");
        examples(c.spec, "runbook resume RUN_ID", "runbook resume RUN_ID --in-doubt rerun --yes");
        c.spec.usageMessage().sortOptions(false);
        c.spec.addPositional(runIdParameter("The id of the run to continue (see 'runbook runs').", v -> c.runId = v));
        c.spec.addOption(paramOption("A secret parameter's value again (secrets are not kept in the audit log; "
                + "repeatable).", () -> c.params, v -> c.params = v));
        c.spec.addOption(option("--in-doubt").paramLabel("rerun|skip").type(String.class).description("Without a "
                + "terminal, what to do with a mutating step that started without a recorded outcome: run it again, "
                + "or count it as done.")
                .setter(set((String v) -> c.inDoubt = v)).build());
        c.aws = AwsOptionsMixin.addTo(c.spec, context);
        c.spec.addOption(option("--allow-changed").type(boolean.class).description("Resume even though the runbook "
                + "file changed since the run started (its SHA-256 differs).")
                .setter(set((Boolean v) -> c.allowChanged = v)).build());
        c.spec.addOption(auditLogOption("The audit log of the run (default: the one 'runbook run' writes to).",
                v -> c.auditLog = v));
        c.execution = ExecutionOptionsMixin.addTo(c.spec);
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() throws IOException {
        execution.checkArguments(context);
        InDoubtChoice choice = inDoubtChoice();
        Path log = AuditWiring.existing(context, auditLog);
        // One process owns a run: taken before the log is read back, held until this process ends.
        try (RunLock lock = RunLock.acquire(log, runId, context.clock())) {
            return resume(log, choice);
        }
    }

    private int resume(Path log, InDoubtChoice choice) throws IOException {
        VerifyResult verified = new AuditVerifier().verify(log);
        if (!verified.valid() && verified.problem() != VerifyResult.Problem.TORN) {
            // A torn last line is what a crash leaves; resuming records it. Anything else means the log that would
            // decide which steps are skipped cannot be trusted.
            throw new AuditLogException("the audit log " + log + " failed verification at line " + verified.line()
                    + " (" + verified.problem().label() + "): " + verified.message()
                    + "; resume will not trust it");
        }
        List<AuditRecord> records = AuditReader.records(log, runId);
        if (records.isEmpty()) {
            throw RunbookException.invalid("no run '" + runId + "' in the audit log " + log + " (see 'runbook runs')");
        }
        ResumePlan plan = ResumePlan.of(runId, records);
        if ("preflight".equals(plan.summary().mode())) {
            throw RunbookException.invalid("run " + runId + " was a preflight: it ran only read-only steps and showed"
                    + " the others, so there is nothing to continue; start a real run: runbook run "
                    + (plan.path() == null ? "FILE" : plan.path()));
        }
        if ("tabletop".equals(plan.summary().mode())) {
            throw RunbookException.invalid("run " + runId + " was a tabletop: a walk-through that executed nothing,"
                    + " so it cannot be continued as a real run; start one: runbook run "
                    + (plan.path() == null ? "FILE" : plan.path()));
        }
        String status = plan.summary().status();
        if (status.equals("succeeded")) {
            context.out().println("run " + runId + " already finished: succeeded; nothing to resume");
            return ExitCodes.OK;
        }
        if (status.equals("rolled-back") || plan.rollbackStarted()) {
            throw RunbookException.invalid("run " + runId + " " + (status.equals("rolled-back") ? "was rolled back"
                    : "started a rollback") + ": its completed steps were (partly) undone, so it cannot be continued;"
                    + " start a new run");
        }
        Runbook runbook = runbookOf(plan);
        Map<String, Object> values = ParameterBinder.bind(runbook, secretParams(runbook, plan),
                recordedParams(runbook, plan), context.clock());
        execution.checkConfirms(runbook, "the runbook");
        showInDoubt(plan);
        Path file = Paths.get(plan.path());
        RunOrigin origin = new RunOrigin(file.toString(), Sha256.ofFile(file), Actor.current(),
                VersionProvider.version(), plan.drill());
        try (HashChainedAuditLog journal = HashChainedAuditLog.open(log, origin, true, context.clock());
                Checkpointer anchors = AuditWiring.anchors(context, journal, execution.resolvedAnchors)) {
            RunState state = RunState.resume(runId, plan.started(), plan.completed(), plan.inDoubt().keySet())
                    .withResources(plan.resources());
            RunCommand.Settings settings = execution.settings(Mode.RUN, choice)
                    .withApprovals(approvalGate(runbook, values, records, log));
            NextCommands next = new NextCommands(auditLog, plan.drill());
            RunResult result = RunCommand.runToEnd(context, spec, Actions.registry(), runbook, values, state,
                    anchors == null ? journal : anchors.guard(journal), settings, next);
            if (plan.drill()) {
                // a drill is measured when it ends, also after a resume, from the incident start it first declared
                DrillWiring.measure(context, journal, runbook, values, result, DrillWiring.declaredIncidentStart(records),
                        DrillWiring.declaredMarks(records), execution.output, next);
            }
            RunCommand.printNext(context, settings, next, result);
            return RunCommand.exitCode(result);
        }
    }

    /**
     * The plan the run recorded (approvals name its digest) and the approvals given; a run that recorded none and
     * needs approvals gets one made now. A recorded plan that this resume would not execute (the runbook or the
     * parameters differ: --allow-changed) is refused: its approvals are for what the run was.
     */
    private dev.runbook.approval.ApprovalGate approvalGate(Runbook runbook, Map<String, Object> values,
            List<AuditRecord> records, Path log) throws IOException {
        List<dev.runbook.approval.Approval> given = ApprovalWiring.approvals(execution.approvals);
        ApprovalWiring.checkSteps(runbook, given);
        boolean needed = ApprovalWiring.needsApprovals(runbook);
        if (!needed && given.isEmpty()) {
            return null;
        }
        dev.runbook.approval.ssh.AllowedSigners allowed = ApprovalWiring.allowedSigners(execution.allowedSigners,
                runbook);
        dev.runbook.approval.Plan plan = ApprovalWiring.recordedPlan(records, runId, log);
        if (plan != null) {
            List<String> differences = plan.differences(Sha256.ofFile(Paths.get(runbook.file())), values,
                    ApprovalWiring.secrets(runbook));
            if (!differences.isEmpty()) {
                throw RunbookException.invalid("run " + runId + " is not its recorded plan any more: "
                        + String.join("; ", differences) + "; its approvals are for that plan: start a new run");
            }
        } else {
            plan = ApprovalWiring.makePlan(context, Actions.registry(), runbook, values, Map.of());
        }
        return ApprovalWiring.gate(context, plan, given, allowed, auditLog);
    }

    private InDoubtChoice inDoubtChoice() {
        if (inDoubt == null) {
            return null;
        }
        switch (inDoubt) {
            case "rerun": return InDoubtChoice.RERUN;
            case "skip": return InDoubtChoice.MARK_DONE;
            default: throw RunbookException.invalid("--in-doubt must be rerun or skip, got '" + inDoubt + "'");
        }
    }

    private Runbook runbookOf(ResumePlan plan) throws IOException {
        if (plan.path() == null) {
            throw RunbookException.invalid("run " + runId + " does not record its runbook's path");
        }
        Path file = Paths.get(plan.path());
        if (!Files.isRegularFile(file)) {
            throw RunbookException.invalid("run " + runId + " ran " + file + ", which no longer exists");
        }
        String now = Sha256.ofFile(file);
        if (!now.equals(plan.sha256())) {
            if (!allowChanged) {
                throw RunbookException.invalid("the runbook " + file + " changed since run " + runId + " started "
                        + "(SHA-256 was " + plan.sha256() + ", now " + now + "); pass --allow-changed to resume anyway");
            }
            context.err().println("runbook: warning: " + file + " changed since run " + runId
                    + " started; resuming anyway (--allow-changed)");
        }
        ActionRegistry registry = Actions.registry();
        return RunbookLoading.loadValid(context, file.toString(), registry, GlobalOptions.of(spec).noColor).runbook();
    }

    /** The -p values: only secret parameters may be given, and every secret the run had must be. */
    private Map<String, String> secretParams(Runbook runbook, ResumePlan plan) {
        for (String name : params.keySet()) {
            Parameter p = runbook.parameters().get(name);
            if (p != null && !p.secret()) {
                throw RunbookException.invalid("-p " + name + ": run " + runId + " recorded its parameter '" + name
                        + "'; resume uses the recorded value (only secret parameters are given again)");
            }
        }
        List<String> missing = new ArrayList<>();
        for (Parameter p : runbook.parameters().values()) {
            if (p.secret() && plan.params().get(p.name()) != null && !params.containsKey(p.name())) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder flags = new StringBuilder();
            for (String m : missing) {
                flags.append(" -p ").append(m).append("=VALUE");
            }
            throw RunbookException.invalid("resume needs the secret " + (missing.size() == 1 ? "parameter '"
                    + missing.get(0) + "'" : "parameters '" + String.join("', '", missing) + "'")
                    + " again (secret values are not kept in the audit log): give" + flags);
        }
        return params;
    }

    private static Map<String, Object> recordedParams(Runbook runbook, ResumePlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : plan.params().entrySet()) {
            Parameter p = runbook.parameters().get(e.getKey());
            if (p != null && !p.secret() && e.getValue() != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** What the log knows about each step in doubt, before the executor asks about it. */
    private void showInDoubt(ResumePlan plan) {
        for (ResumePlan.InDoubtStep s : plan.inDoubt().values()) {
            (execution.output == OutputFormat.json ? context.err() : context.out()).println("in doubt: step '" + s.step() + "' (" + s.action() + ", " + s.kind() + ") started at "
                    + s.startedAt() + " (attempt " + s.attempt() + ") with inputs " + Json.line(s.inputs())
                    + (s.interruptedAt() == null ? "; its outcome was not recorded"
                            : "; it was interrupted at " + s.interruptedAt() + " while it ran, so what it changed "
                            + "is not known")
                    + ("read-only".equals(s.kind()) ? ": it is read-only and runs again" : ""));
        }
        context.out().flush();
    }
}
