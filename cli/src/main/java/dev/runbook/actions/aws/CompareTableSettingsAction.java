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
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code aws.dynamodb.compare-table-settings}: what differs between two tables in the settings a restore does not
 * bring back (deletion protection, stream, TTL, point-in-time recovery, tags, auto scaling), one line per
 * difference.
 */
final class CompareTableSettingsAction extends AwsAction {
    static final IoSpec SETTINGS = IoSpec.optional("settings", ValueType.LIST,
            "the settings to look at: deletion-protection, stream, ttl, pitr, tags, auto-scaling (default all)");
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.compare-table-settings",
            "Compares two DynamoDB tables' deletion protection, stream, TTL, point-in-time recovery, tags and auto "
                    + "scaling (targets and policies of the table and its indexes): one line per difference.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("source", ValueType.STRING, "the table whose settings are the reference"),
                    IoSpec.required("target", ValueType.STRING, "the table to compare with it (e.g. the restored one)"),
                    SETTINGS),
            List.of(IoSpec.output("equal", ValueType.BOOLEAN, "true when nothing differs"),
                    IoSpec.output("differences", ValueType.LIST, "one line per difference"),
                    IoSpec.output("count", ValueType.INTEGER, "how many differences"),
                    IoSpec.output("source", ValueType.MAP, "the source's settings"),
                    IoSpec.output("target", ValueType.MAP, "the target's settings")),
            false);

    CompareTableSettingsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        List<ApiCall> calls = new ArrayList<>(TableSettings.readCalls(inputs.get("source"), "source"));
        calls.addAll(TableSettings.readCalls(inputs.get("target"), "target"));
        return calls;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String source = required(inputs, "source");
        String target = required(inputs, "target");
        List<String> settings = settings(inputs);
        TableSettings s = TableSettings.read(this, source, context);
        TableSettings t = TableSettings.read(this, target, context);
        List<String> differences = TableSettings.differences(s, t, settings);
        differences.forEach(d -> context.output("stdout", d));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("equal", differences.isEmpty());
        out.put("differences", differences);
        out.put("count", differences.size());
        out.put("source", s.values());
        out.put("target", t.values());
        return Outputs.of(out);
    }

    /** The settings named by the input (default all), checked. */
    static List<String> settings(Inputs inputs) throws ActionFailedException {
        if (!inputs.has("settings")) {
            return TableSettings.ALL;
        }
        List<String> named = new ArrayList<>();
        for (Object o : inputs.list("settings")) {
            String s = String.valueOf(o).trim();
            if (!TableSettings.ALL.contains(s)) {
                throw new ActionFailedException("unknown setting '" + s + "': known are "
                        + String.join(", ", TableSettings.ALL));
            }
            named.add(s);
        }
        List<String> ordered = new ArrayList<>(TableSettings.ALL);
        ordered.retainAll(named);
        return ordered;
    }

    static Map<String, String> problems(Inputs literal) {
        for (Object o : literal.list("settings")) {
            if (!TableSettings.ALL.contains(String.valueOf(o).trim())) {
                return Map.of("settings", "unknown setting '" + o + "': known are "
                        + String.join(", ", TableSettings.ALL));
            }
        }
        return Map.of();
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        return problems(literal);
    }
}
