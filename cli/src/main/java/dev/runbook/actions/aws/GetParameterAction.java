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
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.model.Parameter;

/** {@code aws.ssm.get-parameter}: a Parameter Store value; a SecureString's value is a secret from then on. */
final class GetParameterAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ssm.get-parameter",
            "Reads an SSM Parameter Store parameter; a SecureString value is decrypted and treated as a secret "
                    + "(shown and recorded as ***).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("name", ValueType.STRING, "the parameter name, e.g. /orders/table"),
                    IoSpec.optional("decrypt", ValueType.BOOLEAN, "decrypt a SecureString (default true)")),
            List.of(IoSpec.output("value", ValueType.STRING, "the value (secret for a SecureString)"),
                    IoSpec.output("type", ValueType.STRING, "String, StringList or SecureString"),
                    IoSpec.output("version", ValueType.INTEGER, "the parameter's version")),
            false);

    GetParameterAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("ssm", "GetParameter", "Name", inputs.string("name"),
                "WithDecryption", inputs.bool("decrypt", true)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        Parameter p = read(this, required(inputs, "name"), inputs.bool("decrypt", true), context);
        boolean secret = "SecureString".equals(p.typeAsString());
        if (secret && p.value() != null && !p.value().isEmpty()) {
            context.secret(p.value());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", p.value());
        out.put("type", p.typeAsString());
        out.put("version", p.version());
        return new Outputs(out, secret ? Set.of("value") : Set.of());
    }

    static Parameter read(AwsAction action, String name, boolean decrypt, ActionContext context) throws Exception {
        ApiCall call = ApiCall.of("ssm", "GetParameter", "Name", name);
        return action.call(call, "parameter '" + name + "'", () -> action.aws().ssm().getParameter(b -> b.name(name)
                .withDecryption(decrypt).overrideConfiguration(AwsClients.within(context))).parameter());
    }
}
