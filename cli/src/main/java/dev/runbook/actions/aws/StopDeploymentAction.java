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
import software.amazon.awssdk.services.appconfig.model.StopDeploymentResponse;

/** {@code aws.appconfig.stop-deployment}: stops a deployment in progress (AWS rolls the environment back). */
final class StopDeploymentAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.appconfig.stop-deployment",
            "Stops an AppConfig deployment in progress; AWS rolls the environment back to the previous "
                    + "configuration.",
            Kind.MUTATING,
            List.of(IoSpec.required("application", ValueType.STRING, "the application id"),
                    IoSpec.required("environment", ValueType.STRING, "the environment id"),
                    IoSpec.required("deployment", ValueType.INTEGER, "the deployment number")),
            List.of(IoSpec.output("state", ValueType.STRING, "the deployment's state, e.g. ROLLING_BACK")),
            false);

    StopDeploymentAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("appconfig", "StopDeployment", "ApplicationId", inputs.string("application"),
                "EnvironmentId", inputs.string("environment"), "DeploymentNumber", inputs.get("deployment")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String app = required(inputs, "application");
        String env = required(inputs, "environment");
        int number = (int) inputs.integer("deployment", -1);
        StopDeploymentResponse r = call(calls(inputs).get(0), "deployment " + number + " of environment '" + env
                + "'", () -> aws().appConfig().stopDeployment(b -> b.applicationId(app).environmentId(env)
                        .deploymentNumber(number).overrideConfiguration(AwsClients.within(context))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", r.stateAsString());
        return Outputs.of(out);
    }
}
