package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.Kind;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.graph.StepKinds;
import dev.runbook.model.Confirm;
import dev.runbook.model.Located;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Before a run without a terminal starts: every prompt the run can reach that the command-line answers
 * ({@code --yes}, {@code --confirm}, {@code --ack}, {@code --in-doubt}) do not answer, each with the option that
 * would. A run that would stop at such a prompt halfway is refused before its first step instead. Steps already
 * completed (on resume) and steps whose {@code if} is false from the parameters alone are left out; everything else
 * a step may ask (its confirmation, a checklist, the y/N of its undo when the runbook can roll back, the in-doubt
 * question on resume) counts, since which steps fail is not known before the run.
 */
public final class PromptForecast {

    /** One prompt no option answers: the step, what it asks, and the option that would answer it (or why none can). */
    public record Unanswered(String step, String prompt, String answer) {
        /** {@code step 'x' (manual checklist): pass --ack x (or --ack all)}. */
        public String describe() {
            return "step '" + step + "' (" + prompt + "): " + answer;
        }
    }

    private final ActionRegistry registry;
    private final Expressions expressions;

    /** A forecast over these actions; expressions in {@code if} read the given clock. */
    public PromptForecast(ActionRegistry registry, Clock clock) {
        this.registry = registry;
        this.expressions = Expressions.withClock(clock);
    }

    /**
     * The prompts of this run that {@code answers} cannot answer, in step order; empty when the run can go without
     * a terminal. {@code params} are the bound parameter values, {@code inDoubt} the choice given for steps in doubt
     * (null: none).
     */
    public List<Unanswered> unanswered(Runbook runbook, Map<String, Object> params, RunState state,
            ScriptedConfirmer answers, InDoubtChoice inDoubt) {
        return unanswered(runbook, params, state, answers, inDoubt, null);
    }

    /**
     * As above, with the run's approvals: a step that needs approvers counts when approvals were given for it and the
     * approval policy does not accept enough of them (each refusal with its reason). One given none waits for them
     * instead (exit 5, then {@code runbook approve} and {@code resume --approval}): waiting holds no terminal.
     */
    public List<Unanswered> unanswered(Runbook runbook, Map<String, Object> params, RunState state,
            ScriptedConfirmer answers, InDoubtChoice inDoubt, dev.runbook.approval.ApprovalGate approvals) {
        boolean canRollBack = false;
        for (Step s : runbook.steps()) {
            canRollBack |= s.onFailure() == OnFailure.ROLLBACK;
        }
        List<Unanswered> out = new ArrayList<>();
        boolean cleanupLeft = false;
        for (Step s : runbook.cleanup()) {
            cleanupLeft |= !state.completed().containsKey(s.idValue());
        }
        if (cleanupLeft && !answers.answersYesNo()) {
            out.add(new Unanswered("cleanup", "y/N confirmation of the clean-up at the end of the run", "pass --yes"));
        }
        for (Step step : runbook.allSteps()) {
            String id = step.idValue();
            if (state.completed().containsKey(id) || falseFromParameters(step.condition(), params)) {
                continue;
            }
            if (state.inDoubt().contains(id) && inDoubt == null && StepKinds.isMutating(step, registry)) {
                out.add(new Unanswered(id, "in doubt: started without a recorded outcome",
                        "pass --in-doubt rerun|skip"));
            }
            Confirm c = step.confirm();
            if (c instanceof Confirm.YesNo && !answers.answersYesNo()) {
                out.add(new Unanswered(id, "y/N confirmation", "pass --yes"));
            } else if (c instanceof Confirm.Typed && !answers.confirms(id)) {
                out.add(new Unanswered(id, "typed confirmation", "pass --confirm " + id + "="
                        + typedValue(id, ((Confirm.Typed) c).value(), params, answers)));
            } else if (c instanceof Confirm.Approvers && approvals != null) {
                Confirm.Approvers rule = (Confirm.Approvers) c;
                dev.runbook.approval.ApprovalPolicy.Evaluation ev = approvals.evaluate(id, rule, List.of());
                if (!ev.decisions().isEmpty() && !ev.enough()) {
                    int others = rule.others();
                    out.add(new Unanswered(id, "approval of " + others
                            + (others == 1 ? " other person" : " other people"),
                            "the approvals given do not suffice: " + ev.summary()));
                }
            }
            if (StepKinds.MANUAL.equals(step.actionName()) && !answers.acknowledges(id)) {
                out.add(new Unanswered(id, "manual checklist", "pass --ack " + id + " (or --ack all)"));
            }
            if (canRollBack && !answers.answersYesNo() && undoAsks(step) && !runbook.isCleanup(id)) {
                out.add(new Unanswered(id, "y/N confirmation of its undo in a rollback", "pass --yes"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The refusal of a run without a terminal that would reach these prompts: a {@link PromptUnavailableException}
     * (exit 3) naming every one and the option for each.
     */
    public static PromptUnavailableException refusal(List<Unanswered> missing) {
        StringBuilder message = new StringBuilder("this run needs answers that no option gives, and there is no"
                + " terminal to ask (nothing has run):");
        for (Unanswered u : missing) {
            message.append("\n  ").append(u.describe());
        }
        return new PromptUnavailableException(message.toString());
    }

    /** A rollback asks before each mutating undo. */
    private boolean undoAsks(Step step) {
        if (step.undo() == null || step.undo().action() == null) {
            return false;
        }
        Optional<Action> action = registry.find(step.undo().action().value());
        return action.isPresent() && StepKinds.kind(action.get(), step.undo().with()) == Kind.MUTATING;
    }

    /**
     * Whether an {@code if} reads only parameters (and {@code run.dry}) and is false with these values. Anything
     * else (it reads a step, it fails) is decided at run time, so the step counts.
     */
    private boolean falseFromParameters(Located<String> condition, Map<String, Object> params) {
        if (condition == null || condition.value() == null) {
            return false;
        }
        try {
            Template t = Template.condition(condition.value(), condition.location());
            if (!readsOnlyParameters(t)) {
                return false;
            }
            return Boolean.FALSE.equals(expressions.evaluate(t, scope(params)));
        } catch (ExpressionException | RuntimeException e) {
            return false;
        }
    }

    /** What to pass to {@code --confirm}: the value when the parameters give it and it is not secret. */
    private String typedValue(String id, Located<String> value, Map<String, Object> params,
            ScriptedConfirmer answers) {
        String secret = answers.secretTyped(id);
        if (secret != null) {
            return "<" + secret + ">";
        }
        if (value == null || value.value() == null) {
            return "VALUE";
        }
        if (!Template.hasExpression(value.value())) {
            return value.value();
        }
        try {
            Template t = Template.parse(value.value(), value.location());
            if (readsOnlyParameters(t)) {
                Object v = expressions.evaluate(t, scope(params));
                if (v != null && !(v instanceof dev.runbook.expr.Unknown)) {
                    return String.valueOf(v);
                }
            }
        } catch (ExpressionException | RuntimeException e) {
            // shown at run time
        }
        return "VALUE";
    }

    private static boolean readsOnlyParameters(Template t) {
        for (Reference ref : t.references()) {
            List<String> path = ref.path();
            boolean param = path.get(0).equals("params");
            boolean dry = path.size() >= 2 && path.get(0).equals("run") && path.get(1).equals("dry");
            if (!param && !dry) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> scope(Map<String, Object> params) {
        return Map.of("params", params, "run", Map.of("dry", false));
    }
}
