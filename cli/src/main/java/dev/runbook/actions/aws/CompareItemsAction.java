package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code aws.dynamodb.compare-items}: reads the same keys from two tables (say the live one and its restored copy)
 * and reports whether the items are equal, or each difference. It does not fail on a difference: {@code check}
 * decides what a difference means.
 */
final class CompareItemsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.compare-items",
            "Reads the same keys from two DynamoDB tables and reports whether the items are equal, or how they differ.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("source", ValueType.STRING, "the first table"),
                    IoSpec.required("target", ValueType.STRING, "the second table"),
                    IoSpec.required("keys", ValueType.LIST, "the keys to read, each a map, e.g. [{ pk: 'a' }]"),
                    IoSpec.optional("ignore", ValueType.LIST, "attribute names left out of the comparison")),
            List.of(IoSpec.output("equal", ValueType.BOOLEAN, "true when every item is equal in both tables"),
                    IoSpec.output("compared", ValueType.INTEGER, "how many keys were compared"),
                    IoSpec.output("differences", ValueType.LIST, "one line per difference")),
            false);

    CompareItemsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        List<ApiCall> calls = new ArrayList<>();
        for (Object key : inputs.list("keys")) {
            calls.add(GetItemAction.call(inputs.string("source"), key, true));
            calls.add(GetItemAction.call(inputs.string("target"), key, true));
        }
        return calls.isEmpty() ? List.of(GetItemAction.call(inputs.string("source"), null, true)
                .note("none: keys is empty")) : calls;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String source = required(inputs, "source");
        String target = required(inputs, "target");
        List<Object> keys = inputs.list("keys");
        if (keys.isEmpty()) {
            throw new ActionFailedException("keys is empty: give at least one key to compare");
        }
        List<String> ignore = new ArrayList<>();
        inputs.list("ignore").forEach(i -> ignore.add(String.valueOf(i)));
        List<String> differences = new ArrayList<>();
        for (Object k : keys) {
            if (!(k instanceof Map)) {
                throw new ActionFailedException("each of keys must be a map of key attributes, got " + k);
            }
            Map<String, Object> key = (Map<String, Object>) k;
            Map<String, Object> a = GetItemAction.read(this, source, key, true, context);
            Map<String, Object> b = GetItemAction.read(this, target, key, true, context);
            String shown = AwsJson.write(key);
            if (a == null && b == null) {
                differences.add(shown + ": in neither table");
            } else if (a == null || b == null) {
                differences.add(shown + ": only in " + (a == null ? target : source));
            } else {
                for (String name : new TreeSet<>(union(a, b))) {
                    if (ignore.contains(name) || Objects.equals(a.get(name), b.get(name))) {
                        continue;
                    }
                    differences.add(shown + ": " + name + " is " + AwsJson.write(a.get(name)) + " in " + source
                            + ", " + AwsJson.write(b.get(name)) + " in " + target);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("equal", differences.isEmpty());
        out.put("compared", keys.size());
        out.put("differences", differences);
        return Outputs.of(out);
    }

    private static List<String> union(Map<String, Object> a, Map<String, Object> b) {
        List<String> names = new ArrayList<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
