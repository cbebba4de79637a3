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
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** {@code aws.cloudwatch.describe-alarms}: the state of metric alarms, by name or name prefix. */
final class DescribeAlarmsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.cloudwatch.describe-alarms",
            "Reads CloudWatch metric alarms (by names or a name prefix): their state and why.",
            Kind.READ_ONLY,
            List.of(IoSpec.optional("alarms", ValueType.LIST, "alarm names"),
                    IoSpec.optional("prefix", ValueType.STRING, "an alarm name prefix (instead of names)"),
                    IoSpec.optional("state", ValueType.STRING, "only alarms in this state: OK, ALARM or "
                            + "INSUFFICIENT_DATA")),
            List.of(IoSpec.output("alarms", ValueType.LIST, "each alarm: name, state, reason, updated"),
                    IoSpec.output("states", ValueType.MAP, "alarm name to state"),
                    IoSpec.output("inAlarm", ValueType.INTEGER, "how many are in ALARM")),
            false);

    DescribeAlarmsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("cloudwatch", "DescribeAlarms",
                "AlarmNames", inputs.has("alarms") ? names(inputs) : null,
                "AlarmNamePrefix", inputs.string("prefix"), "StateValue", inputs.string("state"))
                .note("every page"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        if (!inputs.has("alarms") && !inputs.has("prefix")) {
            throw new ActionFailedException("give alarms (names) or prefix");
        }
        List<MetricAlarm> alarms = read(this, inputs.has("alarms") ? names(inputs) : null, inputs.string("prefix"),
                inputs.string("state"), context);
        List<Object> list = new ArrayList<>();
        Map<String, Object> states = new LinkedHashMap<>();
        int inAlarm = 0;
        for (MetricAlarm a : alarms) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.alarmName());
            m.put("state", a.stateValueAsString());
            m.put("reason", a.stateReason());
            m.put("updated", a.stateUpdatedTimestamp() == null ? null : a.stateUpdatedTimestamp().toString());
            list.add(m);
            states.put(a.alarmName(), a.stateValueAsString());
            if ("ALARM".equals(a.stateValueAsString())) {
                inAlarm++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarms", list);
        out.put("states", states);
        out.put("inAlarm", inAlarm);
        return Outputs.of(out);
    }

    static List<MetricAlarm> read(AwsAction action, List<String> names, String prefix, String state,
            ActionContext context) throws Exception {
        ApiCall call = ApiCall.of("cloudwatch", "DescribeAlarms", "AlarmNames", names);
        List<MetricAlarm> all = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            DescribeAlarmsResponse r = action.call(call, names != null ? "alarms " + names : "alarms " + prefix
                    + "*", () -> action.aws().cloudWatch().describeAlarms(b -> b.alarmNames(names)
                            .alarmNamePrefix(prefix).stateValue(state).nextToken(from)
                            .overrideConfiguration(AwsClients.within(context))));
            all.addAll(r.metricAlarms());
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return all;
    }

    private static List<String> names(Inputs inputs) {
        List<String> names = new ArrayList<>();
        inputs.list("alarms").forEach(n -> names.add(String.valueOf(n)));
        return names;
    }
}
