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
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.appconfig.model.DeploymentSummary;
import software.amazon.awssdk.services.appconfig.model.ListDeploymentsResponse;
import software.amazon.awssdk.services.appconfig.model.StartDeploymentResponse;

/** {@code aws.appconfig.start-deployment}: deploys a configuration version to an environment with a strategy. */
final class StartDeploymentAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.appconfig.start-deployment",
            "Starts an AppConfig deployment of a configuration version to an environment with a deployment "
                    + "strategy; wait for it with aws.appconfig.wait-deployment.",
            Kind.MUTATING,
            List.of(IoSpec.required("application", ValueType.STRING, "the application id"),
                    IoSpec.required("environment", ValueType.STRING, "the environment id"),
                    IoSpec.required("profile", ValueType.STRING, "the configuration profile id"),
                    IoSpec.required("version", ValueType.STRING, "the configuration version to deploy"),
                    IoSpec.required("strategy", ValueType.STRING,
                            "the deployment strategy id, e.g. AppConfig.AllAtOnce"),
                    IoSpec.optional("description", ValueType.STRING, "the deployment's description")),
            List.of(IoSpec.output("deployment", ValueType.INTEGER, "the deployment number"),
                    IoSpec.output("state", ValueType.STRING, "the deployment's state, e.g. DEPLOYING")),
            false);

    StartDeploymentAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("appconfig", "StartDeployment", "ApplicationId", inputs.string("application"),
                "EnvironmentId", inputs.string("environment"), "ConfigurationProfileId", inputs.string("profile"),
                "ConfigurationVersion", inputs.string("version"), "DeploymentStrategyId", inputs.string("strategy"),
                "Description", inputs.string("description")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String app = required(inputs, "application");
        String env = required(inputs, "environment");
        StartDeploymentResponse r = call(calls(inputs).get(0), "environment '" + env + "' of application '" + app
                + "'", () -> aws().appConfig().startDeployment(b -> b.applicationId(app).environmentId(env)
                        .configurationProfileId(inputs.string("profile")).configurationVersion(inputs.string("version"))
                        .deploymentStrategyId(inputs.string("strategy")).description(inputs.string("description"))
                        .overrideConfiguration(AwsClients.within(context))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", r.deploymentNumber());
        out.put("state", r.stateAsString());
        return Outputs.of(out);
    }

    /** Done when the environment's newest deployment is of this version and has not been rolled back. */
    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        String app = required(inputs, "application");
        String env = required(inputs, "environment");
        ApiCall list = ApiCall.of("appconfig", "ListDeployments", "ApplicationId", app, "EnvironmentId", env);
        ListDeploymentsResponse r = call(list, "environment '" + env + "'", () -> aws().appConfig()
                .listDeployments(b -> b.applicationId(app).environmentId(env).maxResults(1)
                        .overrideConfiguration(AwsClients.within(context))));
        if (!r.hasItems() || r.items().isEmpty()) {
            return Optional.empty();
        }
        DeploymentSummary d = r.items().get(0);
        if (!required(inputs, "version").equals(d.configurationVersion()) || d.stateAsString().startsWith("ROLL")) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployment", d.deploymentNumber());
        out.put("state", d.stateAsString());
        return Optional.of(Outputs.of(out));
    }
}
