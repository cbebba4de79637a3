package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.expr.CompiledExpression;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.model.Located;
import dev.runbook.model.Node;
import dev.runbook.model.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@link ActionContext} the executor lends to one attempt of one step. */
final class StepContext implements ActionContext {
    private final RunLoop run;
    private final Step step;
    private final Instant deadline;
    private volatile Map<String, Object> lastExtra = Map.of();

    StepContext(RunLoop run, Step step, Instant deadline) {
        this.run = run;
        this.step = step;
        this.deadline = deadline;
    }

    @Override
    public String stepId() {
        return step.idValue();
    }

    @Override
    public Clock clock() {
        return run.cfg().clock;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        run.cfg().sleeper.sleep(duration);
    }

    @Override
    public Duration remaining() {
        if (deadline == null) {
            return null;
        }
        Duration left = Duration.between(run.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void progress(String message) {
        run.displayOnly(new RunEvent.StepProgress(run.runIdValue(), run.now(), stepId(), message));
    }

    @Override
    public void output(String stream, String line) {
        run.displayOnly(new RunEvent.StepOutput(run.runIdValue(), run.now(), stepId(), stream, line));
    }

    @Override
    public String acknowledge(String item) throws InterruptedException {
        StepRef ref = new StepRef(stepId(), step.displayTitle(), step.actionName(), Kind.READ_ONLY, null);
        run.lockPrompt();
        try {
            run.record(new RunEvent.PromptAsked(run.runIdValue(), run.now(), stepId(), PromptKind.ACKNOWLEDGE, item));
            String who = run.cfg().confirmer.acknowledge(ref, item);
            String by = who == null ? run.cfg().operator : who;
            run.record(new RunEvent.PromptAnswered(run.runIdValue(), run.now(), stepId(), PromptKind.ACKNOWLEDGE, true,
                    List.of(by), item));
            return by;
        } catch (JournalException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            run.promptLock().unlock();
        }
    }

    @Override
    public Object evaluate(String expression, Map<String, Object> extra) throws Exception {
        lastExtra = extra == null ? Map.of() : new LinkedHashMap<>(extra);
        return run.cfg().expressions.condition(expression, step.location(), run.renderer().scope(lastExtra));
    }

    @Override
    public String explain(String expression) {
        try {
            Set<Reference> refs = run.cfg().expressions.references(expression, step.location(), true);
            return run.redactor().redact(Values.explain(refs, run.renderer().scope(lastExtra), run.redactor()));
        } catch (ExpressionException e) {
            return "";
        }
    }

    @Override
    public Outputs rerunStep(String stepId) throws Exception {
        Step other = run.runbook().step(stepId)
                .orElseThrow(() -> new ActionFailedException("there is no step '" + stepId + "' to re-run"));
        Map<String, Object> scope = run.renderer().scope(Map.of());
        Action action = run.renderer().action(other.action(), stepId);
        Inputs inputs = run.renderer().renderInputs(other.with(), action.spec(), scope, "with");
        requireReadOnly(action, inputs, "step '" + stepId + "'");
        Outputs out = action.apply(inputs, new StepContext(run, other, deadline));
        return out == null ? Outputs.NONE : out;
    }

    @Override
    public Outputs runAction(String name, Map<String, Object> with) throws Exception {
        Action action = run.renderer().action(new Located<>(name, step.location()), stepId());
        Map<String, Object> scope = run.renderer().scope(Map.of());
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : with.entrySet()) {
            values.put(e.getKey(), run.renderer().renderPlain(e.getValue(), scope, step.location()));
        }
        Inputs inputs = new Inputs(values);
        requireReadOnly(action, inputs, "action '" + name + "'");
        Outputs out = action.apply(inputs, this);
        return out == null ? Outputs.NONE : out;
    }

    /**
     * The step's {@code with} and its undo's {@code with} are the candidates (this context serves both); the one whose
     * input renders to {@code rendered} is the one the action was given.
     */
    @Override
    public Optional<List<String>> templateParts(String name, String rendered) {
        List<Node.Mapping> candidates = new ArrayList<>();
        candidates.add(step.with());
        if (step.undo() != null) {
            candidates.add(step.undo().with());
        }
        for (Node.Mapping with : candidates) {
            Node node = with == null ? null : with.get(name);
            if (!(node instanceof Node.Scalar) || !(((Node.Scalar) node).value() instanceof String)) {
                continue;
            }
            String source = (String) ((Node.Scalar) node).value();
            if (!Template.hasExpression(source)) {
                continue;
            }
            try {
                Template t = Template.parse(source, node.location());
                if (t.isSingleExpression()) {
                    continue;
                }
                List<String> parts = new ArrayList<>();
                StringBuilder literal = new StringBuilder();
                Map<String, Object> scope = run.renderer().scope(lastExtra);
                for (Object p : t.parts()) {
                    if (p instanceof CompiledExpression) {
                        CompiledExpression e = (CompiledExpression) p;
                        parts.add(literal.toString());
                        literal.setLength(0);
                        parts.add(dev.runbook.expr.Values.toText(
                                run.cfg().expressions.condition(e.source(), node.location(), scope)));
                    } else {
                        literal.append((String) p);
                    }
                }
                parts.add(literal.toString());
                if (String.join("", parts).equals(rendered)) {
                    return Optional.of(List.copyOf(parts));
                }
            } catch (ExpressionException e) {
                // not this candidate: the action keeps the rendered value
            }
        }
        return Optional.empty();
    }

    @Override
    public void register(dev.runbook.action.CreatedResource resource) {
        run.registered(step.idValue(), resource);
    }

    @Override
    public void secret(String value) {
        run.redactor().add(value);
    }

    @Override
    public String maskCutEnd(String kept) {
        return run.redactor().maskCutEnd(kept);
    }

    @Override
    public boolean containsSecret(String text) {
        return run.redactor().containsSecret(text);
    }

    private static void requireReadOnly(Action action, Inputs inputs, String what) throws ActionFailedException {
        if (action.kind(inputs) != Kind.READ_ONLY) {
            throw new ActionFailedException(what + " is mutating; only read-only steps and actions can be polled");
        }
    }
}
