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
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@code aws.dynamodb.describe-table}: a table's status, item count, size, keys and restore origin. */
final class DescribeTableAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.describe-table",
            "Describes a DynamoDB table: status, item count (updated by AWS about every 6 hours), size and keys.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table name or ARN")),
            List.of(IoSpec.output("table", ValueType.STRING, "the table name"),
                    IoSpec.output("arn", ValueType.STRING, "the table ARN"),
                    IoSpec.output("status", ValueType.STRING, "CREATING, ACTIVE, UPDATING, DELETING, ..."),
                    IoSpec.output("itemCount", ValueType.INTEGER, "the approximate item count"),
                    IoSpec.output("sizeBytes", ValueType.INTEGER, "the approximate size in bytes"),
                    IoSpec.output("keys", ValueType.MAP, "key attribute names: HASH or RANGE"),
                    IoSpec.output("restoredFrom", ValueType.STRING,
                            "the ARN of the table it was restored from, or null")),
            false);

    DescribeTableAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "DescribeTable", "TableName", inputs.string("table")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        return Outputs.of(outputs(describe(this, required(inputs, "table"), context)));
    }

    /** DescribeTable through {@code action}'s error mapping: a missing table fails with "table 'x' not found". */
    static TableDescription describe(AwsAction action, String table, ActionContext context) throws Exception {
        ApiCall call = ApiCall.of("dynamodb", "DescribeTable", "TableName", table);
        return action.call(call, "table '" + table + "'", () -> action.aws().dynamoDb().describeTable(b -> b
                .tableName(table).overrideConfiguration(AwsClients.within(context))).table());
    }

    static Map<String, Object> outputs(TableDescription t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", t.tableName());
        out.put("arn", t.tableArn());
        out.put("status", t.tableStatusAsString());
        out.put("itemCount", t.itemCount());
        out.put("sizeBytes", t.tableSizeBytes());
        Map<String, Object> keys = new LinkedHashMap<>();
        t.keySchema().forEach(k -> keys.put(k.attributeName(), k.keyTypeAsString()));
        out.put("keys", keys);
        out.put("restoredFrom", t.restoreSummary() == null ? null : t.restoreSummary().sourceTableArn());
        return out;
    }
}
