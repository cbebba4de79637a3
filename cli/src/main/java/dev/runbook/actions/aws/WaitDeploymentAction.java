package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.appconfig.model.GetDeploymentResponse;

/**
 * {@code aws.appconfig.wait-deployment}: polls a deployment until COMPLETE (success) or ROLLED_BACK (failure, with
 * what to look at), showing its progress. The step's timeout bounds the wait.
 */
final class WaitDeploymentAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.appconfig.wait-deployment",
            "Waits for an AppConfig deployment: COMPLETE succeeds, ROLLED_BACK fails; shows the percentage done.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("application", ValueType.STRING, "the application id"),
                    IoSpec.required("environment", ValueType.STRING, "the environment id"),
                    IoSpec.required("deployment", ValueType.INTEGER, "the deployment number"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 10s)")),
            List.of(IoSpec.output("state", ValueType.STRING, "COMPLETE"),
                    IoSpec.output("percentage", ValueType.NUMBER, "the percentage complete")),
            false);

    WaitDeploymentAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("appconfig", "GetDeployment", "ApplicationId", inputs.string("application"),
                "EnvironmentId", inputs.string("environment"), "DeploymentNumber", inputs.get("deployment"))
                .note("every " + inputs.string("interval", "10s") + " until COMPLETE or ROLLED_BACK"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String app = required(inputs, "application");
        String env = required(inputs, "environment");
        int number = (int) inputs.integer("deployment", -1);
        Duration interval = inputs.duration("interval", Duration.ofSeconds(10));
        Instant start = context.clock().instant();
        while (true) {
            GetDeploymentResponse d = call(calls(inputs).get(0), "deployment " + number + " of environment '" + env
                    + "'", () -> aws().appConfig().getDeployment(b -> b.applicationId(app).environmentId(env)
                            .deploymentNumber(number).overrideConfiguration(AwsClients.within(context))));
            String state = d.stateAsString();
            if ("COMPLETE".equals(state)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("state", state);
                out.put("percentage", d.percentageComplete() == null ? 100.0 : d.percentageComplete().doubleValue());
                return Outputs.of(out);
            }
            if ("ROLLED_BACK".equals(state) || "REVERTED".equals(state)) {
                throw new ActionFailedException("deployment " + number + " to environment '" + env + "' was "
                        + state.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": the previous configuration "
                        + "is live again. Look at the environment's CloudWatch alarms (a monitor may have fired) "
                        + "and at the deployment's event log (aws appconfig get-deployment), fix the configuration, "
                        + "then deploy again");
            }
            context.progress("deployment " + number + ": " + state + ", " + (d.percentageComplete() == null ? 0
                    : d.percentageComplete()) + "% done, " + Durations.format(Duration.between(start,
                    context.clock().instant())));
            context.sleep(interval);
        }
    }
}
