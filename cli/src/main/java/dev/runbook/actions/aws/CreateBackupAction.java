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
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * {@code aws.dynamodb.create-backup}: an on-demand backup of a table. A backup of the same name that already exists
 * for the table (and is not being deleted) is adopted: a re-run does not make a second one.
 */
final class CreateBackupAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.create-backup",
            "Creates an on-demand backup of a DynamoDB table (adopts a backup of the same name of that table).",
            Kind.MUTATING,
            List.of(IoSpec.required("table", ValueType.STRING, "the table to back up"),
                    IoSpec.required("name", ValueType.STRING, "the backup's name (letters, digits, _ - .)")),
            List.of(IoSpec.output("arn", ValueType.STRING, "the backup ARN"),
                    IoSpec.output("name", ValueType.STRING, "the backup name"),
                    IoSpec.output("status", ValueType.STRING, "CREATING or AVAILABLE"),
                    IoSpec.output("createdAt", ValueType.TIMESTAMP, "when the backup was taken"),
                    IoSpec.output("sizeBytes", ValueType.INTEGER, "its size, when AWS reports it"),
                    IoSpec.output("adopted", ValueType.BOOLEAN, "true when a backup of that name already existed")),
            false);

    CreateBackupAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "ListBackups", "TableName", inputs.string("table"))
                        .note("every page; a backup of the same name is adopted"),
                ApiCall.of("dynamodb", "CreateBackup", "TableName", inputs.string("table"),
                        "BackupName", inputs.string("name")).note("only when no backup has that name"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        String name = required(inputs, "name");
        Optional<Outputs> existing = existing(table, name, context);
        if (existing.isPresent()) {
            context.output("stdout", "backup " + name + " of " + table + " already exists: "
                    + existing.get().get("arn"));
            return existing.get();
        }
        BackupDetails d = call(calls(inputs).get(1), "table '" + table + "'", () -> aws().dynamoDb()
                .createBackup(b -> b.tableName(table).backupName(name)
                        .overrideConfiguration(AwsClients.within(context))).backupDetails());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arn", d.backupArn());
        out.put("name", d.backupName());
        out.put("status", d.backupStatusAsString());
        out.put("createdAt", d.backupCreationDateTime() == null ? null : d.backupCreationDateTime().toString());
        out.put("sizeBytes", d.backupSizeBytes());
        out.put("adopted", false);
        context.output("stdout", "backup " + name + " of " + table + ": " + d.backupStatusAsString() + " " + d.backupArn());
        return Outputs.of(out);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        return existing(required(inputs, "table"), required(inputs, "name"), context);
    }

    private Optional<Outputs> existing(String table, String name, ActionContext context) throws Exception {
        for (BackupSummary b : Backups.list(this, table, null, null, null, context)) {
            if (name.equals(b.backupName()) && !"DELETED".equals(b.backupStatusAsString())) {
                Map<String, Object> out = new LinkedHashMap<>();
                Map<String, Object> s = Backups.summary(b);
                for (String k : List.of("arn", "name", "status", "createdAt", "sizeBytes")) {
                    out.put(k, s.get(k));
                }
                out.put("adopted", true);
                return Optional.of(Outputs.of(out));
            }
        }
        return Optional.empty();
    }
}
