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
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;

/**
 * {@code aws.ssm.put-parameter}: writes a Parameter Store value. A SecureString value is a secret: the dry-run shows
 * {@code ***} and the run declares it secret before the call.
 */
final class PutParameterAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ssm.put-parameter",
            "Writes an SSM Parameter Store parameter (String, StringList or SecureString; a SecureString value is "
                    + "a secret).",
            Kind.MUTATING,
            List.of(IoSpec.required("name", ValueType.STRING, "the parameter name"),
                    IoSpec.required("value", ValueType.STRING, "the new value"),
                    IoSpec.optional("type", ValueType.STRING, "String (default), StringList or SecureString"),
                    IoSpec.optional("overwrite", ValueType.BOOLEAN, "replace an existing value (default true)")),
            List.of(IoSpec.output("version", ValueType.INTEGER, "the parameter's new version")),
            false);

    PutParameterAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("ssm", "PutParameter", "Name", inputs.string("name"),
                "Value", secure(inputs) ? "***" : inputs.string("value"), "Type", type(inputs),
                "Overwrite", inputs.bool("overwrite", true)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String name = required(inputs, "name");
        String value = inputs.string("value");
        if (value == null) {
            throw new ActionFailedException("input 'value' is missing");
        }
        ParameterType type = ParameterType.fromValue(type(inputs));
        if (type == null || type == ParameterType.UNKNOWN_TO_SDK_VERSION) {
            throw new ActionFailedException("type must be String, StringList or SecureString, got '"
                    + inputs.string("type") + "'");
        }
        if (type == ParameterType.SECURE_STRING && !value.isEmpty()) {
            context.secret(value);
        }
        PutParameterResponse r = call(calls(inputs).get(0), "parameter '" + name + "'", () -> aws().ssm()
                .putParameter(b -> b.name(name).value(value).type(type).overwrite(inputs.bool("overwrite", true))
                        .overrideConfiguration(AwsClients.within(context))));
        return Outputs.of(Map.of("version", r.version()));
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        try {
            Parameter p = GetParameterAction.read(this, required(inputs, "name"), true, context);
            return String.valueOf(inputs.string("value")).equals(p.value())
                    ? Optional.of(new Outputs(Map.of("version", p.version()), Set.of())) : Optional.empty();
        } catch (ActionFailedException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean secure(Inputs inputs) {
        return "SecureString".equals(type(inputs));
    }

    private static String type(Inputs inputs) {
        return inputs.string("type", "String").trim();
    }
}
