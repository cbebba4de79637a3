package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/** What the Secrets Manager actions share: the region a secret lives in, and DescribeSecret. */
final class Secrets {
    private Secrets() {
    }

    /**
     * The region to call for a secret: the one in its ARN ({@code arn:aws:secretsmanager:REGION:...}), else the
     * given {@code region} input, else null (the run's region).
     */
    static String region(String secretId, String region) {
        if (secretId != null && secretId.startsWith("arn:")) {
            String[] parts = secretId.split(":", 6);
            if (parts.length >= 4 && !parts[3].isBlank()) {
                return parts[3];
            }
        }
        return region == null || region.isBlank() ? null : region.trim();
    }

    static SecretsManagerClient client(AwsAction action, String region) throws Exception {
        return action.aws().secretsManager(region);
    }

    /** The region as shown and reported: the given one, or the run's. */
    static String shown(AwsAction action, String region) throws Exception {
        return region == null ? action.aws().region() : region;
    }

    static DescribeSecretResponse describe(AwsAction action, String secret, String region, ActionContext context)
            throws Exception {
        ApiCall call = ApiCall.of("secretsmanager", "DescribeSecret", "SecretId", secret);
        return action.call(call, "secret '" + secret + "'" + (region == null ? "" : " in " + region),
                () -> client(action, region).describeSecret(b -> b.secretId(secret)
                        .overrideConfiguration(AwsClients.within(context))));
    }

    /** The id of the version labelled AWSCURRENT, or null. */
    static String current(DescribeSecretResponse d) {
        if (!d.hasVersionIdsToStages()) {
            return null;
        }
        for (Map.Entry<String, java.util.List<String>> e : d.versionIdsToStages().entrySet()) {
            if (e.getValue().contains("AWSCURRENT")) {
                return e.getKey();
            }
        }
        return null;
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
