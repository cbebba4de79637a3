package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code aws.dynamodb.describe-replicas}: the replicas of a global table (version 2019.11.21), from DescribeTable:
 * region and ReplicaStatus of each; {@code allActive} is true when every replica is ACTIVE.
 */
final class DescribeReplicasAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.describe-replicas",
            "Lists a DynamoDB global table's replicas with their region and status (ACTIVE, CREATING, "
                    + "INACCESSIBLE_ENCRYPTION_CREDENTIALS, ...).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table name or ARN")),
            List.of(IoSpec.output("replicas", ValueType.LIST,
                            "one map per replica: region, status, statusDescription, percentProgress"),
                    IoSpec.output("regions", ValueType.LIST, "the replica regions"),
                    IoSpec.output("count", ValueType.INTEGER, "how many replicas (0: not a global table)"),
                    IoSpec.output("allActive", ValueType.BOOLEAN, "true when every replica is ACTIVE (and there is one)"),
                    IoSpec.output("notActive", ValueType.LIST, "'REGION: STATUS' of each replica not ACTIVE"),
                    IoSpec.output("globalTableVersion", ValueType.STRING, "e.g. 2019.11.21, or null")),
            false);

    DescribeReplicasAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "DescribeTable", "TableName", inputs.string("table")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        TableDescription t = DescribeTableAction.describe(this, required(inputs, "table"), context);
        List<Object> replicas = new ArrayList<>();
        List<Object> regions = new ArrayList<>();
        List<Object> notActive = new ArrayList<>();
        if (t.hasReplicas()) {
            for (ReplicaDescription r : t.replicas()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("region", r.regionName());
                one.put("status", r.replicaStatusAsString());
                one.put("statusDescription", r.replicaStatusDescription());
                one.put("percentProgress", r.replicaStatusPercentProgress());
                replicas.add(one);
                regions.add(r.regionName());
                if (!"ACTIVE".equals(r.replicaStatusAsString())) {
                    notActive.add(r.regionName() + ": " + r.replicaStatusAsString());
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("replicas", replicas);
        out.put("regions", regions);
        out.put("count", replicas.size());
        out.put("allActive", !replicas.isEmpty() && notActive.isEmpty());
        out.put("notActive", notActive);
        out.put("globalTableVersion", t.globalTableVersion());
        return Outputs.of(out);
    }
}
