package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS SDK clients of one run, each built the first time an action needs its service (a dry-run or a validation
 * builds none). They share one HTTP client, the URL-connection one: it starts fastest, and no action calls an
 * operation that needs PATCH, which it cannot send. Credentials, region and endpoints come from {@link AwsSettings};
 * throttling and 5xx answers are retried with exponential backoff and full jitter, and every call is bounded by the
 * step's remaining time ({@link #within}).
 */
public final class AwsClients implements AutoCloseable {
    /** The bound of one API call (retries included) when the step has no timeout of its own. */
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    private final AwsSettings settings;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();
    private volatile SdkHttpClient http;
    private volatile AwsCredentialsProvider credentials;
    private volatile ProfileFile profileFile;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
    }

    public AwsSettings settings() {
        return settings;
    }

    public DynamoDbClient dynamoDb() throws ActionFailedException {
        return client("dynamodb", DynamoDbClient.class, DynamoDbClient::builder);
    }

    public AppConfigClient appConfig() throws ActionFailedException {
        return client("appconfig", AppConfigClient.class, AppConfigClient::builder);
    }

    public SsmClient ssm() throws ActionFailedException {
        return client("ssm", SsmClient.class, SsmClient::builder);
    }

    public LambdaClient lambda() throws ActionFailedException {
        return client("lambda", LambdaClient.class, LambdaClient::builder);
    }

    public Route53Client route53() throws ActionFailedException {
        return client("route53", Route53Client.class, Route53Client::builder);
    }

    public StsClient sts() throws ActionFailedException {
        return client("sts", StsClient.class, StsClient::builder);
    }

    public CloudWatchClient cloudWatch() throws ActionFailedException {
        return client("cloudwatch", CloudWatchClient.class, CloudWatchClient::builder);
    }

    public EcsClient ecs() throws ActionFailedException {
        return client("ecs", EcsClient.class, EcsClient::builder);
    }

    public ApiGatewayClient apiGateway() throws ActionFailedException {
        return client("apigateway", ApiGatewayClient.class, ApiGatewayClient::builder);
    }

    public SecretsManagerClient secretsManager() throws ActionFailedException {
        return client("secretsmanager", SecretsManagerClient.class, SecretsManagerClient::builder);
    }

    public RdsClient rds() throws ActionFailedException {
        return client("rds", RdsClient.class, RdsClient::builder);
    }

    public S3Client s3() throws ActionFailedException {
        return client("s3", S3Client.class, S3Client::builder);
    }

    public CloudWatchLogsClient cloudWatchLogs() throws ActionFailedException {
        return client("logs", CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
    }

    public ApplicationAutoScalingClient applicationAutoScaling() throws ActionFailedException {
        return client("application-autoscaling", ApplicationAutoScalingClient.class,
                ApplicationAutoScalingClient::builder);
    }

    /**
     * The credentials of these settings, resolved now (profile, SSO, access key variables or the default chain, as
     * every client gets them), for a request that is signed here and sent later by someone else
     * ({@link StsIdentityProof}).
     *
     * @param operation the IAM action the credentials are for, named in the message when there are none
     */
    AwsCredentialsIdentity resolveCredentials(String operation) throws ActionFailedException {
        try {
            return credentials().resolveCredentials();
        } catch (RuntimeException e) {
            throw AwsErrors.describe(e, operation, null);
        }
    }

    /** Whether a client for this service has been built (for tests of laziness). */
    boolean built(String service) {
        return clients.containsKey(service);
    }

    /** The region calls go to: {@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's. */
    public String region() throws ActionFailedException {
        String r = settings.regionWithoutProfile();
        if (r == null) {
            String profile = settings.effectiveProfile() == null ? "default" : settings.effectiveProfile();
            r = profileFile().profile(profile).flatMap(p -> p.property("region")).orElse(null);
        }
        if (r == null) {
            throw new ActionFailedException("no AWS region: give --region REGION, or set AWS_REGION, or a region in "
                    + "the profile");
        }
        return r;
    }

    /**
     * A request override that bounds a call, its retries included, by the step's remaining time (or
     * {@link #DEFAULT_CALL_TIMEOUT} when the step has none).
     */
    public static Consumer<AwsRequestOverrideConfiguration.Builder> within(ActionContext context) {
        Duration left = context == null ? null : context.remaining();
        Duration bound = left == null ? DEFAULT_CALL_TIMEOUT : left;
        Duration timeout = bound.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : bound;
        return o -> o.apiCallTimeout(timeout);
    }

    @Override
    public void close() {
        for (Object c : clients.values()) {
            if (c instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) c).close();
                } catch (Exception e) {
                    // closing at the end of a run: nothing left to do about it
                }
            }
        }
        clients.clear();
        SdkHttpClient h = http;
        if (h != null) {
            h.close();
        }
    }

    private <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(String service,
            Class<C> type, java.util.function.Supplier<B> builder) throws ActionFailedException {
        Object existing = clients.get(service);
        if (existing != null) {
            return type.cast(existing);
        }
        synchronized (clients) {
            existing = clients.get(service);
            if (existing != null) {
                return type.cast(existing);
            }
            B b = builder.get();
            b.httpClient(http());
            b.credentialsProvider(credentials());
            // Route 53 is a global service, signed for us-east-1 whatever region the rest of the run uses.
            b.region(service.equals("route53") ? Region.AWS_GLOBAL : Region.of(region()));
            b.overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(retryStrategy()).build());
            URI endpoint = settings.endpointFor(service);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            C client = b.build();
            clients.put(service, client);
            return client;
        }
    }

    private RetryStrategy retryStrategy() {
        Duration base = settings.backoffBase();
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(base, MAX_BACKOFF))
                // AWS asks for longer pauses after throttling than after a transient 5xx.
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(base.multipliedBy(5), MAX_BACKOFF))
                .build();
    }

    private SdkHttpClient http() {
        SdkHttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    h = UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(5))
                            .socketTimeout(Duration.ofSeconds(60))
                            .build();
                    http = h;
                }
            }
        }
        return h;
    }

    /**
     * The credential chain: {@code --profile} (or {@code AWS_PROFILE}) alone when given; else the access key
     * variables; else the default profile, web identity, the container and the instance (as the AWS CLI looks).
     */
    private AwsCredentialsProvider credentials() {
        AwsCredentialsProvider c = credentials;
        if (c != null) {
            return c;
        }
        Map<String, String> env = settings.env();
        String profile = settings.effectiveProfile();
        String key = AwsSettings.nonBlank(env.get("AWS_ACCESS_KEY_ID"));
        String secret = AwsSettings.nonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
        if (profile != null) {
            c = ProfileCredentialsProvider.builder().profileFile(profileFile()).profileName(profile).build();
        } else if (key != null && secret != null) {
            String token = AwsSettings.nonBlank(env.get("AWS_SESSION_TOKEN"));
            c = StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        } else {
            c = AwsCredentialsProviderChain.builder()
                    .reuseLastProviderEnabled(true)
                    .credentialsProviders(
                            ProfileCredentialsProvider.builder().profileFile(profileFile()).profileName("default")
                                    .build(),
                            WebIdentityTokenFileCredentialsProvider.create(),
                            ContainerCredentialsProvider.builder().build(),
                            InstanceProfileCredentialsProvider.builder().build())
                    .build();
        }
        credentials = c;
        return c;
    }

    /** The config and credentials files named by the settings' environment (or under its HOME). */
    private ProfileFile profileFile() {
        ProfileFile f = profileFile;
        if (f != null) {
            return f;
        }
        Map<String, String> env = settings.env();
        String home = Optional.ofNullable(AwsSettings.nonBlank(env.get("HOME")))
                .orElse(System.getProperty("user.home", "."));
        Path config = path(env.get("AWS_CONFIG_FILE"), Paths.get(home, ".aws", "config"));
        Path creds = path(env.get("AWS_SHARED_CREDENTIALS_FILE"), Paths.get(home, ".aws", "credentials"));
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        if (Files.isReadable(config)) {
            all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        if (Files.isReadable(creds)) {
            all.addFile(ProfileFile.builder().content(creds).type(ProfileFile.Type.CREDENTIALS).build());
        }
        f = all.build();
        profileFile = f;
        return f;
    }

    private static Path path(String fromEnv, Path fallback) {
        String p = AwsSettings.nonBlank(fromEnv);
        return p == null ? fallback : Paths.get(p);
    }
}
