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
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;

/**
 * {@code aws.secretsmanager.rotate-secret}: starts the rotation of one secret or of a list (e.g. what
 * {@code aws.secretsmanager.list-secrets} found), each in its own region (its ARN's), with the version labelled
 * AWSCURRENT before and the new version after. A replica is not rotated (AWS refuses it): its primary's rotation
 * reaches it, and it is reported as skipped. A rotation is not idempotent (every call makes a new version), so there
 * is no "already done" probe: {@code resume} asks the operator.
 */
final class RotateSecretAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.secretsmanager.rotate-secret",
            "Rotates Secrets Manager secrets (one, or a list of names/ARNs, each in its ARN's region) with their "
                    + "rotation function; shows the AWSCURRENT version before and the new version after.",
            Kind.MUTATING,
            List.of(IoSpec.optional("secret", ValueType.STRING, "the secret's name or ARN (or give secrets)"),
                    IoSpec.optional("secrets", ValueType.LIST, "several secrets' names or ARNs (or give secret)"),
                    IoSpec.optional("region", ValueType.STRING,
                            "the region of secrets given by name (default: the run's); an ARN names its own"),
                    IoSpec.optional("rotate-immediately", ValueType.BOOLEAN,
                            "run the rotation now (default true); false: at the next scheduled window")),
            List.of(IoSpec.output("rotated", ValueType.LIST,
                            "one map per rotated secret: secret, region, versionBefore, versionAfter"),
                    IoSpec.output("skipped", ValueType.LIST, "'SECRET (REGION): replica of PRIMARY' of each replica"),
                    IoSpec.output("count", ValueType.INTEGER, "how many secrets were rotated"),
                    IoSpec.output("versionBefore", ValueType.STRING,
                            "the first rotated secret's AWSCURRENT version before"),
                    IoSpec.output("versionAfter", ValueType.STRING, "the first rotated secret's new version")),
            false);

    RotateSecretAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        List<ApiCall> calls = new ArrayList<>();
        for (Object s : shownSecrets(inputs)) {
            String region = s instanceof String ? Secrets.region((String) s, inputs.string("region"))
                    : inputs.string("region");
            String where = region == null ? "" : " in " + region;
            calls.add(ApiCall.of("secretsmanager", "DescribeSecret", "SecretId", s)
                    .note("reads the AWSCURRENT version" + where));
            calls.add(ApiCall.of("secretsmanager", "RotateSecret", "SecretId", s,
                    "ClientRequestToken", "<a new version id, made by the SDK>",
                    "RotateImmediately", inputs.bool("rotate-immediately", true))
                    .note("only when it is not a replica" + where));
        }
        if (calls.isEmpty()) {
            calls.add(ApiCall.of("secretsmanager", "RotateSecret", "SecretId", "<none given>"));
        }
        return calls;
    }

    static List<Object> shownSecrets(Inputs inputs) {
        List<Object> all = new ArrayList<>();
        if (inputs.has("secret")) {
            all.add(inputs.get("secret"));
        }
        all.addAll(inputs.list("secrets"));
        return all;
    }

    /** The secrets named by {@code secret} and {@code secrets}, each once; fails when there is none. */
    static List<String> secrets(Inputs inputs) throws ActionFailedException {
        List<String> secrets = new ArrayList<>();
        for (Object s : shownSecrets(inputs)) {
            String id = s == null ? "" : String.valueOf(s).trim();
            if (id.isEmpty()) {
                throw new ActionFailedException("a secret name or ARN is empty");
            }
            if (!secrets.contains(id)) {
                secrets.add(id);
            }
        }
        if (secrets.isEmpty()) {
            throw new ActionFailedException("give secret or secrets: no secret named");
        }
        return secrets;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        List<String> secrets = secrets(inputs);
        boolean now = inputs.bool("rotate-immediately", true);
        List<Object> rotated = new ArrayList<>();
        List<Object> skipped = new ArrayList<>();
        for (String secret : secrets) {
            String region = Secrets.region(secret, inputs.string("region"));
            String shown = Secrets.shown(this, region);
            DescribeSecretResponse d = Secrets.describe(this, secret, region, context);
            if (d.primaryRegion() != null && !d.primaryRegion().equals(shown)) {
                String line = secret + " (" + shown + "): replica of " + d.primaryRegion()
                        + ", rotated with its primary";
                skipped.add(line);
                context.output("stdout", line);
                continue;
            }
            String before = Secrets.current(d);
            ApiCall rotate = ApiCall.of("secretsmanager", "RotateSecret", "SecretId", secret);
            RotateSecretResponse r = call(rotate, "secret '" + secret + "' in " + shown,
                    () -> Secrets.client(this, region).rotateSecret(b -> b.secretId(secret).rotateImmediately(now)
                            .overrideConfiguration(AwsClients.within(context))));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("secret", r.name() == null ? secret : r.name());
            one.put("arn", r.arn());
            one.put("region", shown);
            one.put("versionBefore", before);
            one.put("versionAfter", r.versionId());
            rotated.add(one);
            context.output("stdout", one.get("secret") + " (" + shown + "): AWSCURRENT " + before + " -> new version "
                    + r.versionId() + (now ? "" : " at the next rotation window"));
            context.progress("rotated " + rotated.size() + " of " + secrets.size() + " secrets");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rotated", rotated);
        out.put("skipped", skipped);
        out.put("count", rotated.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = rotated.isEmpty() ? Map.of() : (Map<String, Object>) rotated.get(0);
        out.put("versionBefore", first.get("versionBefore"));
        out.put("versionAfter", first.get("versionAfter"));
        return Outputs.of(out);
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, java.util.Set<String> computed) {
        if (!literal.has("secret") && !literal.has("secrets") && !computed.contains("secret")
                && !computed.contains("secrets")) {
            return Map.of("secret", "give secret or secrets: the secrets to rotate");
        }
        return Map.of();
    }
}
