package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;

/**
 * {@code assert}: fails the step unless an expression is true; the failure names the values the expression read,
 * so the operator sees why ({@code steps.count.outputs.n = 3, params.min = 5}).
 */
public final class AssertAction implements Action {
    private static final ActionSpec SPEC = new ActionSpec(
            "assert",
            "Fails the step unless an expression is true.",
            Kind.READ_ONLY,
            List.of(
                    IoSpec.required("that", ValueType.EXPRESSION, "the condition that must be true"),
                    IoSpec.optional("message", ValueType.STRING, "what to tell the operator when it is false")),
            List.of(),
            false);

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public Preview preview(Inputs inputs) {
        Preview summary = Preview.of("assert " + Texts.oneLine(Texts.bareExpression(inputs.string("that", ""))));
        return inputs.has("message")
                ? new Preview(summary.summary(), List.of("message: " + inputs.string("message")))
                : summary;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String that = inputs.string("that");
        if (that == null || that.isBlank()) {
            throw new ActionFailedException("that is missing: give the expression that must be true");
        }
        Object result = context.evaluate(that, Map.of());
        if (Boolean.TRUE.equals(result)) {
            return Outputs.NONE;
        }
        String bare = Texts.bareExpression(that);
        String because = explanation(context.explain(that));
        if (Boolean.FALSE.equals(result)) {
            String message = inputs.has("message") ? inputs.string("message") : "assertion failed: " + bare;
            throw new ActionFailedException(message + because);
        }
        throw new ActionFailedException("assertion is neither true nor false: " + bare + " gave "
                + Texts.describe(result) + because);
    }

    private static String explanation(String explain) {
        return explain == null || explain.isBlank() ? "" : " (" + explain + ")";
    }
}
