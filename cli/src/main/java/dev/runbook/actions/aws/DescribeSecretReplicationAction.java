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
            List.of(IoSpec.optional("secret", ValueType.STRING, "the secret's name or ARN (or give secrets)"),
                    IoSpec.optional("secrets", ValueType.LIST,
                            "several secrets' names or ARNs: inSync, notInSync and notRotated cover them all"),
                    IoSpec.optional("region", ValueType.STRING,
                            "the region of secrets given by name (default: the run's); an ARN names its own"),
                    IoSpec.optional("rotated-since", ValueType.TIMESTAMP,
                            "list in notRotated the secrets not rotated since this time (e.g. run.started)")),
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
                            "the day it was last read (AWS keeps the date only), or null"),
                    IoSpec.output("notRotated", ValueType.LIST,
                            "'NAME (REGION): last rotated T' of each secret not rotated since rotated-since"),
                    IoSpec.output("count", ValueType.INTEGER, "how many secrets were described")),
            false);

    DescribeSecretReplicationAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        List<ApiCall> calls = new ArrayList<>();
        for (Object s : RotateSecretAction.shownSecrets(inputs)) {
            String region = s instanceof String ? Secrets.region((String) s, inputs.string("region"))
                    : inputs.string("region");
            calls.add(ApiCall.of("secretsmanager", "DescribeSecret", "SecretId", s)
                    .note(region == null ? null : "in " + region));
        }
        if (calls.isEmpty()) {
            calls.add(ApiCall.of("secretsmanager", "DescribeSecret", "SecretId", "<none given>"));
        }
        return calls;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        List<String> secrets = RotateSecretAction.secrets(inputs);
        Instant since = rotatedSince(inputs);
        Map<String, Object> first = null;
        List<Object> notInSync = new ArrayList<>();
        List<Object> notRotated = new ArrayList<>();
        for (String secret : secrets) {
            String region = Secrets.region(secret, inputs.string("region"));
            String shown = Secrets.shown(this, region);
            DescribeSecretResponse d = Secrets.describe(this, secret, region, context);
            Map<String, Object> one = outputs(d, shown);
            if (first == null) {
                first = one;
            }
            String name = d.name() == null ? secret : d.name();
            for (Object line : (List<?>) one.get("notInSync")) {
                notInSync.add(secrets.size() == 1 ? line : name + " " + line);
            }
            if (since != null && (d.lastRotatedDate() == null || d.lastRotatedDate().isBefore(since))) {
                notRotated.add(name + " (" + shown + "): last rotated "
                        + (d.lastRotatedDate() == null ? "never" : d.lastRotatedDate().toString()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(first);
        out.put("inSync", notInSync.isEmpty());
        out.put("notInSync", notInSync);
        out.put("notRotated", notRotated);
        out.put("count", secrets.size());
        return Outputs.of(out);
    }

    private static Instant rotatedSince(Inputs inputs) throws ActionFailedException {
        String text = inputs.string("rotated-since");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ActionFailedException("rotated-since '" + text + "' is not an ISO-8601 time such as "
                    + "2026-11-22T03:55:00Z");
        }
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, java.util.Set<String> computed) {
        if (!literal.has("secret") && !literal.has("secrets") && !computed.contains("secret")
                && !computed.contains("secrets")) {
            return Map.of("secret", "give secret or secrets: the secrets to describe");
        }
        return Map.of();
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
