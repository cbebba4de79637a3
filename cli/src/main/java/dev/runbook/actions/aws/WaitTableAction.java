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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code aws.dynamodb.wait-table}: polls DescribeTable until the table is ACTIVE (e.g. after a restore) or deleted,
 * showing its status as progress. The step's {@code timeout} bounds the wait.
 */
final class WaitTableAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.wait-table",
            "Waits until a DynamoDB table is ACTIVE (and not restoring) or deleted, showing its status; bound it "
                    + "with the step's timeout.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table name"),
                    IoSpec.optional("until", ValueType.STRING, "ACTIVE (default) or DELETED"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 10s)")),
            List.of(IoSpec.output("status", ValueType.STRING, "ACTIVE or DELETED"),
                    IoSpec.output("polls", ValueType.INTEGER, "how many times the table was described"),
                    IoSpec.output("waited", ValueType.DURATION, "how long it took")),
            false);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    WaitTableAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "DescribeTable", "TableName", inputs.string("table"))
                .note("every " + inputs.string("interval", "10s") + " until " + until(inputs)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        String until = until(inputs);
        if (!until.equals("ACTIVE") && !until.equals("DELETED")) {
            throw new ActionFailedException("until must be ACTIVE or DELETED, got '" + inputs.string("until") + "'");
        }
        Duration interval = inputs.duration("interval", DEFAULT_INTERVAL);
        Instant start = context.clock().instant();
        int polls = 0;
        while (true) {
            polls++;
            String status;
            try {
                TableDescription t = DescribeTableAction.describe(this, table, context);
                status = t.tableStatusAsString();
                if (t.restoreSummary() != null && Boolean.TRUE.equals(t.restoreSummary().restoreInProgress())) {
                    status = status + " (restoring)";
                }
            } catch (ActionFailedException e) {
                if (!AwsErrors.isNotFound(e)) {
                    throw e;
                }
                status = "DELETED";
            }
            Duration waited = Duration.between(start, context.clock().instant());
            if (status.equals(until)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("status", status);
                out.put("polls", polls);
                out.put("waited", Durations.format(waited));
                return Outputs.of(out);
            }
            if (until.equals("ACTIVE") && status.equals("DELETED")) {
                throw new ActionFailedException("table '" + table + "' does not exist: it will never be ACTIVE");
            }
            context.progress("table " + table + ": waiting for " + until + ", " + Durations.format(waited)
                    + ", last: " + status);
            context.sleep(interval);
        }
    }

    private static String until(Inputs inputs) {
        return inputs.string("until", "ACTIVE").trim().toUpperCase(Locale.ROOT);
    }
}
