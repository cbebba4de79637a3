package dev.runbook.exec;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.IoSpec;
import dev.runbook.action.ValueType;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Reference;
import dev.runbook.model.Located;
import dev.runbook.model.Node;
import dev.runbook.model.Step;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The outputs of other steps that a step's expressions read ({@code steps.X.outputs...}): in its {@code if}, or in
 * the rest of what it shows or applies (inputs, {@code check}, {@code instructions}). The skip rule ("a step that
 * reads outputs of a step that was skipped is skipped") and the preflight ("a step that reads outputs of a mutating
 * step the preflight did not apply is not run") both ask this. An expression that does not parse reads nothing here:
 * it fails where it is evaluated, with its own message.
 */
final class StepReads {
    private final ExpressionEvaluator expressions;

    StepReads(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** What the step's {@code if} reads of other steps' outputs. */
    Set<Reference> inCondition(Step step) {
        Set<Reference> out = new LinkedHashSet<>();
        add(out, step.condition(), true);
        return out;
    }

    /** What the step's inputs, {@code check} and {@code instructions} read of other steps' outputs. */
    Set<Reference> inBody(Step step, ActionSpec spec) {
        Set<Reference> out = new LinkedHashSet<>();
        if (step.with() != null) {
            for (Node.Entry e : step.with().entries()) {
                boolean raw = spec != null
                        && spec.input(e.key()).map(IoSpec::type).orElse(ValueType.ANY) == ValueType.EXPRESSION;
                addNode(out, e.value(), raw);
            }
        }
        add(out, step.check(), true);
        if (step.instructions() != null && step.instructions().contains("${{")) {
            addText(out, step.instructions(), step.location(), false);
        }
        return out;
    }

    /** Both of the above. */
    Set<Reference> all(Step step, ActionSpec spec) {
        Set<Reference> out = inCondition(step);
        out.addAll(inBody(step, spec));
        return out;
    }

    /** The step id a {@code steps.X.outputs...} reference reads, or null for any other reference. */
    static String stepOf(Reference r) {
        return r.path().size() >= 3 && r.path().get(0).equals("steps") && r.path().get(2).equals("outputs")
                ? r.path().get(1) : null;
    }

    private void add(Set<Reference> out, Located<String> text, boolean condition) {
        if (text != null && text.value() != null) {
            addText(out, text.value(), text.location(), condition);
        }
    }

    private void addNode(Set<Reference> out, Node node, boolean raw) {
        if (node instanceof Node.Scalar) {
            Object v = ((Node.Scalar) node).value();
            if (v instanceof String && (raw || ((String) v).contains("${{"))) {
                addText(out, (String) v, node.location(), raw);
            }
        } else if (node instanceof Node.Sequence) {
            for (Node item : ((Node.Sequence) node).items()) {
                addNode(out, item, raw);
            }
        } else if (node instanceof Node.Mapping) {
            for (Node.Entry e : ((Node.Mapping) node).entries()) {
                addNode(out, e.value(), raw);
            }
        }
    }

    private void addText(Set<Reference> out, String text, dev.runbook.model.Location at, boolean condition) {
        try {
            for (Reference r : expressions.references(text, at, condition)) {
                if (stepOf(r) != null) {
                    out.add(r);
                }
            }
        } catch (ExpressionException e) {
            // Reported where it is evaluated.
        }
    }
}
