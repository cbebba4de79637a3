package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import java.util.List;
import java.util.function.Supplier;

/** {@code aws.ecs.describe-service}: one ECS service's counts, task definition and deployments. */
final class EcsDescribeServiceAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ecs.describe-service",
            "Reads an ECS service: desired, running and pending counts, the task definition it runs and its "
                    + "deployments (the PRIMARY one's rollout state).",
            Kind.READ_ONLY,
            List.of(EcsServices.CLUSTER, EcsServices.SERVICE),
            EcsServices.OUTPUTS,
            false);

    EcsDescribeServiceAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(EcsServices.describeCall(inputs));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        return Outputs.of(EcsServices.outputs(EcsServices.describe(this, required(inputs, "cluster"),
                required(inputs, "service"), context)));
    }
}
