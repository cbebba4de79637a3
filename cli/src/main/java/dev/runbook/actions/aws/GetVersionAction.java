package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * {@code aws.lambda.get-version}: what one published version of a function is (description, code SHA-256, last
 * modified), so an operator can compare the two versions of a rollback before confirming it.
 */
final class GetVersionAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.lambda.get-version",
            "Reads one published version of a Lambda function: its description, code SHA-256 and last modified time.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("function", ValueType.STRING, "the function name or ARN"),
                    IoSpec.required("version", ValueType.STRING, "the published version, e.g. 7")),
            List.of(IoSpec.output("version", ValueType.STRING, "the version"),
                    IoSpec.output("description", ValueType.STRING, "the version's description"),
                    IoSpec.output("codeHash", ValueType.STRING, "the SHA-256 of the deployment package (CodeSha256)"),
                    IoSpec.output("lastModified", ValueType.STRING, "when the version was published (ISO-8601)"),
                    IoSpec.output("state", ValueType.STRING, "the function's state, e.g. Active")),
            false);

    GetVersionAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("lambda", "GetFunctionConfiguration", "FunctionName", inputs.string("function"),
                "Qualifier", inputs.string("version")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String function = required(inputs, "function");
        String version = required(inputs, "version");
        ApiCall call = calls(inputs).get(0);
        GetFunctionConfigurationResponse r = call(call, "version " + version + " of function '" + function + "'",
                () -> aws().lambda().getFunctionConfiguration(b -> b.functionName(function).qualifier(version)
                        .overrideConfiguration(AwsClients.within(context))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", r.version());
        out.put("description", r.description() == null ? "" : r.description());
        out.put("codeHash", r.codeSha256());
        out.put("lastModified", r.lastModified());
        out.put("state", r.stateAsString());
        return Outputs.of(out);
    }
}
