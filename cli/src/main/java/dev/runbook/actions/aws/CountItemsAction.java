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
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code aws.dynamodb.count-items}: counts a table's items with a paginated COUNT scan, stopping after
 * {@code page-limit} pages (then {@code complete} is false), or reads the table's approximate item count.
 */
final class CountItemsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.count-items",
            "Counts the items of a DynamoDB table: a paginated COUNT scan (at most page-limit pages) or, with "
                    + "method: describe, the table's approximate item count.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table name"),
                    IoSpec.optional("method", ValueType.STRING, "scan (default, exact) or describe (approximate)"),
                    IoSpec.optional("page-limit", ValueType.INTEGER, "the most scan pages to read (default 100)"),
                    IoSpec.optional("page-size", ValueType.INTEGER,
                            "items per page (Limit; default: AWS's 1 MB pages), to spread the read capacity used")),
            List.of(IoSpec.output("count", ValueType.INTEGER, "the items counted"),
                    IoSpec.output("scanned", ValueType.INTEGER, "the items scanned"),
                    IoSpec.output("pages", ValueType.INTEGER, "the scan pages read (0 for describe)"),
                    IoSpec.output("complete", ValueType.BOOLEAN,
                            "false when the page limit stopped the scan, or the count is the approximate one")),
            false);
    private static final int DEFAULT_PAGES = 100;

    CountItemsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        if (describe(inputs)) {
            return List.of(ApiCall.of("dynamodb", "DescribeTable", "TableName", inputs.string("table")));
        }
        return List.of(ApiCall.of("dynamodb", "Scan", "TableName", inputs.string("table"), "Select", "COUNT",
                "Limit", inputs.get("page-size"))
                .note("paginated, at most " + pageLimitText(inputs) + " pages"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        Map<String, Object> out = new LinkedHashMap<>();
        if (describe(inputs)) {
            TableDescription t = DescribeTableAction.describe(this, table, context);
            out.put("count", t.itemCount());
            out.put("scanned", t.itemCount());
            out.put("pages", 0);
            out.put("complete", false);
            return Outputs.of(out);
        }
        long limit = inputs.integer("page-limit", DEFAULT_PAGES);
        if (limit < 1) {
            throw new ActionFailedException("page-limit must be at least 1, got " + limit);
        }
        Integer pageSize = inputs.has("page-size") ? (int) inputs.integer("page-size", 0) : null;
        if (pageSize != null && pageSize < 1) {
            throw new ActionFailedException("page-size must be at least 1, got " + pageSize);
        }
        ApiCall scan = calls(inputs).get(0);
        long count = 0;
        long scanned = 0;
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = call(scan, "table '" + table + "'", () -> aws().dynamoDb().scan(b -> b.tableName(table)
                    .select(Select.COUNT).limit(pageSize).exclusiveStartKey(from).overrideConfiguration(AwsClients.within(context))));
            count += r.count();
            scanned += r.scannedCount();
            pages++;
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            context.progress("counted " + count + " items of " + table + " in " + pages + " pages");
        } while (start != null && pages < limit);
        out.put("count", count);
        out.put("scanned", scanned);
        out.put("pages", pages);
        out.put("complete", start == null);
        return Outputs.of(out);
    }

    private static boolean describe(Inputs inputs) {
        return "describe".equals(inputs.string("method", "scan").trim().toLowerCase(Locale.ROOT));
    }

    private static String pageLimitText(Inputs inputs) {
        return inputs.has("page-limit") ? inputs.string("page-limit") : String.valueOf(DEFAULT_PAGES);
    }
}
