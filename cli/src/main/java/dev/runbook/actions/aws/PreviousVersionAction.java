package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code aws.lambda.previous-version}: the published version just before a given one, for a rollback. The given
 * version must exist; when it is the first one, the output is empty (a {@code check} can stop the run there).
 */
final class PreviousVersionAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.lambda.previous-version",
            "Finds the published version of a Lambda function just before a given one (empty when there is none).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("function", ValueType.STRING, "the function name or ARN"),
                    IoSpec.required("before", ValueType.STRING, "the version to go back from, e.g. the alias's")),
            List.of(IoSpec.output("version", ValueType.STRING, "the previous version, or \"\" when there is none")),
            false);

    PreviousVersionAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("lambda", "ListVersionsByFunction", "FunctionName", inputs.string("function"))
                .note("every page; the version before " + inputs.string("before")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String function = required(inputs, "function");
        String before = required(inputs, "before");
        List<String> versions = ListVersionsAction.versions(this, function, context);
        int at = versions.indexOf(before);
        if (at < 0) {
            throw new ActionFailedException("version " + before + " of function '" + function + "' does not exist "
                    + "(published: " + (versions.isEmpty() ? "none" : String.join(", ", versions)) + ")");
        }
        return Outputs.of(Map.of("version", at == 0 ? "" : versions.get(at - 1)));
    }
}
