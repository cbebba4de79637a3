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

/** {@code aws.appconfig.get-configuration}: the content of the latest hosted version of a configuration profile. */
final class GetConfigurationAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.appconfig.get-configuration",
            "Reads the latest hosted configuration version of an AppConfig profile (the content, and its JSON).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("application", ValueType.STRING, "the application id"),
                    IoSpec.required("profile", ValueType.STRING, "the configuration profile id")),
            List.of(IoSpec.output("version", ValueType.INTEGER, "the latest version number"),
                    IoSpec.output("contentType", ValueType.STRING, "e.g. application/json"),
                    IoSpec.output("content", ValueType.STRING, "the content as text"),
                    IoSpec.output("json", ValueType.ANY, "the content parsed as JSON, or null when it is not JSON")),
            false);

    GetConfigurationAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(AppConfigHosted.listCall(inputs.string("application"), inputs.string("profile")),
                AppConfigHosted.getCall(inputs.string("application"), inputs.string("profile")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        AppConfigHosted.Latest latest = AppConfigHosted.latest(this, required(inputs, "application"),
                required(inputs, "profile"), context);
        Object json;
        try {
            json = AwsJson.parse(latest.content());
        } catch (Exception e) {
            json = null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", latest.version());
        out.put("contentType", latest.contentType());
        out.put("content", latest.content());
        out.put("json", json);
        return Outputs.of(out);
    }
}
