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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * {@code aws.rds.failover-cluster}: fails an Aurora (or Multi-AZ) DB cluster over to a reader (FailoverDBCluster),
 * to a given instance or to the one AWS picks. Reads the writer before; then, unless {@code wait: false}, polls until
 * the cluster is available with a new writer (the step's timeout bounds it), so the writer after is the real one.
 * A failover to the instance that already writes is not made again.
 */
final class FailoverDbClusterAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.rds.failover-cluster",
            "Fails an Aurora DB cluster over to a reader (a given one or AWS's choice) and waits for the new "
                    + "writer; the writer before and after are shown.",
            Kind.MUTATING,
            List.of(IoSpec.required("cluster", ValueType.STRING, "the DB cluster identifier"),
                    IoSpec.optional("target-instance", ValueType.STRING,
                            "the reader to promote (default: AWS picks one)"),
                    IoSpec.optional("wait", ValueType.BOOLEAN,
                            "wait until the cluster is available with its new writer (default true)"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 10s)")),
            List.of(IoSpec.output("writerBefore", ValueType.STRING, "the writer instance before the failover"),
                    IoSpec.output("writer", ValueType.STRING,
                            "the writer after (with wait: false, the one AWS reported right after the call)"),
                    IoSpec.output("status", ValueType.STRING, "the cluster's status at the end"),
                    IoSpec.output("changed", ValueType.BOOLEAN, "false when the target was already the writer")),
            false);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    FailoverDbClusterAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Object cluster = inputs.get("cluster");
        ApiCall before = RdsResources.describeClusterCall(cluster).note("reads the writer before");
        ApiCall failover = ApiCall.of("rds", "FailoverDBCluster", "DBClusterIdentifier", cluster,
                "TargetDBInstanceIdentifier", inputs.get("target-instance"));
        if (inputs.has("target-instance")) {
            failover = failover.note("only when " + inputs.string("target-instance") + " is not the writer yet");
        }
        if (!inputs.bool("wait", true)) {
            return List.of(before, failover);
        }
        return List.of(before, failover, RdsResources.describeClusterCall(cluster)
                .note("every " + inputs.string("interval", "10s") + " until available with a new writer"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String cluster = required(inputs, "cluster");
        String target = inputs.has("target-instance") ? required(inputs, "target-instance") : null;
        DBCluster c = RdsResources.cluster(this, cluster, context);
        String before = RdsResources.writer(c);
        if (target != null && target.equals(before)) {
            context.output("stdout", "writer: " + before + " (already; no failover made)");
            return outputs(before, before, c.status(), false);
        }
        if (target != null && c.dbClusterMembers().stream().noneMatch(m -> target.equals(m.dbInstanceIdentifier()))) {
            throw new ActionFailedException("DB instance '" + target + "' is not a member of DB cluster '" + cluster
                    + "' (members: " + String.join(", ", c.dbClusterMembers().stream()
                    .map(m -> m.dbInstanceIdentifier()).toList()) + ")");
        }
        DBCluster after = call(calls(inputs).get(1), "DB cluster '" + cluster + "'", () -> aws().rds()
                .failoverDBCluster(b -> b.dbClusterIdentifier(cluster).targetDBInstanceIdentifier(target)
                        .overrideConfiguration(AwsClients.within(context))).dbCluster());
        if (!inputs.bool("wait", true)) {
            String writer = after == null ? null : RdsResources.writer(after);
            context.output("stdout", "writer: " + before + " -> " + writer + " (not waited for)");
            return outputs(before, writer, after == null ? null : after.status(), true);
        }
        Duration interval = inputs.duration("interval", DEFAULT_INTERVAL);
        Instant start = context.clock().instant();
        while (true) {
            DBCluster now = RdsResources.cluster(this, cluster, context);
            String writer = RdsResources.writer(now);
            boolean moved = writer != null && (target == null ? !writer.equals(before) : writer.equals(target));
            if (moved && "available".equals(now.status())) {
                context.output("stdout", "writer: " + before + " -> " + writer);
                return outputs(before, writer, now.status(), true);
            }
            context.progress("DB cluster " + cluster + ": failing over from " + before + ", "
                    + Durations.format(Duration.between(start, context.clock().instant())) + ", status " + now.status()
                    + ", writer " + writer);
            context.sleep(interval);
        }
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        if (!inputs.has("target-instance")) {
            return Optional.empty(); // "any other reader" cannot be told apart from a failover not yet made
        }
        DBCluster c = RdsResources.cluster(this, required(inputs, "cluster"), context);
        String writer = RdsResources.writer(c);
        return required(inputs, "target-instance").equals(writer) && "available".equals(c.status())
                ? Optional.of(outputs(writer, writer, c.status(), false)) : Optional.empty();
    }

    private static Outputs outputs(String before, String writer, String status, boolean changed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("writerBefore", before);
        out.put("writer", writer);
        out.put("status", status);
        out.put("changed", changed);
        return Outputs.of(out);
    }
}
