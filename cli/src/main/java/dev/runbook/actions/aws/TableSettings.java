package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * The settings of a DynamoDB table that a restore (point in time or from a backup) does not bring back, read
 * through the calls AWS documents for each: deletion protection and the stream (DescribeTable), TTL
 * (DescribeTimeToLive), point-in-time recovery (DescribeContinuousBackups), tags (ListTagsOfResource) and auto
 * scaling (Application Auto Scaling's scalable targets and scaling policies of the table and its indexes).
 * Auto scaling is keyed by the resource relative to the table ({@code table} or {@code index/NAME}) and the
 * dimension, so the settings of two tables compare.
 */
final class TableSettings {
    /** The settings, in the order they are compared and applied. */
    static final List<String> ALL = List.of("deletion-protection", "stream", "ttl", "pitr", "tags", "auto-scaling");
    static final String DISABLED = "DISABLED";

    final String table;
    final String arn;
    final boolean deletionProtection;
    /** The stream's view type, or DISABLED. */
    final String stream;
    /** The TTL attribute, or DISABLED. */
    final String ttl;
    final String pitr;
    final Map<String, String> tags;
    /** "table ReadCapacityUnits" (or "index/byDate WriteCapacityUnits"): the scalable target. */
    final Map<String, ScalableTarget> targets;
    /** "table ReadCapacityUnits": the scaling policies of that target. */
    final Map<String, List<ScalingPolicy>> policies;

    private TableSettings(String table, String arn, boolean deletionProtection, String stream, String ttl,
            String pitr, Map<String, String> tags, Map<String, ScalableTarget> targets,
            Map<String, List<ScalingPolicy>> policies) {
        this.table = table;
        this.arn = arn;
        this.deletionProtection = deletionProtection;
        this.stream = stream;
        this.ttl = ttl;
        this.pitr = pitr;
        this.tags = tags;
        this.targets = targets;
        this.policies = policies;
    }

    /** The read calls of one table, for previews. */
    static List<ApiCall> readCalls(Object table, String whose) {
        String arn = "<the " + whose + " table's ARN>";
        return List.of(ApiCall.of("dynamodb", "DescribeTable", "TableName", table)
                        .note("deletion protection, stream and indexes of the " + whose),
                ApiCall.of("dynamodb", "DescribeTimeToLive", "TableName", table),
                ApiCall.of("dynamodb", "DescribeContinuousBackups", "TableName", table),
                ApiCall.of("dynamodb", "ListTagsOfResource", "ResourceArn", arn).note("every page"),
                ApiCall.of("application-autoscaling", "DescribeScalableTargets", "ServiceNamespace", "dynamodb",
                        "ResourceIds", "<table/" + table + " and table/" + table + "/index/NAME of each index>")
                        .note("every page"),
                ApiCall.of("application-autoscaling", "DescribeScalingPolicies", "ServiceNamespace", "dynamodb",
                        "ResourceId", "<each scalable target's ResourceId, e.g. table/" + table + ">",
                        "ScalableDimension", "<its ScalableDimension>")
                        .note("only when the " + whose + " has scalable targets; every page"));
    }

    static TableSettings read(AwsAction action, String table, ActionContext context) throws Exception {
        TableDescription t = DescribeTableAction.describe(action, table, context);
        String about = "table '" + table + "'";
        TimeToLiveDescription ttl = action.call(ApiCall.of("dynamodb", "DescribeTimeToLive"), about,
                () -> action.aws().dynamoDb().describeTimeToLive(b -> b.tableName(table)
                        .overrideConfiguration(AwsClients.within(context))).timeToLiveDescription());
        var backups = DescribeContinuousBackupsAction.describe(action, table, context);
        String pitr = backups == null || backups.pointInTimeRecoveryDescription() == null ? DISABLED
                : backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString();
        Map<String, String> tags = new TreeMap<>();
        String token = null;
        do {
            String next = token;
            ListTagsOfResourceResponse page = action.call(ApiCall.of("dynamodb", "ListTagsOfResource"), about,
                    () -> action.aws().dynamoDb().listTagsOfResource(b -> b.resourceArn(t.tableArn()).nextToken(next)
                            .overrideConfiguration(AwsClients.within(context))));
            page.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());

        List<String> resources = new ArrayList<>();
        resources.add("table/" + t.tableName());
        if (t.hasGlobalSecondaryIndexes()) {
            t.globalSecondaryIndexes().forEach(i -> resources.add("table/" + t.tableName() + "/index/"
                    + i.indexName()));
        }
        Map<String, ScalableTarget> targets = new TreeMap<>();
        Map<String, List<ScalingPolicy>> policies = new TreeMap<>();
        String prefix = "table/" + t.tableName();
        token = null;
        do {
            String next = token;
            DescribeScalableTargetsResponse page = action.call(
                    ApiCall.of("application-autoscaling", "DescribeScalableTargets"), "scalable targets of " + about,
                    () -> action.aws().applicationAutoScaling().describeScalableTargets(b -> b
                            .serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds(resources).nextToken(next)
                            .overrideConfiguration(AwsClients.within(context))));
            for (ScalableTarget s : page.scalableTargets()) {
                targets.put(key(prefix, s.resourceId(), s.scalableDimensionAsString()), s);
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        for (ScalableTarget s : targets.values()) {
            List<ScalingPolicy> mine = new ArrayList<>();
            token = null;
            do {
                String next = token;
                DescribeScalingPoliciesResponse page = action.call(
                        ApiCall.of("application-autoscaling", "DescribeScalingPolicies"),
                        "scaling policies of " + s.resourceId(),
                        () -> action.aws().applicationAutoScaling().describeScalingPolicies(b -> b
                                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(s.resourceId())
                                .scalableDimension(s.scalableDimension()).nextToken(next)
                                .overrideConfiguration(AwsClients.within(context))));
                mine.addAll(page.scalingPolicies());
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
            policies.put(key(prefix, s.resourceId(), s.scalableDimensionAsString()), mine);
        }
        boolean protection = Boolean.TRUE.equals(t.deletionProtectionEnabled());
        String stream = t.streamSpecification() != null && Boolean.TRUE.equals(t.streamSpecification().streamEnabled())
                ? t.streamSpecification().streamViewTypeAsString() : DISABLED;
        String ttlAttribute = ttl != null && ttl.attributeName() != null
                && ("ENABLED".equals(ttl.timeToLiveStatusAsString())
                        || "ENABLING".equals(ttl.timeToLiveStatusAsString())) ? ttl.attributeName() : DISABLED;
        return new TableSettings(t.tableName(), t.tableArn(), protection, stream, ttlAttribute, pitr, tags, targets,
                policies);
    }

    /** {@code table ReadCapacityUnits} for {@code table/orders} and {@code dynamodb:table:ReadCapacityUnits}. */
    private static String key(String prefix, String resourceId, String dimension) {
        String relative = resourceId.equals(prefix) ? "table" : resourceId.startsWith(prefix + "/")
                ? resourceId.substring(prefix.length() + 1) : resourceId;
        String dim = dimension == null ? "" : dimension.substring(dimension.lastIndexOf(':') + 1);
        return relative + " " + dim;
    }

    /** The resource id on this table of an auto scaling key ({@code table/orders/index/byDate}). */
    String resourceId(String key) {
        String relative = key.substring(0, key.indexOf(' '));
        return "table/" + table + (relative.equals("table") ? "" : "/" + relative);
    }

    /** A setting's value as shown and compared ("expiresAt", "DISABLED", {tags}, {auto scaling}). */
    Object value(String setting) {
        switch (setting) {
            case "deletion-protection":
                return deletionProtection ? "ENABLED" : DISABLED;
            case "stream":
                return stream;
            case "ttl":
                return ttl;
            case "pitr":
                return pitr;
            case "tags":
                return new TreeMap<>(tags);
            case "auto-scaling":
                return autoScaling();
            default:
                throw new IllegalArgumentException(setting);
        }
    }

    /** Every setting, as the outputs show them. */
    Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String s : ALL) {
            out.put(camel(s), value(s));
        }
        return out;
    }

    static String camel(String setting) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : setting.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** "table ReadCapacityUnits": "min 5, max 100; TargetTrackingScaling 70.0 DynamoDBReadCapacityUtilization". */
    Map<String, Object> autoScaling() {
        Map<String, Object> out = new TreeMap<>();
        targets.forEach((k, s) -> {
            StringBuilder b = new StringBuilder("min " + s.minCapacity() + ", max " + s.maxCapacity());
            for (ScalingPolicy p : policies.getOrDefault(k, List.of())) {
                b.append("; ").append(policy(p));
            }
            out.put(k, b.toString());
        });
        return out;
    }

    static String policy(ScalingPolicy p) {
        var c = p.targetTrackingScalingPolicyConfiguration();
        if (c == null) {
            return p.policyTypeAsString();
        }
        String metric = c.predefinedMetricSpecification() == null ? "custom metric"
                : c.predefinedMetricSpecification().predefinedMetricTypeAsString();
        return p.policyTypeAsString() + " " + c.targetValue() + " " + metric
                + (Boolean.TRUE.equals(c.disableScaleIn()) ? " (no scale-in)" : "")
                + (c.scaleInCooldown() == null ? "" : ", in " + c.scaleInCooldown() + "s")
                + (c.scaleOutCooldown() == null ? "" : ", out " + c.scaleOutCooldown() + "s");
    }

    /** Whether a source's scaling policy has its equal (type and configuration) among the target's. */
    static boolean samePolicy(ScalingPolicy a, ScalingPolicy b) {
        return Objects.equals(a.policyTypeAsString(), b.policyTypeAsString())
                && Objects.equals(a.targetTrackingScalingPolicyConfiguration(),
                        b.targetTrackingScalingPolicyConfiguration())
                && Objects.equals(a.stepScalingPolicyConfiguration(), b.stepScalingPolicyConfiguration());
    }

    /** What differs between a source and a target for these settings: "ttl: expiresAt on the source, DISABLED on the target". */
    static List<String> differences(TableSettings source, TableSettings target, List<String> settings) {
        List<String> out = new ArrayList<>();
        for (String s : settings) {
            if (s.equals("tags")) {
                Map<String, String> all = new TreeMap<>(source.tags);
                target.tags.forEach(all::putIfAbsent);
                all.keySet().forEach(k -> {
                    String a = source.tags.get(k);
                    String b = target.tags.get(k);
                    if (!Objects.equals(a, b)) {
                        out.add("tag " + k + ": " + shown(a) + " on the source, " + shown(b) + " on the target");
                    }
                });
            } else if (s.equals("auto-scaling")) {
                Map<String, Object> a = source.autoScaling();
                Map<String, Object> b = target.autoScaling();
                Map<String, Object> all = new TreeMap<>(a);
                b.forEach(all::putIfAbsent);
                all.keySet().forEach(k -> {
                    if (!Objects.equals(a.get(k), b.get(k))) {
                        out.add("auto scaling " + k + ": " + shown(a.get(k)) + " on the source, " + shown(b.get(k))
                                + " on the target");
                    }
                });
            } else if (!Objects.equals(source.value(s), target.value(s))) {
                out.add(s + ": " + source.value(s) + " on the source, " + target.value(s) + " on the target");
            }
        }
        return out;
    }

    private static String shown(Object v) {
        return v == null ? "(none)" : String.valueOf(v);
    }
}
