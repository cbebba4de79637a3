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
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;

/** {@code aws.lambda.get-alias}: the version a Lambda alias points at, and its canary routing if any. */
final class GetAliasAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.lambda.get-alias",
            "Reads a Lambda alias: the version it points at and any weighted routing to a second version.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("function", ValueType.STRING, "the function name or ARN"),
                    IoSpec.required("alias", ValueType.STRING, "the alias name, e.g. live")),
            List.of(IoSpec.output("version", ValueType.STRING, "the version the alias points at"),
                    IoSpec.output("arn", ValueType.STRING, "the alias ARN"),
                    IoSpec.output("routing", ValueType.MAP, "additional versions and their weights (0 to 1)")),
            false);

    GetAliasAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("lambda", "GetAlias", "FunctionName", inputs.string("function"),
                "Name", inputs.string("alias")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        return Outputs.of(outputs(read(this, required(inputs, "function"), required(inputs, "alias"), context)));
    }

    static GetAliasResponse read(AwsAction action, String function, String alias, ActionContext context)
            throws Exception {
        ApiCall call = ApiCall.of("lambda", "GetAlias", "FunctionName", function, "Name", alias);
        return action.call(call, "alias '" + alias + "' of function '" + function + "'", () -> action.aws().lambda()
                .getAlias(b -> b.functionName(function).name(alias).overrideConfiguration(AwsClients.within(context))));
    }

    static Map<String, Object> outputs(GetAliasResponse a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", a.functionVersion());
        out.put("arn", a.aliasArn());
        Map<String, Object> routing = new TreeMap<>();
        if (a.routingConfig() != null && a.routingConfig().hasAdditionalVersionWeights()) {
            routing.putAll(a.routingConfig().additionalVersionWeights());
        }
        out.put("routing", routing);
        return out;
    }
}
