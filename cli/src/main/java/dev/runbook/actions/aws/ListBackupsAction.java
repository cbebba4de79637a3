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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/**
 * {@code aws.dynamodb.list-backups}: a table's on-demand and AWS Backup backups, newest first, every page, created
 * in a time range; {@code latest} is the newest AVAILABLE one (the one to restore "the latest before a time").
 */
final class ListBackupsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.list-backups",
            "Lists a DynamoDB table's backups, newest first (every page), optionally created before or after a "
                    + "time; latest is the newest AVAILABLE one.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table whose backups to list"),
                    IoSpec.optional("before", ValueType.TIMESTAMP, "only backups created before this time (ISO-8601)"),
                    IoSpec.optional("after", ValueType.TIMESTAMP, "only backups created after this time (ISO-8601)"),
                    IoSpec.optional("type", ValueType.STRING, "USER, SYSTEM, AWS_BACKUP or ALL (default ALL)"),
                    IoSpec.optional("name", ValueType.STRING, "only the backup of this name")),
            List.of(IoSpec.output("backups", ValueType.LIST,
                            "one map per backup, newest first: arn, name, status, type, createdAt, sizeBytes"),
                    IoSpec.output("count", ValueType.INTEGER, "how many were found"),
                    IoSpec.output("latest", ValueType.STRING, "the ARN of the newest AVAILABLE backup, or ''"),
                    IoSpec.output("latestName", ValueType.STRING, "its name, or ''"),
                    IoSpec.output("latestCreatedAt", ValueType.TIMESTAMP, "when it was taken, or null")),
            false);
    private static final Set<String> TYPES = Set.of("USER", "SYSTEM", "AWS_BACKUP", "ALL");

    ListBackupsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "ListBackups", "TableName", inputs.string("table"),
                "TimeRangeLowerBound", shown(inputs, "after"), "TimeRangeUpperBound", shown(inputs, "before"),
                "BackupType", type(inputs)).note("every page"));
    }

    private static Object shown(Inputs inputs, String name) {
        try {
            Instant t = time(inputs, name);
            return t == null ? null : t.toString();
        } catch (ActionFailedException e) {
            return inputs.get(name);
        }
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        String type = type(inputs);
        if (!TYPES.contains(type)) {
            throw new ActionFailedException("type must be USER, SYSTEM, AWS_BACKUP or ALL, got '"
                    + inputs.string("type") + "'");
        }
        Instant after = time(inputs, "after");
        Instant before = time(inputs, "before");
        String name = inputs.string("name");
        List<BackupSummary> found = new ArrayList<>(Backups.list(this, table, after, before, type, context));
        found.removeIf(b -> name != null && !name.isBlank() && !name.trim().equals(b.backupName()));
        found.sort(Comparator.comparing(BackupSummary::backupCreationDateTime,
                Comparator.nullsLast(Comparator.reverseOrder())));
        List<Object> backups = new ArrayList<>();
        found.forEach(b -> backups.add(Backups.summary(b)));
        BackupSummary latest = found.stream().filter(b -> "AVAILABLE".equals(b.backupStatusAsString()))
                .findFirst().orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backups", backups);
        out.put("count", backups.size());
        out.put("latest", latest == null ? "" : latest.backupArn());
        out.put("latestName", latest == null ? "" : latest.backupName());
        out.put("latestCreatedAt", latest == null || latest.backupCreationDateTime() == null ? null
                : latest.backupCreationDateTime().toString());
        return Outputs.of(out);
    }

    private static String type(Inputs inputs) {
        return inputs.string("type", "ALL").trim().toUpperCase(Locale.ROOT);
    }

    private static Instant time(Inputs inputs, String name) throws ActionFailedException {
        Object v = inputs.get(name);
        if (v == null || String.valueOf(v).isBlank()) {
            return null;
        }
        if (v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof java.time.temporal.TemporalAccessor) {
            try {
                return Instant.from((java.time.temporal.TemporalAccessor) v);
            } catch (java.time.DateTimeException e) {
                // fall through to the text
            }
        }
        try {
            return Instant.parse(String.valueOf(v).trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(String.valueOf(v).trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ActionFailedException(name + " '" + v + "' is not an ISO-8601 time such as "
                        + "2026-11-22T03:55:00Z");
            }
        }
    }
}
