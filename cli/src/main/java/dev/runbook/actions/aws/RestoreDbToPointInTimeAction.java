package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * {@code aws.rds.restore-to-point-in-time}: restores an RDS DB instance (RestoreDBInstanceToPointInTime) or an Aurora
 * cluster (RestoreDBClusterToPointInTime) into a new one, at a time or the latest restorable time. An Aurora cluster
 * comes back with no DB instance, so it takes no connections: the action then creates its writer instance
 * (CreateDBInstance) unless told not to. Refuses a time outside the source's restorable window before restoring.
 * The new resource is tagged {@code runbook:restored-from = SOURCE}: a re-run (or {@code resume}) adopts a target
 * carrying that tag and refuses any other existing target.
 */
final class RestoreDbToPointInTimeAction extends AwsAction {
    static final String TAG = "runbook:restored-from";
    static final String[] SOURCES = {"source-instance", "source-cluster"};
    static final ActionSpec SPEC = new ActionSpec("aws.rds.restore-to-point-in-time",
            "Restores an RDS DB instance or an Aurora cluster to a point in time into a new one (for a cluster, "
                    + "also creates its writer instance); refuses a time outside the restorable window, adopts a "
                    + "target already restored from the same source.",
            Kind.MUTATING,
            List.of(IoSpec.optional("source-instance", ValueType.STRING, "the DB instance to restore from"),
                    IoSpec.optional("source-cluster", ValueType.STRING,
                            "the Aurora DB cluster to restore from (give one of source-instance, source-cluster)"),
                    IoSpec.required("target", ValueType.STRING, "the identifier of the new instance or cluster"),
                    IoSpec.required("time", ValueType.STRING,
                            "the time to restore to (ISO-8601, e.g. 2026-11-22T03:55:00Z) or 'latest'"),
                    IoSpec.optional("instance-class", ValueType.STRING, "e.g. db.r6g.large; default: the source's "
                            + "(for a cluster, its writer's)"),
                    IoSpec.optional("target-instance", ValueType.STRING,
                            "cluster: the writer instance to create (default TARGET-1)"),
                    IoSpec.optional("create-instance", ValueType.BOOLEAN,
                            "cluster: create the writer instance (default true)"),
                    IoSpec.optional("restore-type", ValueType.STRING,
                            "cluster: full-copy (default) or copy-on-write (a clone)"),
                    IoSpec.optional("subnet-group", ValueType.STRING, "the DB subnet group (default: AWS's default)"),
                    IoSpec.optional("security-groups", ValueType.LIST, "VPC security group ids")),
            List.of(IoSpec.output("kind", ValueType.STRING, "instance or cluster"),
                    IoSpec.output("target", ValueType.STRING, "the new instance or cluster"),
                    IoSpec.output("arn", ValueType.STRING, "its ARN"),
                    IoSpec.output("status", ValueType.STRING, "its status (creating while it restores)"),
                    IoSpec.output("engine", ValueType.STRING, "the engine"),
                    IoSpec.output("restoreTime", ValueType.TIMESTAMP,
                            "the time restored to (for 'latest', the latest restorable time read before)"),
                    IoSpec.output("instance", ValueType.STRING,
                            "the DB instance that takes connections (a cluster's writer), null when none was made"),
                    IoSpec.output("adopted", ValueType.BOOLEAN,
                            "true when the target already existed, restored from the same source")),
            false);

    RestoreDbToPointInTimeAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        Map<String, String> problems = new LinkedHashMap<>(RdsResources.oneOf(literal, computed, SOURCES));
        if (literal.has("restore-type") && restoreType(literal) == null) {
            problems.put("restore-type", "must be full-copy or copy-on-write, got '" + literal.string("restore-type")
                    + "'");
        }
        if (literal.has("time") && !latest(literal)) {
            try {
                time(literal);
            } catch (ActionFailedException e) {
                problems.put("time", e.getMessage());
            }
        }
        return problems;
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        boolean latest = latest(inputs);
        Object time = latest ? null : shownTime(inputs);
        Object target = inputs.get("target");
        List<ApiCall> calls = new ArrayList<>();
        if (!inputs.has("source-cluster")) {
            Object source = inputs.get("source-instance");
            calls.add(RdsResources.describeInstanceCall(source).note("checks the restorable window"));
            calls.add(RdsResources.describeInstanceCall(target)
                    .note("an existing target restored from the source is adopted, any other refused"));
            calls.add(ApiCall.of("rds", "RestoreDBInstanceToPointInTime",
                    "SourceDBInstanceIdentifier", source,
                    "TargetDBInstanceIdentifier", target,
                    "RestoreTime", time,
                    "UseLatestRestorableTime", latest ? Boolean.TRUE : null,
                    "DBInstanceClass", inputs.get("instance-class"),
                    "DBSubnetGroupName", inputs.get("subnet-group"),
                    "VpcSecurityGroupIds", inputs.has("security-groups") ? inputs.list("security-groups") : null,
                    "Tags", tags(source)).note("only when the target does not exist"));
            return calls;
        }
        Object source = inputs.get("source-cluster");
        calls.add(RdsResources.describeClusterCall(source).note("checks the restorable window, reads the engine"));
        if (!inputs.has("instance-class") && inputs.bool("create-instance", true)) {
            calls.add(RdsResources.describeInstanceCall("<the source's writer>")
                    .note("only when creating the instance: reads its class"));
        }
        calls.add(RdsResources.describeClusterCall(target)
                .note("an existing target restored from the source is adopted, any other refused"));
        calls.add(ApiCall.of("rds", "RestoreDBClusterToPointInTime",
                "DBClusterIdentifier", target,
                "RestoreType", shownRestoreType(inputs),
                "SourceDBClusterIdentifier", source,
                "RestoreToTime", time,
                "UseLatestRestorableTime", latest ? Boolean.TRUE : null,
                "DBSubnetGroupName", inputs.get("subnet-group"),
                "VpcSecurityGroupIds", inputs.has("security-groups") ? inputs.list("security-groups") : null,
                "Tags", tags(source)).note("only when the target does not exist"));
        if (inputs.bool("create-instance", true)) {
            Object instance = targetInstance(inputs);
            calls.add(RdsResources.describeInstanceCall(instance)
                    .note("an Aurora cluster restores with no instance: its writer is created unless it exists"));
            calls.add(ApiCall.of("rds", "CreateDBInstance",
                    "DBInstanceIdentifier", instance,
                    "DBInstanceClass", inputs.has("instance-class") ? inputs.get("instance-class")
                            : "<the source writer's class>",
                    "Engine", "<the source's engine>",
                    "DBClusterIdentifier", target,
                    "Tags", tags(source)).note("only when the instance does not exist"));
        }
        return calls;
    }

    private static List<Map<String, Object>> tags(Object source) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("Key", TAG);
        tag.put("Value", source);
        return List.of(tag);
    }

    private static Object targetInstance(Inputs inputs) {
        if (inputs.has("target-instance")) {
            return inputs.get("target-instance");
        }
        return inputs.string("target") + "-1";
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String which = RdsResources.chosen(inputs, SOURCES);
        String source = required(inputs, which);
        String target = required(inputs, "target");
        Instant time = latest(inputs) ? null : time(inputs);
        if (source.equals(target)) {
            throw new ActionFailedException("target '" + target + "' is the source: a restore needs a new identifier");
        }
        return which.equals("source-cluster") ? restoreCluster(inputs, source, target, time, context)
                : restoreInstance(inputs, source, target, time, context);
    }

    private Outputs restoreInstance(Inputs inputs, String source, String target, Instant time, ActionContext context)
            throws Exception {
        DBInstance src = RdsResources.instance(this, source, context);
        if (src.backupRetentionPeriod() != null && src.backupRetentionPeriod() == 0) {
            throw new ActionFailedException("DB instance '" + source + "' keeps no automated backups (backup "
                    + "retention 0): it cannot be restored to a point in time");
        }
        checkWindow("DB instance '" + source + "'", time, null, src.latestRestorableTime());
        Instant restoreTime = time == null ? src.latestRestorableTime() : time;
        DBInstance existing = RdsResources.instanceIfExists(this, target, context);
        if (existing != null) {
            checkAdoptable("DB instance", target, source, existing.tagList());
            return outputs("instance", existing.dbInstanceIdentifier(), existing.dbInstanceArn(),
                    existing.dbInstanceStatus(), existing.engine(), restoreTime, existing.dbInstanceIdentifier(), true);
        }
        ApiCall restore = calls(inputs).get(2);
        List<String> groups = strings(inputs.list("security-groups"));
        DBInstance made = call(restore, "DB instance '" + source + "'", () -> aws().rds()
                .restoreDBInstanceToPointInTime(b -> {
                    b.sourceDBInstanceIdentifier(source).targetDBInstanceIdentifier(target)
                            .dbInstanceClass(inputs.string("instance-class"))
                            .dbSubnetGroupName(inputs.string("subnet-group"))
                            .tags(Tag.builder().key(TAG).value(source).build())
                            .overrideConfiguration(AwsClients.within(context));
                    if (!groups.isEmpty()) {
                        b.vpcSecurityGroupIds(groups);
                    }
                    if (time == null) {
                        b.useLatestRestorableTime(true);
                    } else {
                        b.restoreTime(time);
                    }
                }).dbInstance());
        context.output("stdout", "restoring DB instance " + source + " to " + (time == null ? "its latest "
                + "restorable time (" + restoreTime + ")" : time.toString()) + " as " + target);
        return outputs("instance", made.dbInstanceIdentifier(), made.dbInstanceArn(), made.dbInstanceStatus(),
                made.engine(), restoreTime, made.dbInstanceIdentifier(), false);
    }

    private Outputs restoreCluster(Inputs inputs, String source, String target, Instant time, ActionContext context)
            throws Exception {
        String type = restoreType(inputs);
        if (type == null) {
            throw new ActionFailedException("restore-type must be full-copy or copy-on-write, got '"
                    + inputs.string("restore-type") + "'");
        }
        boolean createInstance = inputs.bool("create-instance", true);
        String instance = String.valueOf(targetInstance(inputs));
        DBCluster src = RdsResources.cluster(this, source, context);
        checkWindow("DB cluster '" + source + "'", time, src.earliestRestorableTime(), src.latestRestorableTime());
        Instant restoreTime = time == null ? src.latestRestorableTime() : time;
        String instanceClass = inputs.string("instance-class");
        if (createInstance && (instanceClass == null || instanceClass.isBlank())) {
            String writer = RdsResources.writer(src);
            if (writer == null) {
                throw new ActionFailedException("DB cluster '" + source + "' has no writer instance to take the "
                        + "instance class from: give instance-class");
            }
            instanceClass = RdsResources.instance(this, writer, context).dbInstanceClass();
        }
        DBCluster cluster = RdsResources.clusterIfExists(this, target, context);
        boolean adopted = cluster != null;
        if (adopted) {
            checkAdoptable("DB cluster", target, source, cluster.tagList());
        } else {
            List<String> groups = strings(inputs.list("security-groups"));
            ApiCall restore = calls(inputs).stream().filter(c -> c.operation().equals("RestoreDBClusterToPointInTime"))
                    .findFirst().orElseThrow();
            cluster = call(restore, "DB cluster '" + source + "'", () -> aws().rds()
                    .restoreDBClusterToPointInTime(b -> {
                        b.sourceDBClusterIdentifier(source).dbClusterIdentifier(target).restoreType(type)
                                .dbSubnetGroupName(inputs.string("subnet-group"))
                                .tags(Tag.builder().key(TAG).value(source).build())
                                .overrideConfiguration(AwsClients.within(context));
                        if (!groups.isEmpty()) {
                            b.vpcSecurityGroupIds(groups);
                        }
                        if (time == null) {
                            b.useLatestRestorableTime(true);
                        } else {
                            b.restoreToTime(time);
                        }
                    }).dbCluster());
            context.output("stdout", "restoring DB cluster " + source + " to " + (time == null ? "its latest "
                    + "restorable time (" + restoreTime + ")" : time.toString()) + " as " + target);
        }
        String madeInstance = null;
        if (createInstance) {
            DBInstance existing = RdsResources.instanceIfExists(this, instance, context);
            if (existing != null) {
                if (!target.equals(existing.dbClusterIdentifier())) {
                    throw new ActionFailedException("DB instance '" + instance + "' already exists in "
                            + (existing.dbClusterIdentifier() == null ? "no cluster" : "cluster '"
                            + existing.dbClusterIdentifier() + "'") + ", not in '" + target + "': choose another "
                            + "target-instance");
                }
            } else {
                String engine = src.engine();
                String cls = instanceClass;
                ApiCall create = calls(inputs).stream().filter(c -> c.operation().equals("CreateDBInstance"))
                        .findFirst().orElseThrow();
                call(create, "DB cluster '" + target + "'", () -> aws().rds().createDBInstance(b -> b
                        .dbInstanceIdentifier(instance).dbInstanceClass(cls).engine(engine)
                        .dbClusterIdentifier(target).tags(Tag.builder().key(TAG).value(source).build())
                        .overrideConfiguration(AwsClients.within(context))));
                context.output("stdout", "creating writer instance " + instance + " (" + cls + ") in cluster "
                        + target + ": an Aurora cluster restores with no instance");
            }
            madeInstance = instance;
        }
        return outputs("cluster", cluster.dbClusterIdentifier(), cluster.dbClusterArn(), cluster.status(),
                cluster.engine() == null ? src.engine() : cluster.engine(), restoreTime, madeInstance, adopted);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        String which = RdsResources.chosen(inputs, SOURCES);
        String source = required(inputs, which);
        String target = required(inputs, "target");
        Instant time = latest(inputs) ? null : time(inputs);
        if (which.equals("source-instance")) {
            DBInstance existing = RdsResources.instanceIfExists(this, target, context);
            if (existing == null) {
                return Optional.empty();
            }
            checkAdoptable("DB instance", target, source, existing.tagList());
            return Optional.of(outputs("instance", existing.dbInstanceIdentifier(), existing.dbInstanceArn(),
                    existing.dbInstanceStatus(), existing.engine(), time, existing.dbInstanceIdentifier(), true));
        }
        DBCluster existing = RdsResources.clusterIfExists(this, target, context);
        if (existing == null) {
            return Optional.empty();
        }
        checkAdoptable("DB cluster", target, source, existing.tagList());
        String instance = null;
        if (inputs.bool("create-instance", true)) {
            instance = String.valueOf(targetInstance(inputs));
            DBInstance i = RdsResources.instanceIfExists(this, instance, context);
            if (i == null || !target.equals(i.dbClusterIdentifier())) {
                return Optional.empty();
            }
        }
        return Optional.of(outputs("cluster", existing.dbClusterIdentifier(), existing.dbClusterArn(),
                existing.status(), existing.engine(), time, instance, true));
    }

    private static void checkAdoptable(String kind, String target, String source, List<Tag> tags)
            throws ActionFailedException {
        String from = RdsResources.tag(tags, TAG);
        if (!source.equals(from)) {
            throw new ActionFailedException(kind + " '" + target + "' already exists and was "
                    + (from == null ? "not restored by runbook (no " + TAG + " tag)" : "restored from '" + from + "'")
                    + ", not from '" + source + "': refusing to adopt it; choose another target or delete it first");
        }
    }

    private static void checkWindow(String what, Instant time, Instant earliest, Instant latest)
            throws ActionFailedException {
        if (time == null) {
            if (latest == null) {
                throw new ActionFailedException(what + " reports no latest restorable time: it cannot be restored "
                        + "to a point in time (are automated backups on?)");
            }
            return;
        }
        if ((earliest != null && time.isBefore(earliest)) || (latest != null && time.isAfter(latest))) {
            throw new ActionFailedException("restore time " + time + " is outside the restorable window of " + what
                    + " (" + (earliest == null ? "the backup retention period" : earliest.toString()) + " to "
                    + latest + "): nothing was restored");
        }
    }

    private static Outputs outputs(String kind, String target, String arn, String status, String engine,
            Instant restoreTime, String instance, boolean adopted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("target", target);
        out.put("arn", arn);
        out.put("status", status);
        out.put("engine", engine);
        out.put("restoreTime", restoreTime == null ? null : restoreTime.toString());
        out.put("instance", instance);
        out.put("adopted", adopted);
        return Outputs.of(out);
    }

    private static List<String> strings(List<Object> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private static String restoreType(Inputs inputs) {
        String t = inputs.string("restore-type", "full-copy").trim().toLowerCase(Locale.ROOT);
        return t.equals("full-copy") || t.equals("copy-on-write") ? t : null;
    }

    private static Object shownRestoreType(Inputs inputs) {
        String t = restoreType(inputs);
        return t == null ? inputs.get("restore-type") : t;
    }
}
