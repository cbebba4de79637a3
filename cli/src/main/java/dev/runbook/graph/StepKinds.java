package dev.runbook.graph;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.model.Node;
import dev.runbook.model.Step;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a step changes things, as far as can be told before it runs: its action is asked with the inputs as
 * written. An input that holds an expression is passed as its source text, which no action takes for a "read-only"
 * switch or a GET method, so an unknown value errs on the side of "mutating".
 */
public final class StepKinds {
    /** The built-in action that only asks the operator; it is neither read-only nor mutating for warnings. */
    public static final String MANUAL = "manual";

    private StepKinds() {
    }

    /** The step's kind, or empty when its action is unknown. */
    public static Optional<Kind> of(Step step, ActionRegistry registry) {
        if (step.action() == null || step.actionName() == null) {
            return Optional.empty();
        }
        Optional<Action> action = registry.find(step.actionName());
        if (action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(kind(action.get(), step));
    }

    /** Whether the step is known to change things (a {@code manual} step never is). */
    public static boolean isMutating(Step step, ActionRegistry registry) {
        return !MANUAL.equals(step.actionName()) && of(step, registry).orElse(Kind.READ_ONLY) == Kind.MUTATING;
    }

    private static Kind kind(Action action, Step step) {
        return kind(action, step.with());
    }

    /** The kind of one call of an action with its inputs as written (a step's {@code with}, or an undo's). */
    public static Kind kind(Action action, Node.Mapping with) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) with.toPlain();
            Kind k = action.kind(new Inputs(values));
            return k == null ? action.spec().kind() : k;
        } catch (RuntimeException e) {
            // An action that cannot judge inputs as written (e.g. a number it must parse) answers for its kind.
            return action.spec().kind();
        }
    }
}
