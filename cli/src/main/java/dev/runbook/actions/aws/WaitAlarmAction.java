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
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** {@code aws.cloudwatch.wait-alarm}: polls an alarm until it is in a state; the step's timeout bounds the wait. */
final class WaitAlarmAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.cloudwatch.wait-alarm",
            "Waits until a CloudWatch alarm is in a state (OK by default), showing its state; bound it with the "
                    + "step's timeout.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("alarm", ValueType.STRING, "the alarm name"),
                    IoSpec.optional("state", ValueType.STRING, "OK (default), ALARM or INSUFFICIENT_DATA"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 30s)")),
            List.of(IoSpec.output("state", ValueType.STRING, "the state reached"),
                    IoSpec.output("reason", ValueType.STRING, "the alarm's state reason"),
                    IoSpec.output("polls", ValueType.INTEGER, "how many times the alarm was read")),
            false);
    private static final Set<String> STATES = Set.of("OK", "ALARM", "INSUFFICIENT_DATA");

    WaitAlarmAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("cloudwatch", "DescribeAlarms", "AlarmNames", List.of(inputs.string("alarm", "")))
                .note("every " + inputs.string("interval", "30s") + " until " + state(inputs)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String alarm = required(inputs, "alarm");
        String want = state(inputs);
        if (!STATES.contains(want)) {
            throw new ActionFailedException("state must be OK, ALARM or INSUFFICIENT_DATA, got '"
                    + inputs.string("state") + "'");
        }
        Duration interval = inputs.duration("interval", Duration.ofSeconds(30));
        Instant start = context.clock().instant();
        int polls = 0;
        while (true) {
            polls++;
            List<MetricAlarm> found = DescribeAlarmsAction.read(this, List.of(alarm), null, null, context);
            if (found.isEmpty()) {
                throw new ActionFailedException("alarm '" + alarm + "' not found (cloudwatch:DescribeAlarms)");
            }
            MetricAlarm a = found.get(0);
            if (want.equals(a.stateValueAsString())) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("state", a.stateValueAsString());
                out.put("reason", a.stateReason());
                out.put("polls", polls);
                return Outputs.of(out);
            }
            context.progress("alarm " + alarm + ": " + a.stateValueAsString() + ", waiting for " + want + ", "
                    + Durations.format(Duration.between(start, context.clock().instant())));
            context.sleep(interval);
        }
    }

    private static String state(Inputs inputs) {
        return inputs.string("state", "OK").trim().toUpperCase(Locale.ROOT);
    }
}
