package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import dev.runbook.expr.Unknown;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** {@code aws.cloudwatch.get-metric-statistics}: one statistic of a metric over the last while, per period. */
final class GetMetricStatisticsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.cloudwatch.get-metric-statistics",
            "Reads one statistic of a CloudWatch metric over a recent window, per period (e.g. Errors, Sum, 1m).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("namespace", ValueType.STRING, "e.g. AWS/Lambda"),
                    IoSpec.required("metric", ValueType.STRING, "e.g. Errors"),
                    IoSpec.optional("dimensions", ValueType.MAP, "e.g. { FunctionName: orders }"),
                    IoSpec.optional("statistic", ValueType.STRING,
                            "Average (default), Sum, Minimum, Maximum or SampleCount"),
                    IoSpec.optional("period", ValueType.DURATION, "the period of each datapoint (default 1m)"),
                    IoSpec.optional("since", ValueType.DURATION, "how far back to read (default 15m)")),
            List.of(IoSpec.output("datapoints", ValueType.LIST, "each period: time and value, oldest first"),
                    IoSpec.output("latest", ValueType.NUMBER, "the newest value, or null"),
                    IoSpec.output("max", ValueType.NUMBER, "the largest value, or null"),
                    IoSpec.output("sum", ValueType.NUMBER, "the sum of the values")),
            false);

    GetMetricStatisticsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("cloudwatch", "GetMetricStatistics", "Namespace", inputs.string("namespace"),
                "MetricName", inputs.string("metric"), "Dimensions", dimensions(inputs),
                "Statistics", List.of(inputs.string("statistic", "Average")),
                "Period", inputs.get("period") instanceof Unknown ? inputs.get("period")
                        : inputs.duration("period", Duration.ofMinutes(1)).toSeconds(),
                "StartTime", "<now - " + inputs.string("since", "15m") + ">", "EndTime", "<now>"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        Statistic statistic = Statistic.fromValue(inputs.string("statistic", "Average"));
        if (statistic == Statistic.UNKNOWN_TO_SDK_VERSION) {
            throw new ActionFailedException("statistic must be Average, Sum, Minimum, Maximum or SampleCount, got '"
                    + inputs.string("statistic") + "'");
        }
        Instant end = context.clock().instant();
        Instant start = end.minus(inputs.duration("since", Duration.ofMinutes(15)));
        int period = (int) inputs.duration("period", Duration.ofMinutes(1)).toSeconds();
        List<Dimension> dimensions = new ArrayList<>();
        dimensions(inputs).forEach(d -> dimensions.add(Dimension.builder().name(d.get("Name"))
                .value(d.get("Value")).build()));
        String metric = required(inputs, "namespace") + " " + required(inputs, "metric");
        GetMetricStatisticsResponse r = call(calls(inputs).get(0), "metric " + metric, () -> aws().cloudWatch()
                .getMetricStatistics(b -> b.namespace(inputs.string("namespace")).metricName(inputs.string("metric"))
                        .dimensions(dimensions).statistics(statistic).period(period).startTime(start).endTime(end)
                        .overrideConfiguration(AwsClients.within(context))));
        List<Datapoint> points = new ArrayList<>(r.datapoints());
        points.sort(Comparator.comparing(Datapoint::timestamp));
        List<Object> list = new ArrayList<>();
        Double max = null;
        double sum = 0;
        Double latest = null;
        for (Datapoint p : points) {
            Double v = value(p, statistic);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", p.timestamp().toString());
            m.put("value", v);
            list.add(m);
            if (v != null) {
                max = max == null ? v : Math.max(max, v);
                sum += v;
                latest = v;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("datapoints", list);
        out.put("latest", latest);
        out.put("max", max);
        out.put("sum", sum);
        return Outputs.of(out);
    }

    /** The dimensions as the API takes them: a list of {@code {Name, Value}}, in the order given. */
    private static List<Map<String, String>> dimensions(Inputs inputs) {
        List<Map<String, String>> out = new ArrayList<>();
        inputs.map("dimensions").forEach((k, v) -> {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Name", k);
            d.put("Value", String.valueOf(v));
            out.add(d);
        });
        return out;
    }

    private static Double value(Datapoint p, Statistic s) {
        switch (s) {
            case SUM: return p.sum();
            case MINIMUM: return p.minimum();
            case MAXIMUM: return p.maximum();
            case SAMPLE_COUNT: return p.sampleCount();
            default: return p.average();
        }
    }
}
