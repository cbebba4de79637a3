package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
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
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;

/**
 * {@code aws.secretsmanager.describe-replication}: a secret's replication to other regions (the status of every
 * replica, with AWS's message when it failed) and when it was last changed, rotated and read.
 */
final class DescribeSecretReplicationAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.secretsmanager.describe-replication",
            "Describes a Secrets Manager secret's replication (status per replica region, with AWS's message) and "
                    + "when it was last changed, rotated and read.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("secret", ValueType.STRING, "the secret's name or ARN"),
                    IoSpec.optional("region", ValueType.STRING,
                            "the region of the secret (default: the ARN's, else the run's)")),
            List.of(IoSpec.output("name", ValueType.STRING, "the secret's name"),
                    IoSpec.output("arn", ValueType.STRING, "the secret's ARN"),
                    IoSpec.output("region", ValueType.STRING, "the region asked"),
                    IoSpec.output("primaryRegion", ValueType.STRING,
                            "the primary's region when this is a replica, else the region asked"),
                    IoSpec.output("replicas", ValueType.LIST,
                            "one map per replica: region, status (InSync, Failed, InProgress), statusMessage, "
                                    + "lastAccessedDate"),
                    IoSpec.output("replicaRegions", ValueType.LIST, "the replica regions"),
                    IoSpec.output("inSync", ValueType.BOOLEAN, "true when every replica is InSync (or none)"),
                    IoSpec.output("notInSync", ValueType.LIST, "'REGION: STATUS (message)' of each replica not InSync"),
                    IoSpec.output("rotationEnabled", ValueType.BOOLEAN, "whether rotation is configured"),
                    IoSpec.output("currentVersion", ValueType.STRING, "the version id labelled AWSCURRENT"),
                    IoSpec.output("lastChangedDate", ValueType.TIMESTAMP, "when the secret was last changed"),
                    IoSpec.output("lastRotatedDate", ValueType.TIMESTAMP, "when it was last rotated, or null"),
                    IoSpec.output("lastAccessedDate", ValueType.TIMESTAMP,
                            "the day it was last read (AWS keeps the date only), or null")),
            false);

    DescribeSecretReplicationAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        String region = Secrets.region(inputs.string("secret"), inputs.string("region"));
        return List.of(ApiCall.of("secretsmanager", "DescribeSecret", "SecretId", inputs.string("secret"))
                .note(region == null ? null : "in " + region));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String secret = required(inputs, "secret");
        String region = Secrets.region(secret, inputs.string("region"));
        DescribeSecretResponse d = Secrets.describe(this, secret, region, context);
        return Outputs.of(outputs(d, Secrets.shown(this, region)));
    }

    static Map<String, Object> outputs(DescribeSecretResponse d, String region) {
        List<Object> replicas = new ArrayList<>();
        List<Object> regions = new ArrayList<>();
        List<Object> notInSync = new ArrayList<>();
        if (d.hasReplicationStatus()) {
            for (ReplicationStatusType r : d.replicationStatus()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("region", r.region());
                one.put("status", r.statusAsString());
                one.put("statusMessage", r.statusMessage());
                one.put("lastAccessedDate", Secrets.text(r.lastAccessedDate()));
                replicas.add(one);
                regions.add(r.region());
                if (!"InSync".equals(r.statusAsString())) {
                    notInSync.add(r.region() + ": " + r.statusAsString()
                            + (r.statusMessage() == null ? "" : " (" + r.statusMessage() + ")"));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("arn", d.arn());
        out.put("region", region);
        out.put("primaryRegion", d.primaryRegion() == null ? region : d.primaryRegion());
        out.put("replicas", replicas);
        out.put("replicaRegions", regions);
        out.put("inSync", notInSync.isEmpty());
        out.put("notInSync", notInSync);
        out.put("rotationEnabled", Boolean.TRUE.equals(d.rotationEnabled()));
        out.put("currentVersion", Secrets.current(d));
        out.put("lastChangedDate", Secrets.text(d.lastChangedDate()));
        out.put("lastRotatedDate", Secrets.text(d.lastRotatedDate()));
        out.put("lastAccessedDate", Secrets.text(d.lastAccessedDate()));
        return out;
    }
}
