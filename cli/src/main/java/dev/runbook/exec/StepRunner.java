package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.Actor;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Unknown;
import dev.runbook.model.Durations;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The life of one step, on a step worker: the skip rule (its own {@code if}, or reading outputs of a step that was
 * skipped), the plan of a dry-run or preflight ({@link Planner}), an in-doubt step on resume
 * ({@link InDoubtResolver}), instructions and confirmation ({@link StepPrompts}), then its attempts with retries, each
 * journaled before the action runs on an action thread bounded by the timeout, its {@code check} and outputs, and
 * after a failure at a terminal the operator's choice. It returns the step's result; the scheduler decides what
 * follows.
 */
final class StepRunner {
    private final RunLoop run;
    private final StepReads reads;
    private final Planner planner;

    StepRunner(RunLoop run, StepReads reads, Planner planner) {
        this.run = run;
        this.reads = reads;
        this.planner = planner;
    }

    StepResult runStep(Step step) {
        String id = step.idValue();
        Instant t0 = run.now();
        try {
            return runStepUnchecked(step, t0);
        } catch (StepStop s) {
            return new StepResult(id, s.status, Map.of(), run.redactor().redact(s.getMessage()), run.since(t0), s.attempts);
        } catch (InterruptedException e) {
            return new StepResult(id, StepStatus.INTERRUPTED, Map.of(), "interrupted", run.since(t0), 0);
        } catch (PromptUnavailableException e) {
            return new StepResult(id, StepStatus.DECLINED, Map.of(), run.redactor().redact(e.getMessage()), run.since(t0), 0);
        } catch (RuntimeException e) {
            return new StepResult(id, StepStatus.FAILED, Map.of(), run.redactor().redact(RunLoop.describe(e)), run.since(t0), 0);
        }
    }

    private StepResult runStepUnchecked(Step step, Instant t0) throws InterruptedException {
        String id = step.idValue();
        Map<String, Object> scope = run.renderer().scope(Map.of());

        String unappliedRoot = planner.unappliedDependency(step,
                run.cfg().registry.find(step.actionName()).map(Action::spec).orElse(null));
        StepResult unread = readsNotRun(id, reads.inCondition(step), t0);
        if (unread != null) {
            return unread;
        }
        String conditionDecision = null;
        if (step.condition() != null) {
            Object v = run.renderer().evaluateCondition("if", step.condition(), scope);
            if (v instanceof Unknown) {
                conditionDecision = "decided at run time";
            } else if (Boolean.FALSE.equals(v)) {
                return new StepResult(id, StepStatus.SKIPPED, Map.of(),
                        "skipped: if " + Values.bare(step.condition().value()) + " is false", run.since(t0), 0);
            } else if (Boolean.TRUE.equals(v)) {
                conditionDecision = "true";
            } else {
                throw new StepStop(StepStatus.FAILED, "if " + Values.bare(step.condition().value())
                        + " must be true or false, got " + Values.literal(v), 0);
            }
        }

        Action action = run.renderer().action(step.action(), id);
        unread = readsNotRun(id, reads.inBody(step, action.spec()), t0);
        if (unread != null) {
            return unread;
        }
        Inputs inputs = run.renderer().renderInputs(step.with(), action.spec(), scope, "with");
        boolean known = conditionDecision == null || !conditionDecision.equals("decided at run time");
        known = known && !Values.containsUnknown(inputs.values()) && !run.renderer().readsUnknown(step.with(), action.spec(), scope);
        Kind kind = run.renderer().kindOf(action, inputs, known);
        Preview preview = run.renderer().previewOf(action, inputs);
        StepRef ref = new StepRef(id, step.displayTitle(), action.name(), kind, run.redactor().redact(preview));
        Duration timeout = run.renderer().timeout(step, scope);

        String note = planner.notApplied(step, action, kind, known, unappliedRoot);
        if (note != null) {
            if (step.instructions() != null && !step.instructions().isBlank()) {
                run.emitQuietly(new RunEvent.InstructionsShown(run.runIdValue(), run.now(), id, run.prompts().instructions(step, scope)));
            }
            run.emitQuietly(new RunEvent.StepPlanned(run.runIdValue(), run.now(), id, step.displayTitle(), action.name(), kind,
                    inputs.values(), preview, run.renderer().prompts(step, action, inputs, scope), conditionDecision, note,
                    governs(step, action, inputs, timeout)));
            run.ledger().showAsUnknown(id);
            if (run.cfg().mode == Mode.TABLETOP) {
                noteOf(step, ref);
            }
            return new StepResult(id, StepStatus.PLANNED, Map.of(), note, run.since(t0), 0);
        }

        if (run.inDoubt(id) && kind == Kind.MUTATING) {
            run.ledger().noteApplied(id, kind);
            StepResult settled = new InDoubtResolver(run, this).settle(step, action, inputs, ref, t0);
            if (settled != null) {
                return settled;
            }
        }

        StepResult declined = run.prompts().confirm(step, ref, scope, t0);
        if (declined != null) {
            return declined;
        }
        while (true) {
            StepResult r = attempts(step, action, inputs, kind, timeout, t0);
            FailureChoice choice = r.status().isFailure() && !run.aborted() ? run.prompts().askAfterFailure(step, ref, r) : null;
            if (choice == FailureChoice.RETRY) {
                continue;
            }
            if (choice == FailureChoice.SKIP) {
                return new StepResult(id, StepStatus.SKIPPED_BY_OPERATOR, Map.of(), "skipped by the operator after: "
                        + r.message(), run.since(t0), r.attempts());
            }
            if (choice == FailureChoice.ROLLBACK || choice == FailureChoice.ABORT) {
                run.ledger().decide(id, choice == FailureChoice.ROLLBACK ? OnFailure.ROLLBACK : OnFailure.ABORT);
            }
            return r;
        }
    }

