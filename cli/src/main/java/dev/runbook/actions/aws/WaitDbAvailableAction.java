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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * {@code aws.rds.wait-available}: polls an RDS DB instance or Aurora cluster until its status is {@code available}
 * (after a restore, a failover or a modification), showing the status as progress. For a cluster it also waits for
 * every DB instance of the cluster: a cluster with no available instance takes no connections. A status from which
 * the resource never becomes available by itself ({@code incompatible-restore}, {@code failed}, ...) fails at once;
 * the step's {@code timeout} bounds the wait.
 */
final class WaitDbAvailableAction extends AwsAction {
    static final String[] TARGETS = {"instance", "cluster"};
    static final Set<String> HOPELESS = Set.of("failed", "incompatible-restore", "incompatible-parameters",
            "incompatible-network", "incompatible-option-group", "incompatible-credentials",
            "inaccessible-encryption-credentials", "restore-error", "deleting", "deleted");
    static final ActionSpec SPEC = new ActionSpec("aws.rds.wait-available",
            "Waits until an RDS DB instance or an Aurora cluster (and its instances) is available, showing its "
                    + "status; bound it with the step's timeout.",
            Kind.READ_ONLY,
            List.of(IoSpec.optional("instance", ValueType.STRING, "a DB instance identifier"),
                    IoSpec.optional("cluster", ValueType.STRING, "a DB cluster identifier (give one of instance, "
                            + "cluster)"),
                    IoSpec.optional("members", ValueType.BOOLEAN,
                            "for a cluster: wait for its DB instances too (default true)"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 15s)")),
            List.of(IoSpec.output("status", ValueType.STRING, "available"),
                    IoSpec.output("endpoint", ValueType.STRING, "the (writer) endpoint address"),
                    IoSpec.output("instances", ValueType.MAP, "for a cluster: each instance's status"),
                    IoSpec.output("polls", ValueType.INTEGER, "how many times it was described"),
                    IoSpec.output("waited", ValueType.DURATION, "how long it took")),
            false);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    WaitDbAvailableAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        String every = "every " + inputs.string("interval", "15s") + " until available";
        if (inputs.has("cluster")) {
            List<ApiCall> calls = new ArrayList<>();
            calls.add(RdsResources.describeClusterCall(inputs.get("cluster")).note(every));
            if (inputs.bool("members", true)) {
                calls.add(membersCall(inputs.get("cluster")).note("the cluster's instances, " + every));
            }
            return calls;
        }
        return List.of(RdsResources.describeInstanceCall(inputs.get("instance")).note(every));
    }

    private static ApiCall membersCall(Object cluster) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("Name", "db-cluster-id");
        filter.put("Values", List.of(cluster));
        return ApiCall.of("rds", "DescribeDBInstances", "Filters", List.of(filter));
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        return RdsResources.oneOf(literal, computed, TARGETS);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String which = RdsResources.chosen(inputs, TARGETS);
        String id = required(inputs, which);
        boolean cluster = which.equals("cluster");
        boolean members = cluster && inputs.bool("members", true);
        Duration interval = inputs.duration("interval", DEFAULT_INTERVAL);
        String what = (cluster ? "DB cluster " : "DB instance ") + id;
        Instant start = context.clock().instant();
        int polls = 0;
        while (true) {
            polls++;
            String status;
            String endpoint;
            Map<String, Object> instances = new TreeMap<>();
            if (cluster) {
                DBCluster c = RdsResources.cluster(this, id, context);
                status = c.status();
                endpoint = c.endpoint();
                if (members) {
                    for (DBInstance i : clusterInstances(id, context)) {
                        instances.put(i.dbInstanceIdentifier(), i.dbInstanceStatus());
                    }
                }
            } else {
                DBInstance i = RdsResources.instance(this, id, context);
                status = i.dbInstanceStatus();
                endpoint = i.endpoint() == null ? null : i.endpoint().address();
            }
            check(what, status);
            for (Map.Entry<String, Object> e : instances.entrySet()) {
                check("DB instance " + e.getKey() + " of " + what, String.valueOf(e.getValue()));
            }
            boolean instancesReady = instances.values().stream().allMatch("available"::equals);
            Duration waited = Duration.between(start, context.clock().instant());
            if ("available".equals(status) && instancesReady) {
                if (members && instances.isEmpty()) {
                    throw new ActionFailedException(what + " is available but has no DB instance, so it takes no "
                            + "connections: create one (aws.rds.restore-to-point-in-time creates it for a restored "
                            + "cluster) or wait with members: false");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("status", status);
                out.put("endpoint", endpoint);
                out.put("instances", instances);
                out.put("polls", polls);
                out.put("waited", Durations.format(waited));
                return Outputs.of(out);
            }
            context.progress(what + ": waiting for available, " + Durations.format(waited) + ", last: " + status
                    + (instances.isEmpty() ? "" : ", instances: " + instances));
            context.sleep(interval);
        }
    }

    private List<DBInstance> clusterInstances(String cluster, ActionContext context) throws Exception {
        return call(membersCall(cluster), "DB cluster '" + cluster + "'", () -> aws().rds().describeDBInstances(b -> b
                .filters(f -> f.name("db-cluster-id").values(cluster))
                .overrideConfiguration(AwsClients.within(context))).dbInstances());
    }

    private static void check(String what, String status) throws ActionFailedException {
        if (status != null && HOPELESS.contains(status)) {
            throw new ActionFailedException(what + " is " + status + ": it will not become available by itself");
        }
    }
}
