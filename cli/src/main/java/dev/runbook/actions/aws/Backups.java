package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/** DynamoDB ListBackups, every page, shared by the backup actions. */
final class Backups {
    private Backups() {
    }

    static List<BackupSummary> list(AwsAction action, String table, java.time.Instant after,
            java.time.Instant before, String type, ActionContext context) throws Exception {
        ApiCall call = ApiCall.of("dynamodb", "ListBackups", "TableName", table);
        List<BackupSummary> all = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListBackupsResponse page = action.call(call, "backups of table '" + table + "'",
                    () -> action.aws().dynamoDb().listBackups(b -> b.tableName(table).timeRangeLowerBound(after)
                            .timeRangeUpperBound(before).backupType(type == null ? null : BackupTypeFilter.fromValue(type))
                            .exclusiveStartBackupArn(from).overrideConfiguration(AwsClients.within(context))));
            all.addAll(page.backupSummaries());
            start = page.lastEvaluatedBackupArn();
            if (context != null && start != null) {
                context.progress("backups of " + table + ": " + all.size() + " so far");
            }
        } while (start != null && !start.isEmpty());
        return all;
    }

    static Map<String, Object> summary(BackupSummary b) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("arn", b.backupArn());
        one.put("name", b.backupName());
        one.put("status", b.backupStatusAsString());
        one.put("type", b.backupTypeAsString());
        one.put("createdAt", b.backupCreationDateTime() == null ? null : b.backupCreationDateTime().toString());
        one.put("sizeBytes", b.backupSizeBytes());
        one.put("table", b.tableName());
        return one;
    }
}
