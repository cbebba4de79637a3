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
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code aws.dynamodb.restore-table-from-backup}: restores an on-demand (or AWS Backup) backup into a new table.
 * Refuses, before the restore, a backup that is not AVAILABLE; adopts a target that already exists when it was
 * restored from the same backup (a re-run after an interruption), and refuses one that was not.
 */
final class RestoreTableFromBackupAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.restore-table-from-backup",
            "Restores a DynamoDB backup into a new table (refuses a backup that is not AVAILABLE; adopts a target "
                    + "already restored from the same backup).",
            Kind.MUTATING,
            List.of(IoSpec.required("backup", ValueType.STRING, "the backup ARN (e.g. aws.dynamodb.list-backups' latest)"),
                    IoSpec.required("target", ValueType.STRING, "the name of the new table")),
            List.of(IoSpec.output("table", ValueType.STRING, "the target table"),
                    IoSpec.output("arn", ValueType.STRING, "the target table ARN"),
                    IoSpec.output("status", ValueType.STRING, "the target's status (CREATING while it restores)"),
                    IoSpec.output("sourceTable", ValueType.STRING, "the table the backup was taken of"),
                    IoSpec.output("backupCreatedAt", ValueType.TIMESTAMP, "when the backup was taken"),
                    IoSpec.output("backupItemCount", ValueType.INTEGER,
                            "the source table's item count the backup recorded (approximate), or null"),
                    IoSpec.output("adopted", ValueType.BOOLEAN,
                            "true when the target already existed, restored from the same backup")),
            false);

    RestoreTableFromBackupAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        String backup = inputs.string("backup");
        String target = inputs.string("target");
        return List.of(ApiCall.of("dynamodb", "DescribeBackup", "BackupArn", backup)
                        .note("the backup must be AVAILABLE"),
                ApiCall.of("dynamodb", "DescribeTable", "TableName", target)
                        .note("an existing target restored from the backup is adopted, any other refused"),
                ApiCall.of("dynamodb", "RestoreTableFromBackup", "TargetTableName", target, "BackupArn", backup)
                        .note("only when the target does not exist"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String backup = required(inputs, "backup");
        String target = required(inputs, "target");
        BackupDescription d = call(calls(inputs).get(0), "backup '" + backup + "'", () -> aws().dynamoDb()
                .describeBackup(b -> b.backupArn(backup).overrideConfiguration(AwsClients.within(context)))
                .backupDescription());
        String status = d.backupDetails() == null ? null : d.backupDetails().backupStatusAsString();
        if (!"AVAILABLE".equals(status)) {
            throw new ActionFailedException("backup '" + backup + "' is " + status
                    + ", not AVAILABLE: it cannot be restored yet; wait for it or choose another");
        }
        String sourceTable = d.sourceTableDetails() == null ? null : d.sourceTableDetails().tableName();
        String created = d.backupDetails().backupCreationDateTime() == null ? null
                : d.backupDetails().backupCreationDateTime().toString();
        Long items = d.sourceTableDetails() == null ? null : d.sourceTableDetails().itemCount();
        Optional<Outputs> existing = adopted(backup, target, sourceTable, created, items, context);
        if (existing.isPresent()) {
            DrillResources.registerTable(this, target, context);
            return existing.get();
        }
        TableDescription t = call(calls(inputs).get(2), "backup '" + backup + "'", () -> aws().dynamoDb()
                .restoreTableFromBackup(b -> b.backupArn(backup).targetTableName(target)
                        .overrideConfiguration(AwsClients.within(context))).tableDescription());
        context.output("stdout", "restoring backup " + backup + " of " + sourceTable + " (taken " + created
                + ") into " + target + ": " + t.tableStatusAsString());
        DrillResources.registerTable(this, target, context);
        return outputs(t, sourceTable, created, items, false);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        return adopted(required(inputs, "backup"), required(inputs, "target"), null, null, null, context);
    }

    private Optional<Outputs> adopted(String backup, String target, String sourceTable, String created,
            Long items, ActionContext context) throws Exception {
        TableDescription existing;
        try {
            existing = DescribeTableAction.describe(this, target, context);
        } catch (ActionFailedException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        String from = existing.restoreSummary() == null ? null : existing.restoreSummary().sourceBackupArn();
        if (!backup.equals(from)) {
            throw new ActionFailedException("target table '" + target + "' already exists and was "
                    + (from == null ? "not restored from this backup" : "restored from " + from)
                    + ", not from '" + backup + "': refusing to adopt it; choose another target or delete it first");
        }
        return Optional.of(outputs(existing, sourceTable, created, items, true));
    }

    private static Outputs outputs(TableDescription t, String sourceTable, String created, Long items,
            boolean adopted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", t.tableName());
        out.put("arn", t.tableArn());
        out.put("status", t.tableStatusAsString());
        out.put("sourceTable", sourceTable);
        out.put("backupCreatedAt", created);
        out.put("backupItemCount", items);
        out.put("adopted", adopted);
        return Outputs.of(out);
    }
}
