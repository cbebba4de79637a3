package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Kind;
import dev.runbook.expr.Reference;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dry-run, tabletop and preflight: which steps are only shown (planned), and why. A dry-run and a tabletop apply nothing. A preflight runs
 * a read-only step for real only when nothing it depends on, transitively through {@code needs} or through the
 * outputs its expressions read, is a mutating step the preflight did not apply: a post-change check must not run
 * against the state before the change. It never executes a {@code manual} or {@code sleep} step.
 */
final class Planner {
    /** Actions a preflight never executes: a person's acknowledgement, and waiting for nothing. */
    private static final Set<String> NEVER_IN_PREFLIGHT = Set.of("manual", "sleep");

    private final Mode mode;
    private final StepReads reads;
    private final Map<String, List<String>> needs;
    /** Preflight: each step not applied, or depending on one, with the mutating step not applied behind it. */
    private final Map<String, String> unapplied = new ConcurrentHashMap<>();

    Planner(Mode mode, StepReads reads, Map<String, List<String>> needs) {
        this.mode = mode;
        this.reads = reads;
        this.needs = needs;
    }

    /**
     * In a preflight, the mutating step not applied that this step depends on, or null; remembered for the steps
     * after it, whatever becomes of this one (a skipped step passes the dependency on). Null outside a preflight.
     */
    String unappliedDependency(Step step, ActionSpec spec) {
        if (mode != Mode.PREFLIGHT) {
            return null;
        }
        String id = step.idValue();
        String root = null;
        for (String d : needs.getOrDefault(id, List.of())) {
            root = unapplied.get(d);
            if (root != null) {
                break;
            }
        }
        if (root == null) {
            for (Reference r : reads.all(step, spec)) {
                root = unapplied.get(StepReads.stepOf(r));
                if (root != null) {
                    break;
                }
            }
        }
        if (root != null) {
            unapplied.put(id, root);
        }
        return root;
    }

    /**
     * Why the step is shown instead of applied, or null to apply it. {@code root} is what
     * {@link #unappliedDependency} said; {@code known} is false when its inputs or {@code if} read values not known
     * before the run.
     */
    String notApplied(Step step, Action action, Kind kind, boolean known, String root) {
        if (mode == Mode.DRY_RUN) {
            return "dry-run: not applied";
        }
        if (mode == Mode.TABLETOP) {
            return "tabletop: walked through, not applied";
        }
        if (mode != Mode.PREFLIGHT) {
            return null;
        }
        if (kind == Kind.MUTATING) {
            unapplied.putIfAbsent(step.idValue(), step.idValue());
            return "preflight: mutating, not applied";
        }
        if (root != null) {
            return "planned: depends on " + root + " (mutating, not applied by a preflight)";
        }
        if (!known) {
            return "preflight: not applied, depends on values not known before the run";
        }
        if (NEVER_IN_PREFLIGHT.contains(action.name())) {
            return "preflight: a " + action.name() + " step is never executed by a preflight";
        }
        return null;
    }
}
