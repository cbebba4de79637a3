package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
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
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.model.ChangeInfo;

/**
 * {@code aws.route53.wait-change}: polls GetChange until a Route 53 change is INSYNC (applied on every Route 53
 * name server), showing its status as progress. An empty change id (a change-record-set step that changed nothing)
 * is in sync at once. The step's {@code timeout} bounds the wait.
 */
final class WaitChangeAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.route53.wait-change",
            "Waits until a Route 53 change is INSYNC on every Route 53 name server; bound it with the step's "
                    + "timeout.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("change", ValueType.STRING,
                    "the change id (aws.route53.change-record-set's changeId; empty: nothing to wait for)"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 10s)")),
            List.of(IoSpec.output("status", ValueType.STRING, "INSYNC"),
                    IoSpec.output("submittedAt", ValueType.TIMESTAMP, "when the change was submitted"),
                    IoSpec.output("polls", ValueType.INTEGER, "how many times the change was read"),
                    IoSpec.output("waited", ValueType.DURATION, "how long it took")),
            false);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    WaitChangeAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("route53", "GetChange", "Id", shownId(inputs.get("change")))
                .note("every " + inputs.string("interval", "10s") + " until INSYNC"));
    }

    private static Object shownId(Object id) {
        return id instanceof String ? id(String.valueOf(id)) : id;
    }

    /** The id as the API takes it: {@code /change/C1} is {@code C1}. */
    private static String id(String id) {
        String i = id.trim();
        return i.startsWith("/change/") ? i.substring("/change/".length()) : i;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String change = id(inputs.string("change", ""));
        Map<String, Object> out = new LinkedHashMap<>();
        if (change.isEmpty()) {
            out.put("status", "INSYNC");
            out.put("submittedAt", null);
            out.put("polls", 0);
            out.put("waited", Durations.format(Duration.ZERO));
            return Outputs.of(out);
        }
        Duration interval = inputs.duration("interval", DEFAULT_INTERVAL);
        Instant start = context.clock().instant();
        int polls = 0;
        while (true) {
            polls++;
            ChangeInfo info = call(calls(inputs).get(0), "change '" + change + "'", () -> aws().route53()
                    .getChange(b -> b.id(change).overrideConfiguration(AwsClients.within(context))).changeInfo());
            Duration waited = Duration.between(start, context.clock().instant());
            if ("INSYNC".equals(info.statusAsString())) {
                out.put("status", "INSYNC");
                out.put("submittedAt", info.submittedAt() == null ? null : info.submittedAt().toString());
                out.put("polls", polls);
                out.put("waited", Durations.format(waited));
                return Outputs.of(out);
            }
            context.progress("change " + change + ": " + info.statusAsString() + ", waiting for INSYNC, "
                    + Durations.format(waited));
            context.sleep(interval);
        }
    }
}
