package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Unknown;
import dev.runbook.model.Confirm;
import dev.runbook.model.Durations;
import dev.runbook.model.Located;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a step's expressions see and how its fields are rendered: the scope ({@code params}, {@code steps},
 * {@code run}), inputs, templates, conditions, timeouts, the action's kind and preview, and what a dry-run says would
 * be asked. Every failure here ends the step ({@link StepStop}) with the field and the expression named.
 */
final class Renderer {
    private final RunLoop run;
    private final Map<String, Object> params;
    /** The {@code steps} expressions see, maintained as results are recorded. */
    private final StepsScope stepsScope;
    /** The {@code run} expressions see; it does not change during a run. */
    private final Map<String, Object> runScope;

    Renderer(RunLoop run, Map<String, Object> params, StepsScope stepsScope, Map<String, Object> runScope) {
        this.run = run;
        this.params = params;
        this.stepsScope = stepsScope;
        this.runScope = runScope;
    }

    Map<String, Object> scope(Map<String, Object> extra) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("params", params);
        scope.put("steps", stepsScope.snapshot());
        scope.put("run", runScope);
        scope.putAll(extra);
        return Collections.unmodifiableMap(scope);
    }

    Action action(Located<String> name, String stepId) {
        return run.cfg().registry.find(name.value()).orElseThrow(() -> new StepStop(StepStatus.FAILED,
                name.location() + ": unknown action '" + name.value() + "'"
                        + run.cfg().registry.closest(name.value()).map(c -> ", did you mean '" + c + "'?").orElse(""), 0));
    }

    Inputs renderInputs(Node.Mapping with, ActionSpec spec, Map<String, Object> scope, String field) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (with != null) {
            for (Node.Entry e : with.entries()) {
                boolean raw = spec.input(e.key()).map(IoSpec::type).orElse(ValueType.ANY) == ValueType.EXPRESSION;
                values.put(e.key(), raw ? e.value().toPlain() : render(e.value(), scope, field + "." + e.key()));
            }
        }
        return new Inputs(values);
    }

    Object render(Node node, Map<String, Object> scope, String field) {
        if (node instanceof Node.Scalar) {
            Node.Scalar s = (Node.Scalar) node;
            return s.value() instanceof String ? template((String) s.value(), s.location(), scope, field) : s.value();
        }
        if (node instanceof Node.Sequence) {
            List<Object> out = new ArrayList<>();
            for (Node item : ((Node.Sequence) node).items()) {
                out.add(render(item, scope, field));
            }
            return Collections.unmodifiableList(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Node.Entry e : ((Node.Mapping) node).entries()) {
            out.put(e.key(), render(e.value(), scope, field + "." + e.key()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Renders plain values given by an action (e.g. {@code wait}'s {@code with}), strings as templates. */
    Object renderPlain(Object value, Map<String, Object> scope, Location at) {
        if (value instanceof String) {
            return template((String) value, at, scope, "with");
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                out.add(renderPlain(o, scope, at));
            }
            return out;
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.put(String.valueOf(e.getKey()), renderPlain(e.getValue(), scope, at));
            }
            return out;
        }
        return value;
    }

    Object template(String text, Location at, Map<String, Object> scope, String field) {
        try {
            return run.cfg().expressions.template(text, at, scope);
        } catch (ExpressionException e) {
            throw new StepStop(StepStatus.FAILED, expressionFailure(field, text, at, e), 0);
        }
    }

    Object evaluateCondition(String field, Located<String> text, Map<String, Object> scope) {
        try {
            return run.cfg().expressions.condition(text.value(), text.location(), scope);
        } catch (ExpressionException e) {
            throw new StepStop(StepStatus.FAILED, expressionFailure(field, text.value(), text.location(), e), 0);
        }
    }

    private static String expressionFailure(String field, String text, Location at, ExpressionException e) {
        Location where = e.location() != null ? e.location() : at;
        // The expression language's message already quotes the expression and says why it failed.
        return (where == null ? "" : where + ": ") + field + ": " + e.getMessage();
    }

    Set<Reference> referencesQuietly(Located<String> text, boolean condition) {
        try {
            return run.cfg().expressions.references(text.value(), text.location(), condition);
        } catch (ExpressionException e) {
            return Set.of();
        }
    }

    /** Whether any template among the step's (non-expression) inputs reads a value not known yet. */
    boolean readsUnknown(Node.Mapping with, ActionSpec spec, Map<String, Object> scope) {
        if (with == null) {
            return false;
        }
        for (Node.Entry e : with.entries()) {
            boolean raw = spec.input(e.key()).map(IoSpec::type).orElse(ValueType.ANY) == ValueType.EXPRESSION;
            if (!raw && nodeReadsUnknown(e.value(), scope)) {
                return true;
            }
        }
        return false;
    }

    private boolean nodeReadsUnknown(Node node, Map<String, Object> scope) {
        if (node instanceof Node.Scalar) {
            Node.Scalar s = (Node.Scalar) node;
            if (!(s.value() instanceof String) || !((String) s.value()).contains("${{")) {
                return false;
            }
            try {
                for (Reference r : run.cfg().expressions.references((String) s.value(), s.location(), false)) {
                    if (Values.lookup(scope, r.path()) instanceof Unknown) {
                        return true;
                    }
                }
            } catch (ExpressionException e) {
                return false;
            }
            return false;
        }
        if (node instanceof Node.Sequence) {
            return ((Node.Sequence) node).items().stream().anyMatch(n -> nodeReadsUnknown(n, scope));
        }
        return ((Node.Mapping) node).entries().stream().anyMatch(e -> nodeReadsUnknown(e.value(), scope));
    }

    Kind kindOf(Action action, Inputs inputs, boolean known) {
        try {
            return action.kind(inputs);
        } catch (RuntimeException e) {
            if (known) {
                throw e;
            }
            // Undecidable before the run: assume the worst.
            return Kind.MUTATING;
        }
    }

    Preview previewOf(Action action, Inputs inputs) {
        try {
            Preview p = action.preview(inputs);
            return p == null ? Preview.of(action.name()) : p;
        } catch (RuntimeException e) {
            return Preview.of(action.name() + " (no preview: " + RunLoop.describe(e) + ")");
        }
    }

    Duration timeout(Step step, Map<String, Object> scope) {
        Located<String> t = step.timeout();
        if (t == null || t.value() == null || t.value().isBlank()) {
            return null;
        }
        if (Durations.isDuration(t.value())) {
            return Durations.parse(t.value());
        }
        Object v = template(t.value(), t.location(), scope, "timeout");
        if (v instanceof Unknown) {
            return null;
        }
        if (v instanceof Duration) {
            return (Duration) v;
        }
        try {
            return Durations.parse(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new StepStop(StepStatus.FAILED, t.location() + ": timeout: " + e.getMessage(), 0);
        }
    }

    /** What a dry-run says would be asked. */
    List<String> prompts(Step step, Action action, Inputs inputs, Map<String, Object> scope) {
        List<String> out = new ArrayList<>();
        Confirm c = step.confirm();
        if (c instanceof Confirm.YesNo) {
            out.add("y/N: apply '" + step.displayTitle() + "'?");
        } else if (c instanceof Confirm.Typed) {
            Located<String> v = ((Confirm.Typed) c).value();
            out.add("type '" + template(v.value(), v.location(), scope, "confirm") + "' to apply");
        } else if (c instanceof Confirm.Approvers) {
            out.add("approval by " + ((Confirm.Approvers) c).count() + " different people");
        }
        if ("manual".equals(action.name())) {
            for (Object item : inputs.list("checklist")) {
                out.add("acknowledge: " + item);
            }
        }
        return out;
    }
}
