package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * What the ECS actions share: the cluster and service inputs, reading one service (DescribeServices answers a
 * missing service with a "failure", not an error: that becomes "not found" here), and the service as outputs.
 */
final class EcsServices {
    static final IoSpec CLUSTER = IoSpec.required("cluster", ValueType.STRING, "the cluster name or ARN");
    static final IoSpec SERVICE = IoSpec.required("service", ValueType.STRING, "the service name or ARN");

    static final List<IoSpec> OUTPUTS = List.of(
            IoSpec.output("serviceArn", ValueType.STRING, "the service ARN"),
            IoSpec.output("status", ValueType.STRING, "ACTIVE, DRAINING or INACTIVE"),
            IoSpec.output("desiredCount", ValueType.INTEGER, "the number of tasks the service should run"),
            IoSpec.output("runningCount", ValueType.INTEGER, "the number of tasks RUNNING"),
            IoSpec.output("pendingCount", ValueType.INTEGER, "the number of tasks PENDING"),
            IoSpec.output("taskDefinition", ValueType.STRING, "the task definition ARN the service runs"),
            IoSpec.output("deploymentId", ValueType.STRING, "the PRIMARY deployment's id"),
            IoSpec.output("rolloutState", ValueType.STRING,
                    "the PRIMARY deployment's IN_PROGRESS, COMPLETED or FAILED (\"\" without the ECS controller)"),
            IoSpec.output("deployments", ValueType.LIST,
                    "every deployment: id, status, taskDefinition, desiredCount, runningCount, rolloutState"));

    private EcsServices() {
    }

    static ApiCall describeCall(Inputs inputs) {
        return describeCall(inputs.string("cluster"), inputs.string("service"));
    }

    static ApiCall describeCall(String cluster, String service) {
        return ApiCall.of("ecs", "DescribeServices", "cluster", cluster, "services", List.of(service));
    }

    static String resource(String cluster, String service) {
        return "service '" + service + "' in cluster '" + cluster + "'";
    }

    /** The service, or a failure naming it when ECS does not know it or it was deleted. */
    static Service describe(AwsAction action, String cluster, String service, ActionContext context)
            throws Exception {
        DescribeServicesResponse r = action.call(describeCall(cluster, service), resource(cluster, service),
                () -> action.aws().ecs().describeServices(b -> b.cluster(cluster).services(service)
                        .overrideConfiguration(AwsClients.within(context))));
        if (r.hasServices() && !r.services().isEmpty()) {
            Service s = r.services().get(0);
            if ("INACTIVE".equals(s.status())) {
                throw new ActionFailedException(resource(cluster, service) + " is INACTIVE (deleted)");
            }
            return s;
        }
        String reason = "";
        if (r.hasFailures() && !r.failures().isEmpty()) {
            Failure f = r.failures().get(0);
            reason = " (ecs:DescribeServices: " + f.reason() + (f.detail() == null ? "" : ", " + f.detail()) + ")";
        }
        throw new ActionFailedException(resource(cluster, service) + " not found" + reason);
    }

    static Deployment primary(Service s) {
        for (Deployment d : s.deployments()) {
            if ("PRIMARY".equals(d.status())) {
                return d;
            }
        }
        return null;
    }

    static Map<String, Object> outputs(Service s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serviceArn", s.serviceArn());
        out.put("status", s.status());
        out.put("desiredCount", (long) orZero(s.desiredCount()));
        out.put("runningCount", (long) orZero(s.runningCount()));
        out.put("pendingCount", (long) orZero(s.pendingCount()));
        out.put("taskDefinition", s.taskDefinition());
        Deployment p = primary(s);
        out.put("deploymentId", p == null ? "" : p.id());
        out.put("rolloutState", p == null || p.rolloutStateAsString() == null ? "" : p.rolloutStateAsString());
        List<Object> deployments = new ArrayList<>();
        for (Deployment d : s.deployments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("status", d.status());
            m.put("taskDefinition", d.taskDefinition());
            m.put("desiredCount", (long) orZero(d.desiredCount()));
            m.put("runningCount", (long) orZero(d.runningCount()));
            m.put("rolloutState", d.rolloutStateAsString() == null ? "" : d.rolloutStateAsString());
            deployments.add(m);
        }
        out.put("deployments", deployments);
        return out;
    }

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /**
     * Whether a task definition as given (an ARN, or {@code family:revision}) is the one an ARN names.
     * A bare family matches no ARN: which revision is meant is not known.
     */
    static boolean sameTaskDefinition(String given, String arn) {
        if (given == null || arn == null) {
            return false;
        }
        return given.equals(arn) || arn.endsWith(":task-definition/" + given);
    }
}
