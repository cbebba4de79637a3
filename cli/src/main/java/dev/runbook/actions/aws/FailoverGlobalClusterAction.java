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
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;

/**
 * {@code aws.rds.failover-global-cluster}: makes a secondary cluster of an Aurora global database its primary. The
 * operator says which operation: {@code switchover} (SwitchoverGlobalCluster: planned, waits for the secondary to
 * catch up, no data loss; the primary region must be healthy) or {@code failover} (FailoverGlobalCluster with
 * AllowDataLoss: for a primary region that is down; writes not yet replicated are lost). Reads the primary before;
 * then, unless {@code wait: false}, polls until the target is the writer and the global cluster is available.
 */
final class FailoverGlobalClusterAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.rds.failover-global-cluster",
            "Makes a secondary cluster of an Aurora global database the primary: mode switchover "
                    + "(SwitchoverGlobalCluster, no data loss) or failover (FailoverGlobalCluster, allows data loss); "
                    + "the primary and its region before and after are shown.",
            Kind.MUTATING,
            List.of(IoSpec.required("global-cluster", ValueType.STRING, "the global cluster identifier"),
                    IoSpec.required("target-cluster", ValueType.STRING,
                            "the ARN of the secondary cluster to promote"),
                    IoSpec.required("mode", ValueType.STRING, "switchover (planned, no data loss) or failover "
                            + "(the primary region is down; allows data loss)"),
                    IoSpec.optional("wait", ValueType.BOOLEAN,
                            "wait until the target is the primary and the global cluster available (default true)"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 15s)")),
            List.of(IoSpec.output("primaryBefore", ValueType.STRING, "the primary cluster ARN before"),
                    IoSpec.output("primaryRegionBefore", ValueType.STRING, "its region"),
                    IoSpec.output("primary", ValueType.STRING, "the primary cluster ARN after"),
                    IoSpec.output("primaryRegion", ValueType.STRING, "its region"),
                    IoSpec.output("operation", ValueType.STRING,
                            "SwitchoverGlobalCluster or FailoverGlobalCluster (none when nothing changed)"),
                    IoSpec.output("status", ValueType.STRING, "the global cluster's status at the end"),
                    IoSpec.output("changed", ValueType.BOOLEAN, "false when the target was already the primary")),
            false);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    FailoverGlobalClusterAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        if (literal.has("mode") && mode(literal) == null) {
            return Map.of("mode", "must be switchover or failover, got '" + literal.string("mode") + "'");
        }
        return Map.of();
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Object global = inputs.get("global-cluster");
        Object target = inputs.get("target-cluster");
        String mode = mode(inputs);
        ApiCall before = RdsResources.describeGlobalCall(global).note("reads the primary before");
        ApiCall change = "failover".equals(mode)
                ? ApiCall.of("rds", "FailoverGlobalCluster", "GlobalClusterIdentifier", global,
                        "TargetDbClusterIdentifier", target, "AllowDataLoss", Boolean.TRUE)
                        .note("only when the target is not the primary yet; unreplicated writes are lost")
                : ApiCall.of("rds", "SwitchoverGlobalCluster", "GlobalClusterIdentifier", global,
                        "TargetDbClusterIdentifier", target).note("only when the target is not the primary yet");
        if (!inputs.bool("wait", true)) {
            return List.of(before, change);
        }
        return List.of(before, change, RdsResources.describeGlobalCall(global)
                .note("every " + inputs.string("interval", "15s") + " until the target is the primary"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String global = required(inputs, "global-cluster");
        String target = required(inputs, "target-cluster");
        String mode = mode(inputs);
        if (mode == null) {
            throw new ActionFailedException("mode must be switchover or failover, got '" + inputs.string("mode")
                    + "'");
        }
        GlobalCluster g = RdsResources.global(this, global, context);
        String before = RdsResources.primary(g);
        if (RdsResources.sameCluster(before, target)) {
            context.output("stdout", "primary: " + before + " (already; nothing changed)");
            return outputs(before, before, null, g.status(), false);
        }
        if (g.globalClusterMembers().stream().map(GlobalClusterMember::dbClusterArn)
                .noneMatch(arn -> RdsResources.sameCluster(arn, target))) {
            throw new ActionFailedException("cluster '" + target + "' is not a member of global cluster '" + global
                    + "' (members: " + String.join(", ", g.globalClusterMembers().stream()
                    .map(GlobalClusterMember::dbClusterArn).toList()) + ")");
        }
        ApiCall change = calls(inputs).get(1);
        String operation = change.operation();
        if ("failover".equals(mode)) {
            call(change, "global cluster '" + global + "'", () -> aws().rds().failoverGlobalCluster(b -> b
                    .globalClusterIdentifier(global).targetDbClusterIdentifier(target).allowDataLoss(true)
                    .overrideConfiguration(AwsClients.within(context))));
        } else {
            call(change, "global cluster '" + global + "'", () -> aws().rds().switchoverGlobalCluster(b -> b
                    .globalClusterIdentifier(global).targetDbClusterIdentifier(target)
                    .overrideConfiguration(AwsClients.within(context))));
        }
        if (!inputs.bool("wait", true)) {
            context.output("stdout", operation + ": primary " + before + " -> " + target + " (not waited for)");
            return outputs(before, target, operation, null, true);
        }
        Duration interval = inputs.duration("interval", DEFAULT_INTERVAL);
        Instant start = context.clock().instant();
        while (true) {
            GlobalCluster now = RdsResources.global(this, global, context);
            String primary = RdsResources.primary(now);
            if (RdsResources.sameCluster(primary, target) && "available".equals(now.status())) {
                context.output("stdout", operation + ": primary " + before + " (" + RdsResources.region(before)
                        + ") -> " + primary + " (" + RdsResources.region(primary) + ")");
                return outputs(before, primary, operation, now.status(), true);
            }
            context.progress("global cluster " + global + ": " + mode + " to " + target + ", "
                    + Durations.format(Duration.between(start, context.clock().instant())) + ", status "
                    + now.status() + ", primary " + primary);
            context.sleep(interval);
        }
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        GlobalCluster g = RdsResources.global(this, required(inputs, "global-cluster"), context);
        String primary = RdsResources.primary(g);
        return RdsResources.sameCluster(primary, required(inputs, "target-cluster")) && "available".equals(g.status())
                ? Optional.of(outputs(primary, primary, null, g.status(), false)) : Optional.empty();
    }

    private static Outputs outputs(String before, String primary, String operation, String status, boolean changed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("primaryBefore", before);
        out.put("primaryRegionBefore", RdsResources.region(before));
        out.put("primary", primary);
        out.put("primaryRegion", RdsResources.region(primary));
        out.put("operation", operation);
        out.put("status", status);
        out.put("changed", changed);
        return Outputs.of(out);
    }

    private static String mode(Inputs inputs) {
        String m = inputs.string("mode", "").trim().toLowerCase(Locale.ROOT);
        return m.equals("switchover") || m.equals("failover") ? m : null;
    }
}
