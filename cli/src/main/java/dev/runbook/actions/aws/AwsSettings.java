package dev.runbook.actions.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How AWS actions reach AWS: profile, region, a general endpoint and per-service endpoints (for LocalStack and
 * tests), the environment the credential and region chains read, and the retry budget. Plain values only, so that
 * the front-end can build one without loading any AWS SDK class. The front-end publishes the settings of a run with
 * {@link #use} before it loads the action registry; {@link AwsActions} reads them with {@link #current()}.
 *
 * @param profile      the named profile ({@code --profile}), or null for {@code AWS_PROFILE} or the default chain
 * @param region       the region ({@code --region}), or null for {@code AWS_REGION}, then the profile's region
 * @param endpointUrl  one endpoint for every service ({@code --endpoint-url}), or null
 * @param endpoints    endpoints by service name ({@code --endpoint SERVICE=URL}); they win over {@code endpointUrl}
 * @param env          the environment variables to read (the process's, or a test's)
 * @param maxAttempts  attempts per API call, the first included (throttling and 5xx are retried with backoff)
 * @param backoffBase  the base of the exponential backoff with full jitter between attempts
 */
public record AwsSettings(
        String profile,
        String region,
        URI endpointUrl,
        Map<String, URI> endpoints,
        Map<String, String> env,
        int maxAttempts,
        Duration backoffBase) {

    /** The services an action of this build can call, by the name {@code --endpoint} takes. */
    public static final List<String> SERVICES =
            List.of("apigateway", "appconfig", "application-autoscaling", "cloudwatch", "dynamodb", "ecs", "lambda", "logs",
                    "rds", "route53", "s3", "secretsmanager", "ssm", "sts");

    /** Attempts per call when nothing says otherwise: throttling during an incident is common, and is retried. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private static volatile AwsSettings current;

    public AwsSettings {
        endpoints = Collections.unmodifiableMap(new TreeMap<>(endpoints));
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(backoffBase, "backoffBase");
        for (String service : endpoints.keySet()) {
            checkService(service);
        }
    }

    /** Settings from the environment alone (no flags): {@code AWS_MAX_ATTEMPTS} may lower or raise the attempts. */
    public static AwsSettings fromEnvironment(Map<String, String> env) {
        return new AwsSettings(null, null, null, Map.of(), env, attempts(env), Duration.ofMillis(100));
    }

    public AwsSettings withProfile(String profile) {
        return new AwsSettings(profile, region, endpointUrl, endpoints, env, maxAttempts, backoffBase);
    }

    public AwsSettings withRegion(String region) {
        return new AwsSettings(profile, region, endpointUrl, endpoints, env, maxAttempts, backoffBase);
    }

    public AwsSettings withEndpointUrl(URI endpointUrl) {
        return new AwsSettings(profile, region, endpointUrl, endpoints, env, maxAttempts, backoffBase);
    }

    /** These settings with one more per-service endpoint. */
    public AwsSettings withEndpoint(String service, URI url) {
        Map<String, URI> more = new TreeMap<>(endpoints);
        more.put(service.toLowerCase(Locale.ROOT), url);
        return new AwsSettings(profile, region, endpointUrl, more, env, maxAttempts, backoffBase);
    }

    public AwsSettings withRetries(int maxAttempts, Duration backoffBase) {
        return new AwsSettings(profile, region, endpointUrl, endpoints, env, maxAttempts, backoffBase);
    }

    /** The settings the next registry load gives AWS actions. */
    public static void use(AwsSettings settings) {
        current = Objects.requireNonNull(settings);
    }

    /** The settings last published with {@link #use}, or those of the process environment. */
    public static AwsSettings current() {
        AwsSettings s = current;
        return s != null ? s : fromEnvironment(System.getenv());
    }

    /**
     * Checks a service name given to {@code --endpoint}; the message lists the known ones.
     *
     * @throws IllegalArgumentException for a service no action calls
     */
    public static String checkService(String service) {
        String s = service == null ? "" : service.trim().toLowerCase(Locale.ROOT);
        if (!SERVICES.contains(s)) {
            throw new IllegalArgumentException("unknown AWS service '" + service + "' (known: "
                    + String.join(", ", SERVICES) + ")");
        }
        return s;
    }

    /**
     * Parses an endpoint URL given on the command line.
     *
     * @throws IllegalArgumentException when it is not an absolute http or https URL with a host
     */
    public static URI endpoint(String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getReason(), e);
        }
    }

    /** The endpoint for a service: its own, else the general one, else the {@code AWS_ENDPOINT_URL*} variables. */
    public URI endpointFor(String service) {
        URI own = endpoints.get(service);
        if (own != null) {
            return own;
        }
        if (endpointUrl != null) {
            return endpointUrl;
        }
        String fromEnv = nonBlank(env.get(endpointVariable(service)));
        if (fromEnv == null) {
            fromEnv = nonBlank(env.get("AWS_ENDPOINT_URL"));
        }
        return fromEnv == null ? null : endpoint(fromEnv);
    }

    /** The variable the AWS CLI and SDKs read for one service's endpoint: {@code AWS_ENDPOINT_URL_DYNAMODB}, ... */
    private static String endpointVariable(String service) {
        // the service id with spaces as underscores, as AWS's configuration reference names them
        switch (service) {
            case "route53": return "AWS_ENDPOINT_URL_ROUTE_53";
            case "apigateway": return "AWS_ENDPOINT_URL_API_GATEWAY";
            case "secretsmanager": return "AWS_ENDPOINT_URL_SECRETS_MANAGER";
            case "logs": return "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS";
            case "application-autoscaling": return "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING";
            default: return "AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT);
        }
    }

    /**
     * What {@code --region}, {@code --profile}, {@code --endpoint-url} and {@code --endpoint} said, as the variables
     * the AWS CLI and SDKs read ({@code AWS_REGION} and {@code AWS_DEFAULT_REGION}, {@code AWS_PROFILE},
     * {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}), so that a command an {@code exec} step runs acts
     * where the run's AWS actions act. Only the options given: otherwise the inherited environment already says it.
     */
    public Map<String, String> childEnvironment() {
        Map<String, String> out = new LinkedHashMap<>();
        if (region != null) {
            out.put("AWS_REGION", region);
            out.put("AWS_DEFAULT_REGION", region);
        }
        if (profile != null) {
            out.put("AWS_PROFILE", profile);
        }
        if (endpointUrl != null) {
            out.put("AWS_ENDPOINT_URL", endpointUrl.toString());
        }
        endpoints.forEach((service, url) -> out.put(endpointVariable(service), url.toString()));
        return out;
    }

    /** The profile to use: {@code --profile}, else {@code AWS_PROFILE}, else null (the default chain). */
    public String effectiveProfile() {
        return profile != null ? profile : nonBlank(env.get("AWS_PROFILE"));
    }

    /**
     * The region given without a profile: {@code --region}, then {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION};
     * null when only a profile can tell (read by {@link AwsClients#region()}, which needs the SDK's profile files).
     */
    public String regionWithoutProfile() {
        String r = region != null ? region : nonBlank(env.get("AWS_REGION"));
        return r != null ? r : nonBlank(env.get("AWS_DEFAULT_REGION"));
    }

    static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static int attempts(Map<String, String> env) {
        String v = nonBlank(env.get("AWS_MAX_ATTEMPTS"));
        if (v != null) {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a number: the default applies, as the AWS CLI does
            }
        }
        return DEFAULT_MAX_ATTEMPTS;
    }
}
