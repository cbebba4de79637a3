package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;

/** {@code aws.dynamodb.describe-continuous-backups}: point-in-time recovery status and the restorable window. */
final class DescribeContinuousBackupsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.describe-continuous-backups",
            "Shows whether point-in-time recovery is on for a table, and its earliest and latest restorable times.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table name")),
            List.of(IoSpec.output("status", ValueType.STRING, "continuous backups: ENABLED or DISABLED"),
                    IoSpec.output("pitr", ValueType.STRING, "point-in-time recovery: ENABLED or DISABLED"),
                    IoSpec.output("earliestRestorableTime", ValueType.TIMESTAMP,
                            "the earliest time a restore may name (ISO-8601), or null"),
                    IoSpec.output("latestRestorableTime", ValueType.TIMESTAMP,
                            "the latest time a restore may name (ISO-8601), or null")),
            false);

    DescribeContinuousBackupsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "DescribeContinuousBackups", "TableName", inputs.string("table")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        return Outputs.of(outputs(describe(this, required(inputs, "table"), context)));
    }

    static ContinuousBackupsDescription describe(AwsAction action, String table, ActionContext context)
            throws Exception {
        ApiCall call = ApiCall.of("dynamodb", "DescribeContinuousBackups", "TableName", table);
        return action.call(call, "table '" + table + "'", () -> action.aws().dynamoDb().describeContinuousBackups(
                b -> b.tableName(table).overrideConfiguration(AwsClients.within(context)))
                .continuousBackupsDescription());
    }

    static Map<String, Object> outputs(ContinuousBackupsDescription d) {
        PointInTimeRecoveryDescription p = d.pointInTimeRecoveryDescription();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", d.continuousBackupsStatusAsString());
        out.put("pitr", p == null ? "DISABLED" : p.pointInTimeRecoveryStatusAsString());
        out.put("earliestRestorableTime", p == null ? null : text(p.earliestRestorableDateTime()));
        out.put("latestRestorableTime", p == null ? null : text(p.latestRestorableDateTime()));
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
