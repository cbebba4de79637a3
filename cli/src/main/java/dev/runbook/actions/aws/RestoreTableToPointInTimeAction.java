package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
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
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code aws.dynamodb.restore-table-to-point-in-time}: restores a table into a new one, at a time or the latest
 * restorable time. Refuses, before calling the restore, a time outside the restorable window; adopts a target that
 * already exists when it was restored from the same source (a re-run after an interruption), and refuses one that
 * was not.
 */
final class RestoreTableToPointInTimeAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.restore-table-to-point-in-time",
            "Restores a DynamoDB table to a point in time into a new table (refuses a time outside the restorable "
                    + "window; adopts a target already restored from the same source).",
            Kind.MUTATING,
            List.of(IoSpec.required("source", ValueType.STRING, "the table to restore from"),
                    IoSpec.required("target", ValueType.STRING, "the name of the new table"),
                    IoSpec.required("time", ValueType.STRING,
                            "the time to restore to (ISO-8601, e.g. 2026-11-22T03:55:00Z) or 'latest'")),
            List.of(IoSpec.output("table", ValueType.STRING, "the target table"),
                    IoSpec.output("arn", ValueType.STRING, "the target table ARN"),
                    IoSpec.output("status", ValueType.STRING, "the target's status (CREATING while it restores)"),
                    IoSpec.output("restoreTime", ValueType.TIMESTAMP, "the time restored to, when AWS reports it"),
                    IoSpec.output("adopted", ValueType.BOOLEAN,
                            "true when the target already existed, restored from the same source")),
            false);

    RestoreTableToPointInTimeAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        String source = inputs.string("source");
        String target = inputs.string("target");
        boolean latest = latest(inputs);
        return List.of(
                ApiCall.of("dynamodb", "DescribeContinuousBackups", "TableName", source)
                        .note("checks the restorable window"),
                ApiCall.of("dynamodb", "DescribeTable", "TableName", target)
                        .note("an existing target restored from the source is adopted, any other refused"),
                ApiCall.of("dynamodb", "RestoreTableToPointInTime",
                        "SourceTableName", source,
                        "TargetTableName", target,
                        "UseLatestRestorableTime", latest ? Boolean.TRUE : null,
                        "RestoreDateTime", latest ? null : shownTime(inputs))
                        .note("only when the target does not exist"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String source = required(inputs, "source");
        String target = required(inputs, "target");
        Instant time = latest(inputs) ? null : time(inputs);
        if (source.equals(target)) {
            throw new ActionFailedException("target '" + target + "' is the source table: a restore needs a new table");
        }

        ContinuousBackupsDescription backups = DescribeContinuousBackupsAction.describe(this, source, context);
        checkWindow(source, time, backups.pointInTimeRecoveryDescription());

        Optional<Outputs> existing = adopted(source, target, context);
        if (existing.isPresent()) {
            DrillResources.registerTable(this, target, context);
            return existing.get();
        }
        ApiCall restore = calls(inputs).get(2);
        TableDescription t = call(restore, "table '" + source + "'", () -> aws().dynamoDb()
                .restoreTableToPointInTime(b -> {
                    b.sourceTableName(source).targetTableName(target)
                            .overrideConfiguration(AwsClients.within(context));
                    if (time == null) {
                        b.useLatestRestorableTime(true);
                    } else {
                        b.restoreDateTime(time);
                    }
                }).tableDescription());
        DrillResources.registerTable(this, target, context);
        return outputs(t, false);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        return adopted(required(inputs, "source"), required(inputs, "target"), context);
    }

    /** The target's outputs when it exists and was restored from the source; a failure when it exists otherwise. */
    private Optional<Outputs> adopted(String source, String target, ActionContext context) throws Exception {
        TableDescription existing = ifExists(target, context);
        if (existing == null) {
            return Optional.empty();
        }
        String from = existing.restoreSummary() == null ? null : existing.restoreSummary().sourceTableArn();
        if (from == null || !(from.equals(source) || from.endsWith(":table/" + source))) {
            throw new ActionFailedException("target table '" + target + "' already exists and was "
                    + (from == null ? "not restored from a backup" : "restored from " + from)
                    + ", not from '" + source + "': refusing to adopt it; choose another target or delete it first");
        }
        return Optional.of(outputs(existing, true));
    }

    private TableDescription ifExists(String table, ActionContext context) throws Exception {
        try {
            return DescribeTableAction.describe(this, table, context);
        } catch (ActionFailedException e) {
            if (AwsErrors.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    private static void checkWindow(String source, Instant time, PointInTimeRecoveryDescription pitr)
            throws ActionFailedException {
        if (pitr == null || !"ENABLED".equals(pitr.pointInTimeRecoveryStatusAsString())) {
            throw new ActionFailedException("point-in-time recovery is not enabled on table '" + source
                    + "': it cannot be restored to a point in time");
        }
        if (time == null) {
            return;
        }
        Instant earliest = pitr.earliestRestorableDateTime();
        Instant latest = pitr.latestRestorableDateTime();
        if ((earliest != null && time.isBefore(earliest)) || (latest != null && time.isAfter(latest))) {
            throw new ActionFailedException("restore time " + time + " is outside the restorable window of table '"
                    + source + "' (" + earliest + " to " + latest + "): nothing was restored");
        }
    }

    private static Outputs outputs(TableDescription t, boolean adopted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", t.tableName());
        out.put("arn", t.tableArn());
        out.put("status", t.tableStatusAsString());
        out.put("restoreTime", t.restoreSummary() == null || t.restoreSummary().restoreDateTime() == null ? null
                : t.restoreSummary().restoreDateTime().toString());
        out.put("adopted", adopted);
        return Outputs.of(out);
    }
}
