package dev.runbook.actions.aws;

import static dev.runbook.actions.aws.Aws.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import dev.runbook.actions.builtin.BuiltinActions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every AWS action promises without AWS: names, specs, and dry-run previews that need no client. */
class AwsActionsTest {
    private static final List<Action> ACTIONS = new AwsActions(Aws.noClients()).actions();

    /** Plausible inputs for an action: every declared input with a value of its type. */
    private static Inputs sample(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (IoSpec in : a.spec().inputs()) {
            m.put(in.name(), sampleValue(a, in));
        }
        return new Inputs(m);
    }

    private static Object sampleValue(Action a, IoSpec in) {
        if (in.name().equals("time")) {
            return "2026-11-22T03:55:00Z";
        }
        if (in.name().equals("type")) {
            return "SecureString";
        }
        if (a.name().equals(AwsCallAction.NAME)) {
            return Map.of("service", "dynamodb", "operation", "DescribeTable", "parameters",
                    Map.of("TableName", "orders"), "mutating", false).get(in.name());
        }
        ValueType t = in.type();
        switch (t) {
            case INTEGER: return 7L;
            case BOOLEAN: return true;
            case DURATION: return "30s";
            case LIST: return List.of(Map.of("pk", "a"));
            case MAP: return Map.of("pk", "a");
            default: return "x-" + in.name();
        }
    }

    @Test
    void everyActionIsNamedAfterAKnownServiceInKebabCase() {
        assertThat(ACTIONS).hasSizeGreaterThanOrEqualTo(40);
        for (Action a : ACTIONS) {
            String[] parts = a.name().split("\\.");
            if (a.name().equals(AwsCallAction.NAME)) {
                // the generic call names no service: its input does, one of the same services
                assertThat(a.spec().inputs()).extracting(IoSpec::name).startsWith("service", "operation");
                assertThat(a.spec().outputs()).extracting(IoSpec::name).contains("response");
                continue;
            }
            assertThat(parts).as(a.name()).hasSize(3);
            assertThat(parts[0]).isEqualTo("aws");
            assertThat(AwsSettings.SERVICES).as(a.name()).contains(parts[1]);
            assertThat(parts[2]).as(a.name()).matches("[a-z]+(-[a-z]+)*");
            assertThat(a.spec().description()).as(a.name()).isNotBlank();
            assertThat(a.spec().inputs()).allMatch(i -> i.name().matches("[a-z]+(-[a-z]+)*"));
            assertThat(a.spec().outputs()).isNotEmpty().allMatch(o -> o.name().matches("[a-z]+([A-Z][a-z]*)*"));
        }
    }

    @Test
    void theActionsRegisterBesideTheBuiltInOnesWithoutClash() {
        ActionRegistry registry = ActionRegistry.of(new AwsActions(), new BuiltinActions());

        assertThat(registry.names()).contains("aws.dynamodb.restore-table-to-point-in-time", "manual", "exec");
        assertThat(registry.actorProbes()).hasSize(1);
    }

    @Test
    void everyDryRunPreviewShowsTheApiOperationAndAsksForNoClient() {
        // Aws.noClients() fails the test if anything asks for a client: no client, no request.
        for (Action a : ACTIONS) {
            Preview p = a.preview(sample(a));

            String service = a.name().equals(AwsCallAction.NAME) ? "dynamodb" : a.name().split("\\.")[1];
            assertThat(p.summary()).as(a.name()).startsWith(service + ":").contains("{");
        }
    }

    @Test
    void theMutatingActionsAreTheOnesThatChangeSomething() {
        Set<String> mutating = ACTIONS.stream().filter(a -> a.kind(sample(a)) == Kind.MUTATING).map(Action::name)
                .collect(Collectors.toSet());

        assertThat(mutating).containsExactlyInAnyOrder("aws.dynamodb.restore-table-to-point-in-time",
                "aws.dynamodb.delete-table", "aws.dynamodb.acquire-lock", "aws.dynamodb.release-lock",
                "aws.appconfig.set-configuration", "aws.appconfig.start-deployment", "aws.appconfig.stop-deployment",
                "aws.ssm.put-parameter", "aws.ssm.start-automation", "aws.lambda.update-alias",
                // ECS and API Gateway (issue 16: aws-ecs)
                "aws.ecs.scale-service", "aws.ecs.force-new-deployment", "aws.ecs.update-service-task-definition",
                "aws.apigateway.update-stage-deployment",
                // aws-infra (issue 16)
                "aws.rds.restore-to-point-in-time", "aws.rds.failover-cluster", "aws.rds.failover-global-cluster",
                "aws.route53.change-record-set",
                // aws-data
                "aws.secretsmanager.rotate-secret", "aws.dynamodb.create-backup",
                "aws.dynamodb.restore-table-from-backup", "aws.dynamodb.copy-table-settings");
    }

    @Test
    void aSecureStringValueNeverAppearsInThePreview() {
        Action put = Aws.action("aws.ssm.put-parameter", Aws.noClients());

        Preview p = put.preview(inputs("name", "/db/password", "value", "hunter2", "type", "SecureString"));

        assertThat(p.summary()).isEqualTo("ssm:PutParameter {\"Name\":\"/db/password\",\"Value\":\"***\","
                + "\"Type\":\"SecureString\",\"Overwrite\":true}");
    }

