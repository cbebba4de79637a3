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
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * {@code aws.s3.get-replication-status}: whether a bucket replicates, and how well. Reads the bucket's versioning
 * (replication needs it on both sides) and its replication rules (status, destination, replication time control,
 * whether replication metrics are on); with {@code metrics: true}, reads for every enabled rule with metrics on
 * the CloudWatch metrics S3 publishes for it, ReplicationLatency and OperationsPendingReplication (the newest value
 * of each over {@code since}). A bucket with no replication configuration is not an error: it does not replicate.
 */
final class GetReplicationStatusAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.s3.get-replication-status",
            "Reads an S3 bucket's versioning and replication rules (status, destination, RTC, metrics), and with "
                    + "metrics: true each rule's ReplicationLatency and OperationsPendingReplication from CloudWatch.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("bucket", ValueType.STRING, "the source bucket"),
                    IoSpec.optional("metrics", ValueType.BOOLEAN, "also read the replication metrics of the rules "
                            + "that have them enabled (default false)"),
                    IoSpec.optional("since", ValueType.DURATION, "how far back to read metrics (default 15m)")),
            List.of(IoSpec.output("versioning", ValueType.STRING, "Enabled, Suspended, or \"\" (never enabled)"),
                    IoSpec.output("replicating", ValueType.BOOLEAN,
                            "versioning is enabled and at least one replication rule is Enabled"),
                    IoSpec.output("role", ValueType.STRING, "the IAM role S3 replicates with, or null"),
                    IoSpec.output("rules", ValueType.LIST, "each rule: id, status, priority, prefix, destination "
                            + "(bucket name), destinationArn, storageClass, deleteMarkers, replicationTime (minutes "
                            + "or null), metrics (Enabled or Disabled), latency and pendingOperations (with metrics)"),
                    IoSpec.output("destinations", ValueType.LIST, "the destination bucket names of enabled rules"),
                    IoSpec.output("maxLatency", ValueType.NUMBER,
                            "the largest newest ReplicationLatency (seconds) of the rules read, or null"),
                    IoSpec.output("pendingOperations", ValueType.NUMBER,
                            "the newest OperationsPendingReplication summed over the rules read, or null")),
            false);

    private static final ApiCall IAM_GET_REPLICATION = ApiCall.of("s3", "GetReplicationConfiguration");

    GetReplicationStatusAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Object bucket = inputs.get("bucket");
        List<ApiCall> calls = new ArrayList<>();
        calls.add(ApiCall.of("s3", "GetBucketVersioning", "Bucket", bucket));
        calls.add(ApiCall.of("s3", "GetBucketReplication", "Bucket", bucket));
        if (inputs.bool("metrics", false)) {
            for (String metric : List.of("ReplicationLatency", "OperationsPendingReplication")) {
                calls.add(metricCall(inputs, bucket, "<each enabled rule's destination bucket>",
                        "<each enabled rule with metrics on>", metric)
                        .note("only when a rule has replication metrics enabled: once per such rule"));
            }
        }
        return calls;
    }

    private static ApiCall metricCall(Inputs inputs, Object bucket, Object destination, Object rule, String metric) {
        List<Map<String, Object>> dimensions = new ArrayList<>();
        dimensions.add(dimension("SourceBucket", bucket));
        dimensions.add(dimension("DestinationBucket", destination));
        dimensions.add(dimension("RuleId", rule));
        return ApiCall.of("cloudwatch", "GetMetricStatistics", "Namespace", "AWS/S3", "MetricName", metric,
                "Dimensions", dimensions, "Statistics", List.of("Maximum"), "Period", 60,
                "StartTime", "<now - " + (inputs.get("since") instanceof Unknown ? inputs.get("since")
                        : inputs.string("since", "15m")) + ">", "EndTime", "<now>");
    }

    private static Map<String, Object> dimension(String name, Object value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Name", name);
        d.put("Value", value);
        return d;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String bucket = required(inputs, "bucket");
        boolean metrics = inputs.bool("metrics", false);
        Duration since = inputs.duration("since", Duration.ofMinutes(15));
        String resource = "bucket '" + bucket + "'";
        GetBucketVersioningResponse v = call(calls(inputs).get(0), resource, () -> aws().s3()
                .getBucketVersioning(b -> b.bucket(bucket).overrideConfiguration(AwsClients.within(context))));
        String versioning = v.statusAsString() == null ? "" : v.statusAsString();
        ReplicationConfiguration config;
        try {
            // GetBucketReplication is allowed by the IAM action s3:GetReplicationConfiguration: errors name that
            config = call(IAM_GET_REPLICATION, resource, () -> aws().s3().getBucketReplication(b -> b.bucket(bucket)
                    .overrideConfiguration(AwsClients.within(context))).replicationConfiguration());
        } catch (ActionFailedException e) {
            if (!AwsErrors.hasCode(e, "ReplicationConfigurationNotFoundError")) {
                throw e;
            }
            config = null;
        }
        List<Object> rules = new ArrayList<>();
        List<Object> destinations = new ArrayList<>();
        Double maxLatency = null;
        Double pending = null;
        boolean anyEnabled = false;
        Instant end = context.clock().instant();
        Instant start = end.minus(since);
        if (config != null) {
            for (ReplicationRule r : config.rules()) {
                Map<String, Object> m = new LinkedHashMap<>();
                boolean enabled = "Enabled".equals(r.statusAsString());
                anyEnabled |= enabled;
                String arn = r.destination() == null ? null : r.destination().bucket();
                String destination = arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
                m.put("id", r.id());
                m.put("status", r.statusAsString());
                m.put("priority", r.priority());
                m.put("prefix", r.filter() != null && r.filter().prefix() != null ? r.filter().prefix() : r.prefix());
                m.put("destination", destination);
                m.put("destinationArn", arn);
                m.put("storageClass", r.destination() == null ? null : r.destination().storageClassAsString());
                m.put("deleteMarkers", r.deleteMarkerReplication() == null ? null
                        : r.deleteMarkerReplication().statusAsString());
                boolean rtc = r.destination() != null && r.destination().replicationTime() != null
                        && "Enabled".equals(r.destination().replicationTime().statusAsString());
                m.put("replicationTime", rtc && r.destination().replicationTime().time() != null
                        ? r.destination().replicationTime().time().minutes() : null);
                boolean ruleMetrics = r.destination() != null && r.destination().metrics() != null
                        && "Enabled".equals(r.destination().metrics().statusAsString());
                m.put("metrics", ruleMetrics ? "Enabled" : "Disabled");
                if (enabled && destination != null) {
                    destinations.add(destination);
                }
                if (metrics && enabled && ruleMetrics && r.id() != null && destination != null) {
                    Double latency = latest(metric(inputs, bucket, destination, r.id(), "ReplicationLatency", start,
                            end, context));
                    Double ops = latest(metric(inputs, bucket, destination, r.id(), "OperationsPendingReplication",
                            start, end, context));
                    m.put("latency", latency);
                    m.put("pendingOperations", ops);
                    if (latency != null) {
                        maxLatency = maxLatency == null ? latency : Math.max(maxLatency, latency);
                    }
                    if (ops != null) {
                        pending = pending == null ? ops : pending + ops;
                    }
                }
                rules.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("versioning", versioning);
        out.put("replicating", "Enabled".equals(versioning) && anyEnabled);
        out.put("role", config == null ? null : config.role());
        out.put("rules", rules);
        out.put("destinations", destinations);
        out.put("maxLatency", maxLatency);
        out.put("pendingOperations", pending);
        return Outputs.of(out);
    }

    private List<Datapoint> metric(Inputs inputs, String bucket, String destination, String rule, String metric,
            Instant start, Instant end, ActionContext context) throws Exception {
        ApiCall what = metricCall(inputs, bucket, destination, rule, metric);
        return call(what, "metric AWS/S3 " + metric + " of rule '" + rule + "'", () -> aws().cloudWatch()
                .getMetricStatistics(b -> b.namespace("AWS/S3").metricName(metric)
                        .dimensions(Dimension.builder().name("SourceBucket").value(bucket).build(),
                                Dimension.builder().name("DestinationBucket").value(destination).build(),
                                Dimension.builder().name("RuleId").value(rule).build())
                        .statistics(Statistic.MAXIMUM).period(60).startTime(start).endTime(end)
                        .overrideConfiguration(AwsClients.within(context))).datapoints());
    }

    private static Double latest(List<Datapoint> points) {
        return points.stream().filter(p -> p.maximum() != null).max(Comparator.comparing(Datapoint::timestamp))
                .map(Datapoint::maximum).orElse(null);
    }
}
