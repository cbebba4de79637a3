package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
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
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code aws.ecs.scale-service}: sets an ECS service's desired count (0 halts its writers), reading the count
 * before so that the step's undo can scale back to it ({@code count: ${{ steps.ID.outputs.before }}}). Nothing is
 * sent when the service already wants that count. It does not wait for tasks to stop or start: follow it with
 * {@code aws.ecs.wait-stable}.
 */
final class EcsScaleServiceAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ecs.scale-service",
            "Sets an ECS service's desired count (before and after shown; undo: scale back to outputs.before); "
                    + "follow it with aws.ecs.wait-stable to wait for the tasks.",
            Kind.MUTATING,
            List.of(EcsServices.CLUSTER, EcsServices.SERVICE,
                    IoSpec.required("count", ValueType.INTEGER, "the desired count, 0 to stop every task")),
            List.of(IoSpec.output("before", ValueType.INTEGER, "the desired count before the step"),
                    IoSpec.output("after", ValueType.INTEGER, "the desired count now"),
                    IoSpec.output("runningCount", ValueType.INTEGER, "the tasks running when the step ended"),
                    IoSpec.output("serviceArn", ValueType.STRING, "the service ARN")),
            false);

    EcsScaleServiceAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(EcsServices.describeCall(inputs), update(inputs.string("cluster"), inputs.string("service"),
                inputs.get("count")).note("only when the desired count is not already " + inputs.string("count")));
    }

    private static ApiCall update(String cluster, String service, Object count) {
        return ApiCall.of("ecs", "UpdateService", "cluster", cluster, "service", service, "desiredCount", count);
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        if (literal.has("count")) {
            try {
                if (literal.integer("count", 0) < 0) {
                    return Map.of("count", "must be 0 or more, got " + literal.get("count"));
                }
            } catch (NumberFormatException e) {
                return Map.of("count", "must be a whole number, got " + literal.get("count"));
            }
        }
        return Map.of();
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String cluster = required(inputs, "cluster");
        String service = required(inputs, "service");
        int count = count(inputs);
        Service s = EcsServices.describe(this, cluster, service, context);
        int before = EcsServices.orZero(s.desiredCount());
        if (before == count) {
            context.output("stdout", "desired count: already " + count);
            return Outputs.of(outputs(before, s));
        }
        Service after = call(update(cluster, service, count), EcsServices.resource(cluster, service),
                () -> aws().ecs().updateService(b -> b.cluster(cluster).service(service).desiredCount(count)
                        .overrideConfiguration(AwsClients.within(context)))).service();
        context.output("stdout", "desired count: " + before + " -> " + EcsServices.orZero(after.desiredCount()));
        return Outputs.of(outputs(before, after));
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        Service s = EcsServices.describe(this, required(inputs, "cluster"), required(inputs, "service"), context);
        if (EcsServices.orZero(s.desiredCount()) != count(inputs)) {
            return Optional.empty();
        }
        // The count before the interrupted step is not known any more: outputs.before is left out rather than
        // guessed, so that an undo scaling back to it fails saying so instead of scaling to the count of now.
        Map<String, Object> out = outputs(0, s);
        out.remove("before");
        return Optional.of(Outputs.of(out));
    }

    private static Map<String, Object> outputs(int before, Service s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", (long) before);
        out.put("after", (long) EcsServices.orZero(s.desiredCount()));
        out.put("runningCount", (long) EcsServices.orZero(s.runningCount()));
        out.put("serviceArn", s.serviceArn());
        return out;
    }

    private static int count(Inputs inputs) throws ActionFailedException {
        long c;
        try {
            c = inputs.integer("count", -1);
        } catch (NumberFormatException e) {
            throw new ActionFailedException("count must be a whole number, got " + inputs.get("count"));
        }
        if (c < 0 || c > Integer.MAX_VALUE) {
            throw new ActionFailedException("count must be 0 or more, got " + inputs.get("count"));
        }
        return (int) c;
    }
}