    @Test
    void theRestorePreviewShowsEachCallInOrder() {
        Preview p = Aws.action("aws.dynamodb.restore-table-to-point-in-time", Aws.noClients())
                .preview(inputs("source", "orders", "target", "orders-copy", "time", "2026-11-22T03:55:00Z"));

        assertThat(p.summary()).isEqualTo("dynamodb:DescribeContinuousBackups {\"TableName\":\"orders\"}  (checks "
                + "the restorable window)");
        assertThat(p.details()).containsExactly(
                "then dynamodb:DescribeTable {\"TableName\":\"orders-copy\"}  (an existing target restored from the "
                        + "source is adopted, any other refused)",
                "then dynamodb:RestoreTableToPointInTime {\"SourceTableName\":\"orders\",\"TargetTableName\":"
                        + "\"orders-copy\",\"RestoreDateTime\":\"2026-11-22T03:55:00Z\"}  (only when the target "
                        + "does not exist)");
    }

    @Test
    void perServiceEndpointsWinOverTheGeneralOneWhichWinsOverTheEnvironment() {
        AwsSettings s = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://env:1",
                "AWS_ENDPOINT_URL_ROUTE_53", "http://r53:1"));

        assertThat(s.endpointFor("route53")).isEqualTo(URI.create("http://r53:1"));
        assertThat(s.endpointFor("sts")).isEqualTo(URI.create("http://env:1"));
        AwsSettings flags = s.withEndpointUrl(URI.create("http://all:1")).withEndpoint("sts", URI.create("http://sts:1"));
        assertThat(flags.endpointFor("sts")).isEqualTo(URI.create("http://sts:1"));
        assertThat(flags.endpointFor("route53")).isEqualTo(URI.create("http://all:1"));
        assertThat(AwsSettings.fromEnvironment(Map.of()).endpointFor("ssm")).isNull();
    }

    @Test
    void anUnknownServiceOrABadUrlIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> AwsSettings.checkService("s4"))
                .hasMessage("unknown AWS service 's4' (known: apigateway, appconfig, application-autoscaling, "
                        + "cloudwatch, dynamodb, ecs, lambda, logs, rds, route53, s3, secretsmanager, ssm, sts)");
        assertThatThrownBy(() -> AwsSettings.endpoint("ftp://x")).hasMessageContaining("not an http:// or https://");
    }

    @Test
    void theAttemptsComeFromAwsMaxAttemptsOrTheDefault() {
        assertThat(AwsSettings.fromEnvironment(Map.of("AWS_MAX_ATTEMPTS", "2")).maxAttempts()).isEqualTo(2);
        assertThat(AwsSettings.fromEnvironment(Map.of("AWS_MAX_ATTEMPTS", "lots")).maxAttempts())
                .isEqualTo(AwsSettings.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void theRegionComesFromTheFlagTheEnvironmentOrTheProfile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "[profile ops]\nregion = eu-west-1\n");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", config.toString(), "HOME", dir.toString());
        AwsSettings base = new AwsSettings(null, null, null, Map.of(), env, 1, Duration.ofMillis(1));

        assertThat(new AwsClients(base.withRegion("ap-south-1")).region()).isEqualTo("ap-south-1");
        assertThat(new AwsClients(base.withProfile("ops")).region()).isEqualTo("eu-west-1");
        assertThatThrownBy(() -> new AwsClients(base).region())
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("no AWS region: give --region REGION, or set AWS_REGION, or a region in the profile");
    }

    @Test
    void clientsAreBuiltOnlyForTheServicesUsed() throws Exception {
        try (AwsClients clients = new AwsClients(Aws.settings(URI.create("http://127.0.0.1:1")))) {
            clients.sts();

            assertThat(clients.built("sts")).isTrue();
            assertThat(clients.built("dynamodb")).isFalse();
            assertThat(clients.sts()).isSameAs(clients.sts());
        }
    }

    @Test
    void anEndpointThatCannotBeReachedSuggestsTheRegion() throws Exception {
        try (AwsClients clients = new AwsClients(Aws.settings(URI.create("http://127.0.0.1:1")))) {
            assertThatThrownBy(() -> Aws.action("aws.sts.get-caller-identity", () -> clients)
                    .apply(inputs(), new TestContext()))
                    .isInstanceOf(ActionFailedException.class)
                    .hasMessageStartingWith("cannot reach the AWS endpoint for sts:GetCallerIdentity in region "
                            + "us-east-1")
                    .hasMessageContaining("check --region (now us-east-1)");
        }
    }

    @Test
    void aMissingProfileSaysHowToLogIn(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("config"), "");
        AwsSettings s = new AwsSettings("prod", "us-east-1", URI.create("http://127.0.0.1:1"), Map.of(),
                Map.of("AWS_CONFIG_FILE", empty.toString(), "AWS_SHARED_CREDENTIALS_FILE", empty.toString()), 1,
                Duration.ofMillis(1));
        try (AwsClients clients = new AwsClients(s)) {
            assertThatThrownBy(() -> Aws.action("aws.sts.get-caller-identity", () -> clients)
                    .apply(inputs(), new TestContext()))
                    .isInstanceOf(ActionFailedException.class)
                    .hasMessageStartingWith("no usable AWS credentials for sts:GetCallerIdentity")
                    .hasMessageContaining("aws sso login --profile PROFILE");
        }
    }
}