    /**
     * A tabletop: asks the team for its note on the step just shown (one prompt at a time) and records it; a step
     * with no note records nothing. A note that cannot be recorded stops the walk-through as a run stops.
     */
    private void noteOf(Step step, StepRef ref) throws InterruptedException {
        Answer<String> answer;
        run.lockPrompt();
        try {
            answer = run.cfg().tabletop.note(ref);
        } finally {
            run.promptLock().unlock();
        }
        String text = answer == null || answer.value() == null ? null : answer.value().strip();
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            run.record(new RunEvent.StepNoted(run.runIdValue(), run.now(), step.idValue(), step.displayTitle(), text,
                    answer.by() != null ? answer.by() : run.cfg().operator));
        } catch (JournalException e) {
            throw new StepStop(StepStatus.NOT_RUN, "not run: " + run.auditFailure(), 0);
        }
    }

    /** What governs a planned step: see {@link Governs}. */
    @SuppressWarnings("unchecked")
    private Governs governs(Step step, Action action, Inputs inputs, Duration timeout) {
        Actor actor = ActorCheck.plannedActor(run, step);
        String written = step.timeout() == null ? null : step.timeout().value();
        String shownTimeout = timeout != null && written != null && Durations.isDuration(written) ? written
                : timeout != null ? Durations.written(timeout)
                : written != null && !written.isBlank() ? "known at run time (" + written + ")" : null;
        String undoAction = null;
        Preview undoPreview = null;
        if (step.undo() != null && step.undo().action() != null) {
            undoAction = step.undo().action().value();
            try {
                Action undo = run.renderer().action(step.undo().action(), step.idValue());
                // A rollback renders the undo after the step succeeded: here its outputs are not known yet.
                Map<String, Object> steps = new LinkedHashMap<>((Map<String, Object>) run.renderer().scope(Map.of()).get("steps"));
                steps.put(step.idValue(), Map.of("status", StepStatus.SUCCEEDED.label(), "outputs", new UnknownOutputs(step.idValue())));
                undoPreview = run.renderer().previewOf(undo, run.renderer().renderInputs(step.undo().with(), undo.spec(),
                        run.renderer().scope(Map.of("steps", steps)), "undo.with"));
            } catch (StepStop invalid) { // the plan says so; the step itself is not what fails
                undoPreview = Preview.of("invalid: " + invalid.getMessage());
            }
        }
        Duration own = action.bound(inputs);
        Duration bound = own == null || timeout == null || own.compareTo(timeout) <= 0 ? own : timeout;
        String boundBy = own == null ? null : bound == own ? "action" : "timeout";
        return new Governs(actor == null ? null : actor.system(), actor == null ? null : actor.region(),
                actor == null ? null : actor.account(), shownTimeout,
                step.retry() == null || step.retry().attempts() <= 1 ? null : step.retry(),
                step.check() == null ? null : step.check().value(), step.onFailure(), undoAction, undoPreview,
                bound, boundBy);
    }

    private StepResult attempts(Step step, Action action, Inputs inputs, Kind kind, Duration timeout, Instant t0)
            throws InterruptedException {
        String id = step.idValue();
        int max = Math.max(1, step.retry().attempts());
        for (int attempt = 1; ; attempt++) {
            if (run.aborted()) {
                throw new StepStop(StepStatus.INTERRUPTED, "interrupted", attempt - 1);
            }
            run.ledger().noteApplied(id, kind);
            try {
                run.record(new RunEvent.StepStarted(run.runIdValue(), run.now(), id, step.displayTitle(), action.name(), kind, attempt,
                        inputs.values()));
            } catch (JournalException e) {
                throw new StepStop(StepStatus.NOT_RUN, "not run: " + run.auditFailure(), attempt - 1);
            }
            Attempt a = applyOnce(step, action, inputs, timeout);
            if (a.outputs != null) {
                try {
                    return checked(step, a.outputs, t0, attempt);
                } catch (StepStop failedCheck) {
                    a = new Attempt(null, failedCheck.status, failedCheck.getMessage());
                }
            }
            if (a.status == StepStatus.INTERRUPTED || a.status == StepStatus.DECLINED || run.aborted() || attempt >= max) {
                return new StepResult(id, run.aborted() ? StepStatus.INTERRUPTED : a.status, Map.of(),
                        run.redactor().redact(a.message), run.since(t0), attempt);
            }
            Duration delay = step.retry().delayBefore(attempt + 1);
            run.emitQuietly(new RunEvent.RetryScheduled(run.runIdValue(), run.now(), id, attempt + 1, delay, a.message));
            run.cfg().sleeper.sleep(delay);
        }
    }

    /** The outputs mapping and the {@code check}, after a successful apply. */
    private StepResult checked(Step step, Outputs outputs, Instant t0, int attempt) {
        for (String name : outputs.secret()) {
            run.redactor().addValue(outputs.get(name));
        }
        Map<String, Object> merged = mappedOutputs(step, outputs.values());
        if (step.check() != null) {
            Map<String, Object> scope = run.renderer().scope(Map.of("outputs", merged));
            Object v = run.renderer().evaluateCondition("check", step.check(), scope);
            if (!Boolean.TRUE.equals(v)) {
                Set<Reference> refs = run.renderer().referencesQuietly(step.check(), true);
                String seen = refs.isEmpty() ? "" : " (" + Values.explain(refs, scope, run.redactor()) + ")";
                String what = Boolean.FALSE.equals(v) ? "check failed: " : "check must be true or false, got "
                        + Values.literal(v) + ": ";
                throw new StepStop(StepStatus.FAILED, what + Values.bare(step.check().value()) + seen, attempt);
            }
        }
        return succeeded(step, Outputs.of(merged), t0, attempt, null);
    }

    StepResult succeeded(Step step, Outputs outputs, Instant t0, int attempts, String message) {
        return new StepResult(step.idValue(), StepStatus.SUCCEEDED, outputs.values(), message, run.since(t0), attempts);
    }

    private Map<String, Object> mappedOutputs(Step step, Map<String, Object> actionOutputs) {
        Map<String, Object> merged = new LinkedHashMap<>(actionOutputs);
        if (step.outputs() == null || step.outputs().entries().isEmpty()) {
            return merged;
        }
        Map<String, Object> scope = run.renderer().scope(Map.of("outputs", Collections.unmodifiableMap(
                new LinkedHashMap<>(actionOutputs))));
        for (Node.Entry e : step.outputs().entries()) {
            merged.put(e.key(), run.renderer().render(e.value(), scope, "outputs." + e.key()));
        }
        return merged;
    }

    /** One call of an action on an action thread, bounded by the timeout. */
    Attempt applyOnce(Step step, Action action, Inputs inputs, Duration timeout) throws InterruptedException {
        Instant deadline = timeout == null ? null : run.now().plus(timeout);
        StepContext ctx = new StepContext(run, step, deadline);
        CountDownLatch stopped = new CountDownLatch(1);
        Future<Outputs> f = run.actionPool().submit(() -> {
            try {
                return action.apply(inputs, ctx);
            } finally {
                stopped.countDown();
            }
        });
        run.runningActions().add(f);
        if (run.aborted()) {
            f.cancel(true);
        }
        try {
            Outputs out = timeout == null ? f.get() : f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Attempt(out == null ? Outputs.NONE : out, StepStatus.SUCCEEDED, null);
        } catch (TimeoutException e) {
            f.cancel(true);
            boolean stoppedInTime = stopped.await(run.cfg().cancelGrace.toMillis(), TimeUnit.MILLISECONDS);
            return new Attempt(null, StepStatus.TIMED_OUT, "timed out after " + Durations.format(timeout)
                    + (stoppedInTime ? "" : "; the action did not stop within " + Durations.format(run.cfg().cancelGrace)
                    + " of being cancelled"));
        } catch (CancellationException e) {
            stopped.await(run.cfg().cancelGrace.toMillis(), TimeUnit.MILLISECONDS);
            return new Attempt(null, StepStatus.INTERRUPTED, "interrupted");
        } catch (InterruptedException e) {
            f.cancel(true);
            stopped.await(run.cfg().cancelGrace.toMillis(), TimeUnit.MILLISECONDS);
            return new Attempt(null, StepStatus.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof PromptUnavailableException) {
                return new Attempt(null, StepStatus.DECLINED, cause.getMessage());
            }
            if (cause instanceof InterruptedException && run.aborted()) {
                return new Attempt(null, StepStatus.INTERRUPTED, "interrupted");
            }
            return new Attempt(null, StepStatus.FAILED, RunLoop.describe(cause));
        } finally {
            run.runningActions().remove(f);
        }
    }

    /** The outcome of one apply: outputs on success, otherwise a status and message. */
    record Attempt(Outputs outputs, StepStatus status, String message) {
    }

    /**
     * The skip for a step that reads outputs of a step that was skipped or did not run (those outputs do not exist),
     * or null. Only finished steps are looked at: in a dry-run or preflight a step not applied is planned, not skipped.
     */
    private StepResult readsNotRun(String id, Set<Reference> reads, Instant t0) {
        for (Reference r : reads) {
            String other = StepReads.stepOf(r);
            StepResult o = run.ledger().result(other);
            if (o != null && (o.status() == StepStatus.SKIPPED || o.status() == StepStatus.NOT_RUN
                    || o.status() == StepStatus.SKIPPED_BY_OPERATOR)) {
                return new StepResult(id, StepStatus.SKIPPED, Map.of(), "skipped: reads " + r + ", and " + other
                        + (o.status() == StepStatus.NOT_RUN ? " did not run" : " was skipped"), run.since(t0), 0);
            }
        }
        return null;
    }
}
