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
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** {@code aws.dynamodb.get-item}: reads one item by its key, to spot-check a table (e.g. a restored one). */
final class GetItemAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.get-item",
            "Reads one item of a DynamoDB table by its key (strings, numbers and booleans as written).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("table", ValueType.STRING, "the table name"),
                    IoSpec.required("key", ValueType.MAP, "the key attributes, e.g. { pk: 'order#1' }"),
                    IoSpec.optional("consistent", ValueType.BOOLEAN, "a strongly consistent read (default true)")),
            List.of(IoSpec.output("found", ValueType.BOOLEAN, "whether the item exists"),
                    IoSpec.output("item", ValueType.MAP, "the item's attributes as plain values, or null")),
            false);

    GetItemAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(call(inputs.string("table"), inputs.get("key"), inputs.bool("consistent", true)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        Map<String, Object> item = read(this, required(inputs, "table"), key(inputs, "key"),
                inputs.bool("consistent", true), context);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("found", item != null);
        out.put("item", item);
        return Outputs.of(out);
    }

    static Map<String, Object> key(Inputs inputs, String name) throws ActionFailedException {
        Map<String, Object> key = inputs.map(name);
        if (key.isEmpty()) {
            throw new ActionFailedException("input '" + name + "' must map key attribute names to values");
        }
        return key;
    }

    /** The GetItem request {@link #read} sends, as a preview shows it (the key typed as DynamoDB's wire has it). */
    @SuppressWarnings("unchecked")
    static ApiCall call(String table, Object key, boolean consistent) {
        return ApiCall.of("dynamodb", "GetItem", "TableName", table,
                "Key", key instanceof Map ? DynamoValues.wire((Map<String, Object>) key) : key,
                "ConsistentRead", consistent);
    }

    /** The item as plain values, or null when there is none. */
    static Map<String, Object> read(AwsAction action, String table, Map<String, Object> key, boolean consistent,
            ActionContext context) throws Exception {
        GetItemResponse r = action.call(call(table, key, consistent), "table '" + table + "'", () -> action.aws().dynamoDb().getItem(b -> b
                .tableName(table).key(DynamoValues.item(key)).consistentRead(consistent)
                .overrideConfiguration(AwsClients.within(context))));
        return r.hasItem() && !r.item().isEmpty() ? DynamoValues.plain(r.item()) : null;
    }
}
