package dev.runbook.exec;

import dev.runbook.action.ActionRegistry;
import dev.runbook.action.Kind;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one run knows about its steps, shared by the scheduler, the step workers and the rollback: each step's
 * result, the outputs later steps see (and the {@code steps} scope built from them), the steps that completed in
 * order (what a rollback reverses), the kind each step was applied as, and what the operator chose for a failed
 * step. Thread-safe; every map is only ever added to.
 */
final class StepLedger {
    private final Runbook runbook;
    private final ActionRegistry registry;
    /** Steps by id: looked up for every step. */
    private final Map<String, Step> stepsById = new HashMap<>();
    /** The {@code steps} expressions see, maintained as results are recorded. */
    private final StepsScope scope;
    /** Finished steps; read by workers to build their scope. */
    private final Map<String, StepResult> results = new ConcurrentHashMap<>();
    /** Outputs as later steps see them (an {@link UnknownOutputs} for steps not applied). */
    private final Map<String, Map<String, Object>> visibleOutputs = new ConcurrentHashMap<>();
    /** Steps that completed, oldest first: the order a rollback reverses. */
    private final List<String> completedOrder = Collections.synchronizedList(new ArrayList<>());
    /** The kind of each step as it was applied in this process (a rollback names mutating steps without undo). */
    private final Map<String, Kind> appliedKinds = new ConcurrentHashMap<>();
    /** What the operator chose at a terminal for a failed step, instead of its {@code on-failure}. */
    private final Map<String, OnFailure> decidedPolicy = new ConcurrentHashMap<>();

    StepLedger(Runbook runbook, ActionRegistry registry) {
        this.runbook = runbook;
        this.registry = registry;
        List<String> ids = new ArrayList<>();
        for (Step s : runbook.allSteps()) {
            stepsById.putIfAbsent(s.idValue(), s);
            ids.add(s.idValue());
        }
        this.scope = new StepsScope(ids);
    }

    StepsScope scope() {
        return scope;
    }

    Optional<Step> step(String id) {
        return Optional.ofNullable(stepsById.get(id));
    }

    String title(String id) {
        return step(id).map(Step::displayTitle).orElse(id);
    }

    /** Records a step's result where the scheduler and expressions look for it; true for its first result. */
    boolean put(StepResult r) {
        boolean first = results.put(r.id(), r) == null;
        scope.publish(r.id(), r.status().label(), visibleOutputs.getOrDefault(r.id(), r.outputs()));
        return first;
    }

    /** A step's outputs as later steps see them; a step's end keeps what was set before ({@link #showAsUnknown}). */
    void showOutputs(String id, Map<String, Object> outputs, boolean replace) {
        if (replace) {
            visibleOutputs.put(id, outputs);
        } else {
            visibleOutputs.putIfAbsent(id, outputs);
        }
    }

    /** A step that succeeded: last in the order a rollback reverses. */
    void completed(String id) {
        completedOrder.add(id);
    }

    /** Whether later steps see the step's outputs as not known yet (it was not applied). */
    boolean outputsUnknown(String id) {
        return visibleOutputs.get(id) instanceof UnknownOutputs;
    }

    /** A step not applied (dry-run, preflight): later steps see its outputs as not known yet. */
    void showAsUnknown(String id) {
        visibleOutputs.put(id, new UnknownOutputs(id));
    }

    /** A step is about to be applied (or settled in doubt) as this kind. */
    void noteApplied(String id, Kind kind) {
        appliedKinds.put(id, kind);
    }

    /** The operator chose this for a failed step instead of its {@code on-failure}. */
    void decide(String id, OnFailure policy) {
        decidedPolicy.put(id, policy);
    }

    /** What follows a failure of this step: the operator's choice at a terminal, else its {@code on-failure}. */
    OnFailure policy(String id) {
        return decidedPolicy.getOrDefault(id, step(id).map(Step::onFailure).orElse(OnFailure.ABORT));
    }

    StepResult result(String id) {
        return results.get(id);
    }

    /** The steps without a result yet, in file order (the clean-up steps last). */
    List<String> withoutResult() {
        List<String> ids = new ArrayList<>();
        for (Step s : runbook.allSteps()) {
            if (!results.containsKey(s.idValue())) {
                ids.add(s.idValue());
            }
        }
        return ids;
    }

    /** Every step's result in file order (the clean-up steps last), a step without one as not run. */
    Map<String, StepResult> inFileOrder() {
        Map<String, StepResult> ordered = new LinkedHashMap<>();
        for (Step s : runbook.allSteps()) {
            StepResult r = results.get(s.idValue());
            ordered.put(s.idValue(), r != null ? r
                    : StepResult.notRun(s.idValue(), StepStatus.NOT_RUN, "not run: the run stopped before it"));
        }
        return ordered;
    }

    /** The steps that completed, oldest first (a copy): the order a rollback reverses. */
    List<String> completedInOrder() {
        synchronized (completedOrder) {
            return new ArrayList<>(completedOrder);
        }
    }

    /**
     * Whether a completed step applied a change: as it was started in this process, else (carried over from the
     * earlier run, or found already done) as its action declares; an unknown action counts as mutating.
     */
    Kind appliedKind(String id) {
        Kind k = appliedKinds.get(id);
        if (k != null) {
            return k;
        }
        return step(id).flatMap(s -> registry.find(s.actionName())).map(a -> a.spec().kind()).orElse(Kind.MUTATING);
    }
}
