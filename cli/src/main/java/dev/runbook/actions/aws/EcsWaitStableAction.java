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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code aws.ecs.wait-stable}: polls an ECS service until it is stable as {@code aws ecs wait services-stable}
 * means it (one deployment, running count equal to desired count) and, further, that deployment's rollout is
 * COMPLETED (services without the ECS deployment controller report no rollout state: the counts decide). A
 * deployment whose rollout FAILED (the deployment circuit breaker tripped) ends the wait at once, saying what the
 * circuit breaker rolls back to. The step's timeout bounds the wait.
 */
final class EcsWaitStableAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ecs.wait-stable",
            "Waits until an ECS service is stable: one deployment, running count = desired count, rollout "
                    + "COMPLETED; fails at once when a rollout FAILED (circuit breaker). Shows the counts.",
            Kind.READ_ONLY,
            List.of(EcsServices.CLUSTER, EcsServices.SERVICE,
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 15s)")),
            EcsServices.OUTPUTS,
            false);

    EcsWaitStableAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(EcsServices.describeCall(inputs).note("every " + inputs.string("interval", "15s")
                + " until one deployment, COMPLETED, running = desired; a FAILED rollout fails"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String cluster = required(inputs, "cluster");
        String service = required(inputs, "service");
        Duration interval = inputs.duration("interval", Duration.ofSeconds(15));
        if (interval.isNegative() || interval.isZero()) {
            throw new ActionFailedException("interval must be more than 0s, got " + inputs.get("interval"));
        }
        Instant start = context.clock().instant();
        while (true) {
            Service s = EcsServices.describe(this, cluster, service, context);
            failed(s, cluster, service);
            if (stable(s)) {
                return Outputs.of(EcsServices.outputs(s));
            }
            context.progress(status(s) + ", " + Durations.format(Duration.between(start, context.clock().instant())));
            context.sleep(interval);
        }
    }

    static boolean stable(Service s) {
        if (s.deployments().size() != 1) {
            return false;
        }
        Deployment d = s.deployments().get(0);
        String rollout = d.rolloutStateAsString();
        return EcsServices.orZero(s.runningCount()) == EcsServices.orZero(s.desiredCount())
                && (rollout == null || "COMPLETED".equals(rollout));
    }

    /** {@code 2 of 4 running, 2 deployments, PRIMARY IN_PROGRESS (orders:8)}. */
    private static String status(Service s) {
        Deployment p = EcsServices.primary(s);
        return EcsServices.orZero(s.runningCount()) + " of " + EcsServices.orZero(s.desiredCount()) + " running, "
                + s.deployments().size() + " deployment" + (s.deployments().size() == 1 ? "" : "s")
                + (p == null ? "" : ", PRIMARY " + (p.rolloutStateAsString() == null ? ""
                        : p.rolloutStateAsString() + " ") + "(" + shortName(p.taskDefinition()) + ")");
    }

    private static void failed(Service s, String cluster, String service) throws ActionFailedException {
        List<String> why = new ArrayList<>();
        for (Deployment d : s.deployments()) {
            if ("FAILED".equals(d.rolloutStateAsString())) {
                why.add("deployment " + d.id() + " of " + shortName(d.taskDefinition()) + " FAILED"
                        + (d.rolloutStateReason() == null ? "" : ": " + d.rolloutStateReason()));
            }
        }
        if (why.isEmpty()) {
            return;
        }
        Deployment p = EcsServices.primary(s);
        boolean rollingBack = p != null && !"FAILED".equals(p.rolloutStateAsString());
        throw new ActionFailedException(EcsServices.resource(cluster, service) + " is not stabilising: "
                + String.join("; ", why) + (rollingBack ? " (the circuit breaker is rolling back to "
                        + shortName(p.taskDefinition()) + ")" : "")
                + ". Look at the service's events (aws ecs describe-services) and the stopped tasks' reasons");
    }

    /** {@code orders:8} of a task definition ARN. */
    static String shortName(String arn) {
        if (arn == null) {
            return "?";
        }
        int i = arn.indexOf(":task-definition/");
        return i < 0 ? arn : arn.substring(i + ":task-definition/".length());
    }
}
