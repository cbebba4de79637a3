package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.runbook.actions.aws.DynamoDbLocal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * security-breach-containment and dynamodb-restore-from-backup run for real through Main, non-interactively, against
 * the stand-ins: WireMock for AppConfig, Secrets Manager and Application Auto Scaling, and DynamoDB Local behind a
 * WireMock that answers what DynamoDB Local lacks (backups, PITR, tags) and passes every other call through.
 */
@ExtendWith(DynamoDbLocal.class)
class DataRunbooksE2EIT {
    private static final Instant NOW = Instant.parse("2026-11-22T04:30:00Z");
    private static final String IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/op</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
            + "</ResponseMetadata></GetCallerIdentityResponse>";
    private static final String HOSTED = "/applications/%s/configurationprofiles/%s/hostedconfigurationversions";
    private static final String DEPLOYMENTS = "/applications/%s/environments/%s/deployments";
    private static WireMockServer aws;
    private static WireMockServer dynamo;
    private static DynamoDbClient local;

    @BeforeAll
    static void start() {
        aws = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
        dynamo = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        dynamo.start();
        local = DynamoDbClient.builder().endpointOverride(DynamoDbLocal.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .build();
    }

    @AfterAll
    static void stop() {
        aws.stop();
        dynamo.stop();
        local.close();
    }

    @BeforeEach
    void reset() {
        aws.resetAll();
        dynamo.resetAll();
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(IDENTITY)));
        dynamo.stubFor(post(urlEqualTo("/")).atPriority(10)
                .willReturn(aResponse().proxiedFrom(DynamoDbLocal.endpoint().toString())));
    }

    private static Cli.Result run(String runbook, String... more) {
        List<String> args = new ArrayList<>(List.of("run",
                RepoPaths.repo().resolve("runbooks-yaml/" + runbook + ".yaml").toString(),
                "--region", "us-east-1", "--yes", "--ack", "all"));
        for (String service : List.of("sts", "appconfig", "secretsmanager", "application-autoscaling")) {
            args.add("--endpoint");
            args.add(service + "=http://127.0.0.1:" + aws.port());
        }
        args.add("--endpoint");
        args.add("dynamodb=http://127.0.0.1:" + dynamo.port());
        args.addAll(List.of(more));
        return cli().env("AWS_ACCESS_KEY_ID", "dummy").env("AWS_SECRET_ACCESS_KEY", "dummy").env("AWS_MAX_ATTEMPTS", "1")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).run(args.toArray(String[]::new));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder json10(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    private static ResponseDefinitionBuilder json11(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static MappingBuilder target(String prefix, String operation) {
        return post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(prefix + "." + operation));
    }

    /** A hosted configuration at version 3 ({@code before}), version 4 once created, deployment 7 COMPLETE. */
    private static void appConfig(String app, String env, String profile, String before, String after) {
        String hosted = HOSTED.formatted(app, profile);
        String deployments = DEPLOYMENTS.formatted(app, env);
        for (String[] state : new String[][] {{STARTED, "3", before}, {"flipped", "4", after}}) {
            aws.stubFor(get(urlPathEqualTo(hosted)).withQueryParam("max_results", equalTo("1"))
                    .inScenario("config").whenScenarioStateIs(state[0])
                    .willReturn(json("{\"Items\":[{\"ApplicationId\":\"" + app + "\",\"ConfigurationProfileId\":\""
                            + profile + "\",\"VersionNumber\":" + state[1] + ",\"ContentType\":\"application/json\"}]}")));
            aws.stubFor(get(urlEqualTo(hosted + "/" + state[1])).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withHeader("Version-Number", state[1])
                    .withBody(state[2])));
        }
        aws.stubFor(post(urlEqualTo(hosted)).inScenario("config").willSetStateTo("flipped")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withHeader("Version-Number", "4").withBody("{}")));
        aws.stubFor(post(urlEqualTo(deployments)).willReturn(json("{\"DeploymentNumber\":7,\"State\":\"DEPLOYING\"}")
                .withStatus(201)));
        aws.stubFor(get(urlEqualTo(deployments + "/7")).willReturn(json(
                "{\"DeploymentNumber\":7,\"State\":\"COMPLETE\",\"PercentageComplete\":100.0}")));
    }

    // ---- security-breach-containment ----

    private static final String EAST = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/db-AbCdEf";
    private static final String WEST = "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/orders/api-GhIjKl";

    private static String describe(String arn, String name, long rotated) {
        return "{\"ARN\":\"" + arn + "\",\"Name\":\"" + name + "\",\"RotationEnabled\":true,\"LastRotatedDate\":"
                + rotated + ",\"VersionIdsToStages\":{\"v-1\":[\"AWSCURRENT\"]},\"ReplicationStatus\":"
                + "[{\"Region\":\"eu-west-1\",\"Status\":\"InSync\",\"StatusMessage\":\"Replication succeeded\"}]}";
    }

    @Test
    void securityBreachContainmentGoesReadOnlyRotatesEverySecretInEveryRegionAndVerifies() {
        // given
        appConfig("orders-app", "prod", "orders-config", "{\"readOnly\":false}", "{\"readOnly\":true}");
        aws.stubFor(target("secretsmanager", "ListSecrets").withHeader("Authorization", containing("/us-east-1/"))
                .willReturn(json11("{\"SecretList\":[{\"ARN\":\"" + EAST + "\",\"Name\":\"prod/orders/db\"}]}")));
        aws.stubFor(target("secretsmanager", "ListSecrets").withHeader("Authorization", containing("/us-west-2/"))
                .willReturn(json11("{\"SecretList\":[{\"ARN\":\"" + WEST + "\",\"Name\":\"prod/orders/api\"},"
                        + "{\"ARN\":\"arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/orders/db-AbCdEf\","
                        + "\"Name\":\"prod/orders/db\",\"PrimaryRegion\":\"us-east-1\"}]}")));
        long before = NOW.getEpochSecond() - 86_400;
        long after = NOW.getEpochSecond() + 60;
        for (String[] s : new String[][] {{EAST, "prod/orders/db"}, {WEST, "prod/orders/api"}}) {
            String scenario = "rotate-" + s[1];
            aws.stubFor(target("secretsmanager", "DescribeSecret").withRequestBody(matchingJsonPath("$.SecretId",
                    equalTo(s[0]))).inScenario(scenario).whenScenarioStateIs(STARTED)
                    .willReturn(json11(describe(s[0], s[1], before))));
            aws.stubFor(target("secretsmanager", "RotateSecret").withRequestBody(matchingJsonPath("$.SecretId",
                    equalTo(s[0]))).inScenario(scenario).willSetStateTo("rotated")
                    .willReturn(json11("{\"ARN\":\"" + s[0] + "\",\"Name\":\"" + s[1] + "\",\"VersionId\":\"v-2\"}")));
            aws.stubFor(target("secretsmanager", "DescribeSecret").withRequestBody(matchingJsonPath("$.SecretId",
                    equalTo(s[0]))).inScenario(scenario).whenScenarioStateIs("rotated")
                    .willReturn(json11(describe(s[0], s[1], after))));
        }

        // when
        Cli.Result r = run("security-breach-containment", "-p", "application=orders-app", "-p", "environment=prod",
                "-p", "profile=orders-config", "-p", "secretPrefix=prod/orders/", "-p", "regions=us-east-1,us-west-2",
                "--confirm", "read-only=readOnly", "--confirm", "rotate=2");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        aws.verify(1, postRequestedFor(urlEqualTo(HOSTED.formatted("orders-app", "orders-config")))
                .withRequestBody(equalToJson("{\"readOnly\":true}")));
        aws.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.ListSecrets")).withRequestBody(matchingJsonPath("$.Filters[0].Values[0]",
                        equalTo("prod/orders/"))));
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.RotateSecret")).withHeader("Authorization", containing("/us-east-1/"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(EAST))));
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.RotateSecret")).withHeader("Authorization", containing("/us-west-2/"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(WEST))));
        aws.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.RotateSecret")));
        assertThat(r.out()).contains("prod/orders/api (us-west-2): AWSCURRENT v-1 -> new version v-2");
    }

    // ---- dynamodb-restore-from-backup ----

    @Test
    void dynamodbRestoreFromBackupRestoresTheNewestBackupChecksCopiesSettingsAndRepoints() {
        // given
        String table = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String restored = table + "-from-backup-20261122-0430";
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/";
        String backup = arn + table + "/backup/01763780400000-abcdefgh";
        for (String t : List.of(table, restored)) {
            local.createTable(b -> b.tableName(t).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
            for (int i = 1; i <= 4; i++) {
                int n = i;
                local.putItem(b -> b.tableName(t).item(Map.of("pk", AttributeValue.fromS("order-" + n))));
            }
        }
        dynamo.stubFor(target("DynamoDB_20120810", "ListBackups").willReturn(json10("{\"BackupSummaries\":["
                + "{\"TableName\":\"" + table + "\",\"BackupArn\":\"" + backup + "\",\"BackupName\":\"nightly\","
                + "\"BackupCreationDateTime\":1763780400,\"BackupStatus\":\"AVAILABLE\",\"BackupType\":\"USER\"},"
                + "{\"TableName\":\"" + table + "\",\"BackupArn\":\"" + backup + "-old\",\"BackupName\":\"weekly\","
                + "\"BackupCreationDateTime\":1763000000,\"BackupStatus\":\"AVAILABLE\",\"BackupType\":\"USER\"}]}")));
        dynamo.stubFor(target("DynamoDB_20120810", "DescribeBackup").willReturn(json10("{\"BackupDescription\":{"
                + "\"BackupDetails\":{\"BackupArn\":\"" + backup + "\",\"BackupName\":\"nightly\",\"BackupStatus\":"
                + "\"AVAILABLE\",\"BackupType\":\"USER\",\"BackupCreationDateTime\":1763780400},"
                + "\"SourceTableDetails\":{\"TableName\":\"" + table + "\",\"ItemCount\":4}}}")));
        dynamo.stubFor(target("DynamoDB_20120810", "DescribeTable").withRequestBody(matchingJsonPath("$.TableName",
                equalTo(restored))).inScenario("restore").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                                + "\"message\":\"Requested resource not found\"}")));
        dynamo.stubFor(target("DynamoDB_20120810", "RestoreTableFromBackup").inScenario("restore")
                .willSetStateTo("restored").willReturn(json10("{\"TableDescription\":{\"TableName\":\"" + restored
                        + "\",\"TableArn\":\"" + arn + restored + "\",\"TableStatus\":\"CREATING\"}}")));
        dynamo.stubFor(target("DynamoDB_20120810", "DescribeTable").withRequestBody(matchingJsonPath("$.TableName",
                equalTo(restored))).inScenario("restore").whenScenarioStateIs("restored")
                .willReturn(json10("{\"Table\":{\"TableName\":\"" + restored + "\",\"TableStatus\":\"ACTIVE\","
                        + "\"TableArn\":\"" + arn + restored + "\",\"KeySchema\":[{\"AttributeName\":\"pk\","
                        + "\"KeyType\":\"HASH\"}],\"RestoreSummary\":{\"SourceBackupArn\":\"" + backup + "\","
                        + "\"RestoreDateTime\":1763790000,\"RestoreInProgress\":false}}}")));
        String on = "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
                + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"ENABLED\"}}}";
        dynamo.stubFor(target("DynamoDB_20120810", "DescribeContinuousBackups").withRequestBody(matchingJsonPath(
                "$.TableName", equalTo(table))).willReturn(json10(on)));
        dynamo.stubFor(target("DynamoDB_20120810", "DescribeContinuousBackups").withRequestBody(matchingJsonPath(
                "$.TableName", equalTo(restored))).willReturn(json10(on.replace("ENABLED", "DISABLED"))));
        dynamo.stubFor(target("DynamoDB_20120810", "UpdateContinuousBackups").willReturn(json10(on)));
        dynamo.stubFor(target("DynamoDB_20120810", "ListTagsOfResource").willReturn(json10("{\"Tags\":[]}")));
        aws.stubFor(target("AnyScaleFrontendService", "DescribeScalableTargets")
                .willReturn(json11("{\"ScalableTargets\":[]}")));
        appConfig("orders-app", "prod", "orders-config", "{\"tableName\":\"" + table + "\"}",
                "{\"tableName\":\"" + restored + "\"}");

        // when
        Cli.Result r = run("dynamodb-restore-from-backup", "-p", "table=" + table, "-p", "before=2026-11-22T04:00:00Z",
                "-p", "application=orders-app", "-p", "environment=prod", "-p", "profile=orders-config",
                "--confirm", "data-loss=" + table);

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        dynamo.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.RestoreTableFromBackup"))
                .withRequestBody(equalToJson("{\"TargetTableName\":\"" + restored + "\",\"BackupArn\":\"" + backup
                        + "\"}")));
        dynamo.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.ListBackups")).withRequestBody(matchingJsonPath("$.TableName", equalTo(table)))
                .withRequestBody(containing("\"TimeRangeUpperBound\":1795320000")) // 2026-11-22T04:00:00Z
                .withRequestBody(matchingJsonPath("$.BackupType", equalTo("ALL"))));
        dynamo.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.UpdateContinuousBackups")).withRequestBody(equalToJson("{\"TableName\":\""
                        + restored + "\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}")));
        aws.verify(1, postRequestedFor(urlEqualTo(HOSTED.formatted("orders-app", "orders-config")))
                .withRequestBody(equalToJson("{\"tableName\":\"" + restored + "\"}")));
        assertThat(r.out()).contains("pitr: DISABLED -> ENABLED").contains(restored);
    }
}
