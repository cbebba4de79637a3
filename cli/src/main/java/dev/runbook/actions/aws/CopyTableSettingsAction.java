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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * {@code aws.dynamodb.copy-table-settings}: makes a table's (the restored one's) deletion protection, stream, TTL,
 * point-in-time recovery, tags and auto scaling those of another (the source), changing only what differs, with
 * each change shown as before -> after. Nothing differs: no call is made (and {@code resume} sees it as done).
 * Refused before any change: a stream or a TTL on the target that would have to be switched off and on again
 * (another view type, another attribute; AWS allows one TTL change per hour). Auto scaling targets the source does
 * not have are left on the target.
 */
final class CopyTableSettingsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.copy-table-settings",
            "Re-applies a DynamoDB table's deletion protection, stream, TTL, point-in-time recovery, tags and auto "
                    + "scaling on another table (e.g. the restored one): only what differs, before -> after.",
            Kind.MUTATING,
            List.of(IoSpec.required("source", ValueType.STRING, "the table whose settings to copy"),
                    IoSpec.required("target", ValueType.STRING, "the table to apply them on"),
                    CompareTableSettingsAction.SETTINGS),
            List.of(IoSpec.output("changes", ValueType.LIST, "one line per change: SETTING: before -> after"),
                    IoSpec.output("changed", ValueType.INTEGER, "how many changes were made (0: nothing differed)"),
                    IoSpec.output("before", ValueType.MAP, "the target's settings before"),
                    IoSpec.output("after", ValueType.MAP, "the target's settings after")),
            false);

    CopyTableSettingsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Object source = inputs.get("source");
        Object target = inputs.get("target");
        List<String> settings;
        try {
            settings = CompareTableSettingsAction.settings(inputs);
        } catch (ActionFailedException | RuntimeException e) {
            settings = TableSettings.ALL;
        }
        List<ApiCall> calls = new ArrayList<>(TableSettings.readCalls(source, "source"));
        calls.addAll(TableSettings.readCalls(target, "target"));
        String arn = "<the target table's ARN>";
        if (settings.contains("ttl")) {
            calls.add(ApiCall.of("dynamodb", "UpdateTimeToLive", "TableName", target,
                    "TimeToLiveSpecification", ApiCall.map("Enabled", "<the source's>", "AttributeName",
                            "<the source's attribute>")).note("only when the TTL differs"));
        }
        if (settings.contains("pitr")) {
            calls.add(ApiCall.of("dynamodb", "UpdateContinuousBackups", "TableName", target,
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", "<the source's>"))
                    .note("only when point-in-time recovery differs"));
        }
        if (settings.contains("tags")) {
            calls.add(ApiCall.of("dynamodb", "TagResource", "ResourceArn", arn,
                    "Tags", "<the source's tags the target lacks or has another value of>")
                    .note("only when a tag differs"));
            calls.add(ApiCall.of("dynamodb", "UntagResource", "ResourceArn", arn,
                    "TagKeys", "<the target's tags the source does not have>")
                    .note("only when the target has tags the source does not"));
        }
        if (settings.contains("auto-scaling")) {
            calls.add(ApiCall.of("application-autoscaling", "RegisterScalableTarget", "ServiceNamespace", "dynamodb",
                    "ResourceId", "<table/" + target + " or table/" + target + "/index/NAME>",
                    "ScalableDimension", "<the source's>", "MinCapacity", "<the source's>",
                    "MaxCapacity", "<the source's>").note("only when a scalable target differs; one per target"));
            calls.add(ApiCall.of("application-autoscaling", "PutScalingPolicy",
                    "PolicyName", "<the source's, its table name replaced by " + target + ">",
                    "ServiceNamespace", "dynamodb", "ResourceId", "<table/" + target + " or table/" + target
                            + "/index/NAME>",
                    "ScalableDimension", "<the source's>", "PolicyType", "<the source's>",
                    "TargetTrackingScalingPolicyConfiguration", "<the source's>")
                    .note("only when a scaling policy differs; one per policy"));
        }
        if (settings.contains("deletion-protection") || settings.contains("stream")) {
            calls.add(ApiCall.of("dynamodb", "UpdateTable", "TableName", target,
                    "DeletionProtectionEnabled", settings.contains("deletion-protection") ? "<the source's>" : null,
                    "StreamSpecification", settings.contains("stream") ? "<the source's>" : null)
                    .note("only when deletion protection or the stream differs; last, as the table is UPDATING "
                            + "after it"));
        }
        return calls;
    }

    /** One change to make: the line shown, and the call. */
    private interface Apply {
        void run() throws Exception;
    }

    private record Change(String setting, String line, Apply apply) {
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String source = required(inputs, "source");
        String target = required(inputs, "target");
        if (source.equals(target)) {
            throw new ActionFailedException("source and target are the same table '" + source + "'");
        }
        List<String> settings = CompareTableSettingsAction.settings(inputs);
        TableSettings s = TableSettings.read(this, source, context);
        TableSettings t = TableSettings.read(this, target, context);
        List<Change> changes = plan(s, t, settings, context);
        List<String> lines = new ArrayList<>();
        int done = 0;
        for (Change c : changes) {
            context.progress("settings of " + target + ": " + c.line());
            c.apply().run();
            lines.add(c.line());
            context.output("stdout", c.line());
            done++;
        }
        if (changes.isEmpty()) {
            context.output("stdout", "the settings of " + target + " already are those of " + source);
        }
        return outputs(s, t, settings, lines, done);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        List<String> settings = CompareTableSettingsAction.settings(inputs);
        TableSettings s = TableSettings.read(this, required(inputs, "source"), context);
        TableSettings t = TableSettings.read(this, required(inputs, "target"), context);
        return plan(s, t, settings, context).isEmpty() ? Optional.of(outputs(s, t, settings, List.of(), 0))
                : Optional.empty();
    }

    private static Outputs outputs(TableSettings s, TableSettings t, List<String> settings, List<String> lines,
            int changed) {
        Map<String, Object> before = t.values();
        Map<String, Object> after = new LinkedHashMap<>(before);
        if (changed > 0) {
            for (String setting : settings) {
                String k = TableSettings.camel(setting);
                if (setting.equals("auto-scaling")) {
                    Map<String, Object> merged = new TreeMap<>(t.autoScaling());
                    merged.putAll(s.autoScaling());
                    after.put(k, merged);
                } else {
                    after.put(k, s.value(setting));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("changes", lines);
        out.put("changed", changed);
        out.put("before", before);
        out.put("after", after);
        return Outputs.of(out);
    }

    /** The changes that make the target's settings the source's, in the order they are made; refuses first. */
    private List<Change> plan(TableSettings s, TableSettings t, List<String> settings, ActionContext context)
            throws Exception {
        List<Change> changes = new ArrayList<>();
        String target = t.table;
        String about = "table '" + target + "'";
        if (settings.contains("ttl") && !s.ttl.equals(t.ttl)) {
            if (!s.ttl.equals(TableSettings.DISABLED) && !t.ttl.equals(TableSettings.DISABLED)) {
                throw new ActionFailedException("TTL of '" + target + "' is on attribute " + t.ttl + ", the source's on "
                        + s.ttl + ": disable the target's TTL first (AWS allows one TTL change per hour); "
                        + "nothing was changed");
            }
            boolean enable = !s.ttl.equals(TableSettings.DISABLED);
            String attribute = enable ? s.ttl : t.ttl;
            changes.add(new Change("ttl", "ttl: " + t.ttl + " -> " + s.ttl, () -> call(ApiCall.of("dynamodb",
                    "UpdateTimeToLive"), about, () -> aws().dynamoDb().updateTimeToLive(b -> b.tableName(target)
                            .timeToLiveSpecification(x -> x.enabled(enable).attributeName(attribute))
                            .overrideConfiguration(AwsClients.within(context))))));
        }
        if (settings.contains("pitr") && !s.pitr.equals(t.pitr)) {
            boolean enable = "ENABLED".equals(s.pitr);
            changes.add(new Change("pitr", "pitr: " + t.pitr + " -> " + s.pitr, () -> call(ApiCall.of("dynamodb",
                    "UpdateContinuousBackups"), about, () -> aws().dynamoDb().updateContinuousBackups(b -> b
                            .tableName(target).pointInTimeRecoverySpecification(x -> x.pointInTimeRecoveryEnabled(
                                    enable)).overrideConfiguration(AwsClients.within(context))))));
        }
        if (settings.contains("tags")) {
            List<Tag> add = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            s.tags.forEach((k, v) -> {
                if (!v.equals(t.tags.get(k))) {
                    add.add(Tag.builder().key(k).value(v).build());
                    lines.add(k + ": " + (t.tags.containsKey(k) ? t.tags.get(k) : "(none)") + " -> " + v);
                }
            });
            List<String> remove = new ArrayList<>();
            t.tags.keySet().forEach(k -> {
                if (!s.tags.containsKey(k)) {
                    remove.add(k);
                    lines.add(k + ": " + t.tags.get(k) + " -> (none)");
                }
            });
            if (!add.isEmpty()) {
                changes.add(new Change("tags", "tags: " + String.join(", ", lines.subList(0, add.size())),
                        () -> call(ApiCall.of("dynamodb", "TagResource"), about, () -> aws().dynamoDb()
                                .tagResource(b -> b.resourceArn(t.arn).tags(add)
                                        .overrideConfiguration(AwsClients.within(context))))));
            }
            if (!remove.isEmpty()) {
                changes.add(new Change("tags", "tags: " + String.join(", ", lines.subList(add.size(), lines.size())),
                        () -> call(ApiCall.of("dynamodb", "UntagResource"), about, () -> aws().dynamoDb()
                                .untagResource(b -> b.resourceArn(t.arn).tagKeys(remove)
                                        .overrideConfiguration(AwsClients.within(context))))));
            }
        }
        if (settings.contains("auto-scaling")) {
            for (Map.Entry<String, ScalableTarget> e : s.targets.entrySet()) {
                String key = e.getKey();
                ScalableTarget st = e.getValue();
                ScalableTarget tt = t.targets.get(key);
                String resource = t.resourceId(key);
                if (tt == null || !st.minCapacity().equals(tt.minCapacity())
                        || !st.maxCapacity().equals(tt.maxCapacity())) {
                    changes.add(new Change("auto-scaling", "auto scaling " + key + ": "
                            + (tt == null ? "(none)" : "min " + tt.minCapacity() + ", max " + tt.maxCapacity())
                            + " -> min " + st.minCapacity() + ", max " + st.maxCapacity(),
                            () -> call(ApiCall.of("application-autoscaling", "RegisterScalableTarget"),
                                    "scalable target " + resource, () -> aws().applicationAutoScaling()
                                            .registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                                                    .resourceId(resource).scalableDimension(st.scalableDimension())
                                                    .minCapacity(st.minCapacity()).maxCapacity(st.maxCapacity())
                                                    .overrideConfiguration(AwsClients.within(context))))));
                }
                List<ScalingPolicy> theirs = t.policies.getOrDefault(key, List.of());
                for (ScalingPolicy p : s.policies.getOrDefault(key, List.of())) {
                    if (theirs.stream().anyMatch(q -> TableSettings.samePolicy(p, q))) {
                        continue;
                    }
                    String name = p.policyName().replace("table/" + s.table, "table/" + target)
                            .replace(s.table, target);
                    changes.add(new Change("auto-scaling", "auto scaling policy " + name + " on " + key + ": "
                            + (theirs.isEmpty() ? "(none)" : String.join("; ", theirs.stream()
                                    .map(TableSettings::policy).toList())) + " -> "
                            + TableSettings.policy(p),
                            () -> call(ApiCall.of("application-autoscaling", "PutScalingPolicy"),
                                    "scalable target " + resource, () -> aws().applicationAutoScaling()
                                            .putScalingPolicy(b -> b.policyName(name)
                                                    .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                                                    .scalableDimension(p.scalableDimension())
                                                    .policyType(p.policyType())
                                                    .targetTrackingScalingPolicyConfiguration(
                                                            p.targetTrackingScalingPolicyConfiguration())
                                                    .stepScalingPolicyConfiguration(p.stepScalingPolicyConfiguration())
                                                    .overrideConfiguration(AwsClients.within(context))))));
                }
            }
        }
        boolean protection = settings.contains("deletion-protection") && s.deletionProtection != t.deletionProtection;
        boolean stream = settings.contains("stream") && !s.stream.equals(t.stream);
        if (stream && !s.stream.equals(TableSettings.DISABLED) && !t.stream.equals(TableSettings.DISABLED)) {
            throw new ActionFailedException("the stream of '" + target + "' is " + t.stream + ", the source's "
                    + s.stream + ": disable the target's stream first (a view type cannot be changed); "
                    + "nothing was changed");
        }
        if (protection || stream) {
            List<String> lines = new ArrayList<>();
            if (protection) {
                lines.add("deletion-protection: " + t.value("deletion-protection") + " -> "
                        + s.value("deletion-protection"));
            }
            if (stream) {
                lines.add("stream: " + t.stream + " -> " + s.stream);
            }
            StreamSpecification spec = !stream ? null : s.stream.equals(TableSettings.DISABLED)
                    ? StreamSpecification.builder().streamEnabled(false).build()
                    : StreamSpecification.builder().streamEnabled(true).streamViewType(s.stream).build();
            Boolean dp = protection ? s.deletionProtection : null;
            changes.add(new Change("update-table", String.join(", ", lines), () -> call(ApiCall.of("dynamodb",
                    "UpdateTable"), about, () -> aws().dynamoDb().updateTable(b -> b.tableName(target)
                            .deletionProtectionEnabled(dp).streamSpecification(spec)
                            .overrideConfiguration(AwsClients.within(context))))));
        }
        return changes;
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        return CompareTableSettingsAction.problems(literal);
    }
}
