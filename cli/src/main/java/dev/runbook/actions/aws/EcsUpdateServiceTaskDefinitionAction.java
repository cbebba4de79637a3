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
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code aws.ecs.update-service-task-definition}: points an ECS service at a task definition (a rollback to the
 * previous revision, or forward again), which starts a rolling deployment. The one it ran before is in
 * {@code outputs.before}, for the step's undo. Nothing is sent when the service already runs that one.
 */
final class EcsUpdateServiceTaskDefinitionAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ecs.update-service-task-definition",
            "Points an ECS service at a task definition (before and after shown; undo: back to outputs.before), "
                    + "starting a rolling deployment; follow it with aws.ecs.wait-stable.",
            Kind.MUTATING,
            List.of(EcsServices.CLUSTER, EcsServices.SERVICE,
                    IoSpec.required("task-definition", ValueType.STRING,
                            "the task definition ARN or family:revision to run")),
            List.of(IoSpec.output("before", ValueType.STRING, "the task definition ARN the service ran before"),
                    IoSpec.output("after", ValueType.STRING, "the task definition ARN it runs now"),
                    IoSpec.output("deploymentId", ValueType.STRING, "the PRIMARY deployment's id")),
            false);

    EcsUpdateServiceTaskDefinitionAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(EcsServices.describeCall(inputs), update(inputs.string("cluster"), inputs.string("service"),
                inputs.string("task-definition"))
                .note("only when the service does not already run " + inputs.string("task-definition")));
    }

    private static ApiCall update(String cluster, String service, String taskDefinition) {
        return ApiCall.of("ecs", "UpdateService", "cluster", cluster, "service", service,
                "taskDefinition", taskDefinition);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String cluster = required(inputs, "cluster");
        String service = required(inputs, "service");
        String td = required(inputs, "task-definition");
        Service s = EcsServices.describe(this, cluster, service, context);
        String before = s.taskDefinition();
        if (EcsServices.sameTaskDefinition(td, before)) {
            context.output("stdout", "task definition: already " + before);
            return Outputs.of(outputs(before, s));
        }
        Service after = call(update(cluster, service, td), "task definition '" + td + "' or "
                + EcsServices.resource(cluster, service), () -> aws().ecs().updateService(b -> b.cluster(cluster)
                        .service(service).taskDefinition(td).overrideConfiguration(AwsClients.within(context))))
                .service();
        context.output("stdout", "task definition: " + before + " -> " + after.taskDefinition());
        return Outputs.of(outputs(before, after));
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        Service s = EcsServices.describe(this, required(inputs, "cluster"), required(inputs, "service"), context);
        if (!EcsServices.sameTaskDefinition(required(inputs, "task-definition"), s.taskDefinition())) {
            return Optional.empty();
        }
        // While the rollout runs, the deployment it replaces (ACTIVE) still names what ran before; once it is
        // done that is not known any more, and outputs.before is left out rather than guessed (an undo needing it
        // fails saying so).
        Deployment replaced = null;
        for (Deployment d : s.deployments()) {
            if ("ACTIVE".equals(d.status()) && (replaced == null || d.createdAt() != null
                    && replaced.createdAt() != null && d.createdAt().isAfter(replaced.createdAt()))) {
                replaced = d;
            }
        }
        Map<String, Object> out = outputs(replaced == null ? null : replaced.taskDefinition(), s);
        if (replaced == null) {
            out.remove("before");
        }
        return Optional.of(Outputs.of(out));
    }

    private static Map<String, Object> outputs(String before, Service s) {
        Deployment p = EcsServices.primary(s);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", before);
        out.put("after", s.taskDefinition());
        out.put("deploymentId", p == null ? "" : p.id());
        return out;
    }
}
