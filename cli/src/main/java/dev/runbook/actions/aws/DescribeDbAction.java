package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code aws.rds.describe}: one RDS DB instance, Aurora DB cluster or Aurora global cluster: its status, engine,
 * endpoint and restorable window, a cluster's writer and members, a global cluster's member clusters and primary
 * region. The outputs are the same for the three kinds; what a kind does not have is null (or an empty list).
 */
final class DescribeDbAction extends AwsAction {
    static final String[] TARGETS = {"instance", "cluster", "global-cluster"};
    static final List<IoSpec> OUTPUTS = List.of(
            IoSpec.output("kind", ValueType.STRING, "instance, cluster or global-cluster"),
            IoSpec.output("id", ValueType.STRING, "the identifier"),
            IoSpec.output("arn", ValueType.STRING, "the ARN"),
            IoSpec.output("status", ValueType.STRING, "e.g. available, creating, failing-over, backing-up"),
            IoSpec.output("engine", ValueType.STRING, "e.g. postgres, aurora-postgresql"),
            IoSpec.output("engineVersion", ValueType.STRING, "the engine version"),
            IoSpec.output("endpoint", ValueType.STRING, "the (writer) endpoint address; null while it is created"),
            IoSpec.output("port", ValueType.INTEGER, "the endpoint's port"),
            IoSpec.output("readerEndpoint", ValueType.STRING, "a cluster's reader endpoint"),
            IoSpec.output("latestRestorableTime", ValueType.TIMESTAMP,
                    "the latest time it can be restored to (instance, cluster)"),
            IoSpec.output("earliestRestorableTime", ValueType.TIMESTAMP,
                    "the earliest time a cluster can be restored to"),
            IoSpec.output("multiAz", ValueType.BOOLEAN, "whether it spans availability zones"),
            IoSpec.output("cluster", ValueType.STRING, "the cluster (of an instance, or the cluster itself)"),
            IoSpec.output("writer", ValueType.STRING, "a cluster's writer instance, null when it has none"),
            IoSpec.output("members", ValueType.LIST, "a cluster's instances {instance, writer}; a global cluster's "
                    + "clusters {cluster (ARN), region, writer, synchronization}"),
            IoSpec.output("primary", ValueType.STRING, "a global cluster's primary (writer) cluster ARN"),
            IoSpec.output("primaryRegion", ValueType.STRING, "a global cluster's primary region"));

    static final ActionSpec SPEC = new ActionSpec("aws.rds.describe",
            "Describes an RDS DB instance, an Aurora cluster or an Aurora global cluster: status, engine, endpoint, "
                    + "latest restorable time, writer, members and primary region.",
            Kind.READ_ONLY,
            List.of(IoSpec.optional("instance", ValueType.STRING, "a DB instance identifier"),
                    IoSpec.optional("cluster", ValueType.STRING, "a DB cluster identifier"),
                    IoSpec.optional("global-cluster", ValueType.STRING, "a global cluster identifier (give exactly one "
                            + "of instance, cluster, global-cluster)")),
            OUTPUTS,
            false);

    DescribeDbAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        if (inputs.has("global-cluster")) {
            return List.of(RdsResources.describeGlobalCall(inputs.get("global-cluster")));
        }
        if (inputs.has("cluster")) {
            return List.of(RdsResources.describeClusterCall(inputs.get("cluster")));
        }
        return List.of(RdsResources.describeInstanceCall(inputs.get("instance")));
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        return RdsResources.oneOf(literal, computed, TARGETS);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String which = RdsResources.chosen(inputs, TARGETS);
        String id = required(inputs, which);
        switch (which) {
            case "global-cluster":
                return Outputs.of(RdsResources.outputs(RdsResources.global(this, id, context)));
            case "cluster":
                return Outputs.of(RdsResources.outputs(RdsResources.cluster(this, id, context)));
            default:
                return Outputs.of(RdsResources.outputs(RdsResources.instance(this, id, context)));
        }
    }
}
