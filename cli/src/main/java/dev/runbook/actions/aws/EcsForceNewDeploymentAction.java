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
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code aws.ecs.force-new-deployment}: starts a rolling deployment of the same task definition, so that new tasks
 * pick up what changed outside it (a repointed table name in a parameter, a rotated secret). There is no "already
 * done" probe: AWS cannot tell a deployment forced by this step from any other, and forcing one more is harmless.
 */
final class EcsForceNewDeploymentAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ecs.force-new-deployment",
            "Forces a new rolling deployment of an ECS service with its current task definition (tasks restart "
                    + "and re-read their configuration); follow it with aws.ecs.wait-stable.",
            Kind.MUTATING,
            List.of(EcsServices.CLUSTER, EcsServices.SERVICE),
            List.of(IoSpec.output("before", ValueType.STRING, "the PRIMARY deployment's id before the step"),
                    IoSpec.output("deploymentId", ValueType.STRING, "the new PRIMARY deployment's id"),
                    IoSpec.output("taskDefinition", ValueType.STRING, "the task definition it deploys")),
            false);

    EcsForceNewDeploymentAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(EcsServices.describeCall(inputs), ApiCall.of("ecs", "UpdateService", "cluster",
                inputs.string("cluster"), "service", inputs.string("service"), "forceNewDeployment", true));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String cluster = required(inputs, "cluster");
        String service = required(inputs, "service");
        Deployment was = EcsServices.primary(EcsServices.describe(this, cluster, service, context));
        Service s = call(calls(inputs).get(1), EcsServices.resource(cluster, service),
                () -> aws().ecs().updateService(b -> b.cluster(cluster).service(service).forceNewDeployment(true)
                        .overrideConfiguration(AwsClients.within(context)))).service();
        Deployment now = EcsServices.primary(s);
        String before = was == null ? "" : was.id();
        String after = now == null ? "" : now.id();
        context.output("stdout", "PRIMARY deployment: " + before + " -> " + after + " (" + s.taskDefinition() + ")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", before);
        out.put("deploymentId", after);
        out.put("taskDefinition", s.taskDefinition());
        return Outputs.of(out);
    }
}
