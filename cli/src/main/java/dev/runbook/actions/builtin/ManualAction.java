package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code manual}: a step the operator does by hand, acknowledged item by item through the executor's prompt. With
 * {@code confirm: { approvers: 2 }} on the step it is a two-person approval gate (the executor asks for that).
 */
public final class ManualAction implements Action {
    private static final String DEFAULT_ITEM = "Done";

    private static final ActionSpec SPEC = new ActionSpec(
            "manual",
            "Asks the operator to acknowledge each item of a checklist, in order.",
            Kind.READ_ONLY,
            List.of(IoSpec.optional("checklist", ValueType.LIST,
                    "the items the operator acknowledges one by one (default: one item, \"Done\")")),
            List.of(
                    IoSpec.output("acknowledgedBy", ValueType.STRING,
                            "who acknowledged (several names joined by \", \" when people took turns)"),
                    IoSpec.output("at", ValueType.TIMESTAMP, "when the last item was acknowledged (ISO-8601, UTC)")),
            false);

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public Preview preview(Inputs inputs) {
        List<String> items = items(inputs);
        return Preview.of("operator acknowledges " + items.size() + (items.size() == 1 ? " item: " : " items: ")
                + String.join("; ", items));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        Set<String> who = new LinkedHashSet<>();
        for (String item : items(inputs)) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            who.add(context.acknowledge(item));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("acknowledgedBy", String.join(", ", who));
        values.put("at", DateTimeFormatter.ISO_INSTANT.format(
                Instant.now(context.clock()).truncatedTo(ChronoUnit.SECONDS)));
        return Outputs.of(values);
    }

    private static List<String> items(Inputs inputs) {
        List<String> items = new ArrayList<>();
        for (Object o : inputs.list("checklist")) {
            items.add(String.valueOf(o));
        }
        return items.isEmpty() ? List.of(DEFAULT_ITEM) : items;
    }
}
