package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The RDS reads the {@code aws.rds.*} actions share: one DB instance, one DB cluster or one global cluster described,
 * and turned into the plain values of their outputs. Which of the three a step names is given by exactly one of its
 * inputs ({@code instance}, {@code cluster}, {@code global-cluster}); {@link #oneOf} checks that before the run.
 */
final class RdsResources {
    private RdsResources() {
    }

    /** An answer that lists nothing for the identifier asked: the resource does not exist. */
    static final class NotFound extends ActionFailedException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    static ApiCall describeInstanceCall(Object id) {
        return ApiCall.of("rds", "DescribeDBInstances", "DBInstanceIdentifier", id);
    }

    static ApiCall describeClusterCall(Object id) {
        return ApiCall.of("rds", "DescribeDBClusters", "DBClusterIdentifier", id);
    }

    static ApiCall describeGlobalCall(Object id) {
        return ApiCall.of("rds", "DescribeGlobalClusters", "GlobalClusterIdentifier", id);
    }

    static DBInstance instance(AwsAction action, String id, ActionContext context) throws Exception {
        return action.call(describeInstanceCall(id), "DB instance '" + id + "'", () -> {
            List<DBInstance> found = action.aws().rds().describeDBInstances(b -> b.dbInstanceIdentifier(id)
                    .overrideConfiguration(AwsClients.within(context))).dbInstances();
            if (found.isEmpty()) {
                throw new NotFound("DB instance '" + id + "' not found (rds:DescribeDBInstances)");
            }
            return found.get(0);
        });
    }

    static DBCluster cluster(AwsAction action, String id, ActionContext context) throws Exception {
        return action.call(describeClusterCall(id), "DB cluster '" + id + "'", () -> {
            List<DBCluster> found = action.aws().rds().describeDBClusters(b -> b.dbClusterIdentifier(id)
                    .overrideConfiguration(AwsClients.within(context))).dbClusters();
            if (found.isEmpty()) {
                throw new NotFound("DB cluster '" + id + "' not found (rds:DescribeDBClusters)");
            }
            return found.get(0);
        });
    }

    static GlobalCluster global(AwsAction action, String id, ActionContext context) throws Exception {
        return action.call(describeGlobalCall(id), "global cluster '" + id + "'", () -> {
            List<GlobalCluster> found = action.aws().rds().describeGlobalClusters(b -> b.globalClusterIdentifier(id)
                    .overrideConfiguration(AwsClients.within(context))).globalClusters();
            if (found.isEmpty()) {
                throw new NotFound("global cluster '" + id + "' not found (rds:DescribeGlobalClusters)");
            }
            return found.get(0);
        });
    }

    /** The instance, or null when AWS says it does not exist. */
    static DBInstance instanceIfExists(AwsAction action, String id, ActionContext context) throws Exception {
        try {
            return instance(action, id, context);
        } catch (ActionFailedException e) {
            if (AwsErrors.isNotFound(e) || e instanceof NotFound) {
                return null;
            }
            throw e;
        }
    }

    /** The cluster, or null when AWS says it does not exist. */
    static DBCluster clusterIfExists(AwsAction action, String id, ActionContext context) throws Exception {
        try {
            return cluster(action, id, context);
        } catch (ActionFailedException e) {
            if (AwsErrors.isNotFound(e) || e instanceof NotFound) {
                return null;
            }
            throw e;
        }
    }

    /** The writer instance of a cluster, or null when it has none (yet). */
    static String writer(DBCluster c) {
        for (DBClusterMember m : c.dbClusterMembers()) {
            if (Boolean.TRUE.equals(m.isClusterWriter())) {
                return m.dbInstanceIdentifier();
            }
        }
        return null;
    }

    /** The primary (writer) member's cluster ARN of a global cluster, or null. */
    static String primary(GlobalCluster g) {
        for (GlobalClusterMember m : g.globalClusterMembers()) {
            if (Boolean.TRUE.equals(m.isWriter())) {
                return m.dbClusterArn();
            }
        }
        return null;
    }

    /** The region of an ARN ({@code arn:aws:rds:eu-west-1:123456789012:cluster:orders} gives eu-west-1), or null. */
    static String region(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", -1);
        return parts.length > 3 && parts[0].equals("arn") ? parts[3] : null;
    }

    /** Whether a cluster ARN or identifier names this cluster (an ARN ends with {@code :cluster:ID}). */
    static boolean sameCluster(String arnOrId, String other) {
        if (arnOrId == null || other == null) {
            return false;
        }
        return arnOrId.equals(other) || arnOrId.endsWith(":cluster:" + other) || other.endsWith(":cluster:" + arnOrId);
    }

    static String tag(List<Tag> tags, String key) {
        for (Tag t : tags) {
            if (key.equals(t.key())) {
                return t.value();
            }
        }
        return null;
    }

    static Map<String, Object> outputs(DBInstance i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "instance");
        out.put("id", i.dbInstanceIdentifier());
        out.put("arn", i.dbInstanceArn());
        out.put("status", i.dbInstanceStatus());
        out.put("engine", i.engine());
        out.put("engineVersion", i.engineVersion());
        out.put("endpoint", i.endpoint() == null ? null : i.endpoint().address());
        out.put("port", i.endpoint() == null ? null : i.endpoint().port());
        out.put("readerEndpoint", null);
        out.put("latestRestorableTime", text(i.latestRestorableTime()));
        out.put("earliestRestorableTime", null);
        out.put("multiAz", i.multiAZ());
        out.put("cluster", i.dbClusterIdentifier());
        out.put("writer", null);
        out.put("members", List.of());
        out.put("primary", null);
        out.put("primaryRegion", null);
        return out;
    }

    static Map<String, Object> outputs(DBCluster c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "cluster");
        out.put("id", c.dbClusterIdentifier());
        out.put("arn", c.dbClusterArn());
        out.put("status", c.status());
        out.put("engine", c.engine());
        out.put("engineVersion", c.engineVersion());
        out.put("endpoint", c.endpoint());
        out.put("port", c.port());
        out.put("readerEndpoint", c.readerEndpoint());
        out.put("latestRestorableTime", text(c.latestRestorableTime()));
        out.put("earliestRestorableTime", text(c.earliestRestorableTime()));
        out.put("multiAz", c.multiAZ());
        out.put("cluster", c.dbClusterIdentifier());
        out.put("writer", writer(c));
        List<Object> members = new ArrayList<>();
        for (DBClusterMember m : c.dbClusterMembers()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("instance", m.dbInstanceIdentifier());
            mm.put("writer", Boolean.TRUE.equals(m.isClusterWriter()));
            members.add(mm);
        }
        out.put("members", members);
        out.put("primary", null);
        out.put("primaryRegion", null);
        return out;
    }

    static Map<String, Object> outputs(GlobalCluster g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "global-cluster");
        out.put("id", g.globalClusterIdentifier());
        out.put("arn", g.globalClusterArn());
        out.put("status", g.status());
        out.put("engine", g.engine());
        out.put("engineVersion", g.engineVersion());
        out.put("endpoint", g.endpoint());
        out.put("port", null);
        out.put("readerEndpoint", null);
        out.put("latestRestorableTime", null);
        out.put("earliestRestorableTime", null);
        out.put("multiAz", null);
        out.put("cluster", null);
        out.put("writer", null);
        List<Object> members = new ArrayList<>();
        for (GlobalClusterMember m : g.globalClusterMembers()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("cluster", m.dbClusterArn());
            mm.put("region", region(m.dbClusterArn()));
            mm.put("writer", Boolean.TRUE.equals(m.isWriter()));
            mm.put("synchronization", m.synchronizationStatusAsString());
            members.add(mm);
        }
        out.put("members", members);
        String primary = primary(g);
        out.put("primary", primary);
        out.put("primaryRegion", region(primary));
        return out;
    }

    private static String text(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    /**
     * For {@code inputProblems}: a problem keyed by input name when a call gives none of {@code names}, or writes out
     * more than one. Inputs an expression gives may be null at run time (a runbook choosing one with {@code ? :}),
     * so several computed ones are left to {@link #chosen} to decide.
     */
    static Map<String, String> oneOf(Inputs literal, Set<String> computed, String... names) {
        List<String> written = new ArrayList<>();
        boolean any = false;
        for (String n : names) {
            if (literal.has(n)) {
                written.add(n);
            }
            any |= literal.has(n) || computed.contains(n);
        }
        String list = String.join(", ", names);
        if (!any) {
            return Map.of(names[0], "give one of " + list);
        }
        if (written.size() > 1) {
            return Map.of(written.get(1), "give only one of " + list + " (" + String.join(" and ", written)
                    + " given)");
        }
        if (written.size() == 1) {
            for (String n : names) {
                if (!n.equals(written.get(0)) && computed.contains(n)) {
                    return Map.of(n, "give only one of " + list + " (" + written.get(0) + " and " + n + " given)");
                }
            }
        }
        return Map.of();
    }

    /** The one input of {@code names} given at run time, or a failure saying which to give. */
    static String chosen(Inputs inputs, String... names) throws ActionFailedException {
        String found = null;
        for (String n : names) {
            if (inputs.has(n) && !inputs.string(n).isBlank()) {
                if (found != null) {
                    throw new ActionFailedException("give only one of " + String.join(", ", names) + " ("
                            + found + " and " + n + " given)");
                }
                found = n;
            }
        }
        if (found == null) {
            throw new ActionFailedException("give one of " + String.join(", ", names));
        }
        return found;
    }
}
