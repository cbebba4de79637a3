package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Each shipped runbook run for real through Main, non-interactively ({@code --yes}, {@code --ack all}, {@code --confirm}), against the
 * stand-ins: DynamoDB Local for tables, locks, counts and items, and WireMock for everything else (and for the
 * point-in-time restore, which DynamoDB Local does not offer: a WireMock in front of DynamoDB Local answers those
 * operations and passes every other one through). Each test checks the AWS requests made.
 */
@ExtendWith(DynamoDbLocal.class)
class ShippedRunbooksE2EIT {
    private static final Instant NOW = Instant.parse("2026-11-22T04:30:00Z");
    private static final String IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/op</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
            + "</ResponseMetadata></GetCallerIdentityResponse>";
    private static final String CW = "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";
    private static final String R53 = "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"";
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
                .willReturn(xml(IDENTITY)));
        dynamo.stubFor(post(urlEqualTo("/")).atPriority(10)
                .willReturn(aResponse().proxiedFrom(DynamoDbLocal.endpoint().toString())));
    }

    private static Cli.Result run(String runbook, String... more) {
        List<String> args = new ArrayList<>(List.of("run",
                RepoPaths.repo().resolve("runbooks-yaml/" + runbook + ".yaml").toString(),
                "--region", "us-east-1", "--yes", "--ack", "all"));
        for (String service : List.of("sts", "lambda", "cloudwatch", "appconfig", "route53", "ssm",
                "application-autoscaling", "secretsmanager")) {
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

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static ResponseDefinitionBuilder json10(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    private static MappingBuilder dynamoOp(String operation) {
        return post(urlEqualTo("/")).atPriority(1)
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createTable(String name, String key, int items) {
        local.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(AttributeDefinition.builder().attributeName(key).attributeType("S").build())
                .keySchema(KeySchemaElement.builder().attributeName(key).keyType("HASH").build()));
        for (int i = 1; i <= items; i++) {
            int n = i;
            local.putItem(b -> b.tableName(name).item(Map.of(key, AttributeValue.fromS("order-" + n),
                    "total", AttributeValue.fromN(String.valueOf(n * 10)))));
        }
    }

    private static boolean exists(String table) {
        try {
            local.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    // ---- lambda-alias-rollback ----

    private static final String FN = "/2015-03-31/functions/checkout-api";

    private static String alias(String version) {
        return "{\"AliasArn\":\"arn:aws:lambda:us-east-1:123456789012:function:checkout-api:live\",\"Name\":\"live\","
                + "\"FunctionVersion\":\"" + version + "\",\"RevisionId\":\"r-1\"}";
    }

    private static void lambda(String alarmState) {
        aws.stubFor(get(urlEqualTo(FN + "/aliases/live")).willReturn(json(alias("8"))));
        aws.stubFor(get(urlPathEqualTo(FN + "/versions")).willReturn(json("{\"Versions\":[{\"Version\":\"$LATEST\"},"
                + "{\"Version\":\"6\"},{\"Version\":\"7\"},{\"Version\":\"8\"}]}")));
        for (String v : List.of("7", "8")) {
            aws.stubFor(get(urlPathEqualTo(FN + "/configuration")).withQueryParam("Qualifier", equalTo(v))
                    .willReturn(json("{\"FunctionName\":\"checkout-api\",\"Version\":\"" + v + "\",\"Description\":"
                            + "\"release " + v + "\",\"CodeSha256\":\"sha-" + v + "\",\"LastModified\":"
                            + "\"2026-11-2" + v + "T10:00:00.000+0000\",\"State\":\"Active\"}")));
        }
        aws.stubFor(put(urlEqualTo(FN + "/aliases/live")).willReturn(json(alias("7"))));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarms")).willReturn(xml(
                "<DescribeAlarmsResponse " + CW + "><DescribeAlarmsResult><MetricAlarms><member>"
                        + "<AlarmName>checkout-api-errors</AlarmName><StateValue>" + alarmState + "</StateValue>"
                        + "<StateReason>r</StateReason><StateUpdatedTimestamp>2026-11-22T03:59:00Z"
                        + "</StateUpdatedTimestamp></member></MetricAlarms></DescribeAlarmsResult>"
                        + "</DescribeAlarmsResponse>")));
    }

    @Test
    void lambdaAliasRollbackPointsTheAliasAtThePreviousVersionAndChecksTheAlarm() {
        // given
        lambda("OK");

        // when
        Cli.Result r = run("lambda-alias-rollback", "-p", "function=checkout-api", "-p", "watch=0s",
                "--confirm", "rollback=checkout-api");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("release 8").contains("sha-7");
        aws.verify(1, putRequestedFor(urlEqualTo(FN + "/aliases/live"))
                .withRequestBody(matchingJsonPath("$.FunctionVersion", equalTo("7"))));
        aws.verify(getRequestedFor(urlPathEqualTo(FN + "/configuration")).withQueryParam("Qualifier", equalTo("8")));
        aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("AlarmNames.member.1=checkout-api-errors")));
    }

    @Test
    void lambdaAliasRollbackPointsTheAliasForwardAgainWhenTheAlarmFires() {
        // given
        lambda("ALARM");

        // when
        Cli.Result r = run("lambda-alias-rollback", "-p", "function=checkout-api", "-p", "watch=0s",
                "--confirm", "rollback=checkout-api");

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        aws.verify(1, putRequestedFor(urlEqualTo(FN + "/aliases/live"))
                .withRequestBody(matchingJsonPath("$.FunctionVersion", equalTo("7"))));
        aws.verify(1, putRequestedFor(urlEqualTo(FN + "/aliases/live"))
                .withRequestBody(matchingJsonPath("$.FunctionVersion", equalTo("8"))));
    }

    // ---- feature-flag-kill-switch and the AppConfig half of dynamodb-pitr-restore ----

    private static final String HOSTED = "/applications/%s/configurationprofiles/%s/hostedconfigurationversions";
    private static final String DEPLOYMENTS = "/applications/%s/environments/%s/deployments";

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

    @Test
    void featureFlagKillSwitchSetsTheFlagDeploysItAndVerifiesIt() {
        // given
        appConfig("shop", "prod", "flags", "{\"paymentsEnabled\":true,\"limit\":5}",
                "{\"paymentsEnabled\":false,\"limit\":5}");

        // when
        Cli.Result r = run("feature-flag-kill-switch", "-p", "application=shop", "-p", "environment=prod",
                "-p", "profile=flags", "-p", "flag=paymentsEnabled", "--confirm", "flip=paymentsEnabled");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        aws.verify(1, postRequestedFor(urlEqualTo(HOSTED.formatted("shop", "flags")))
                .withHeader("Latest-Version-Number", equalTo("3"))
                .withRequestBody(equalToJson("{\"paymentsEnabled\":false,\"limit\":5}")));
        aws.verify(1, postRequestedFor(urlEqualTo(DEPLOYMENTS.formatted("shop", "prod"))).withRequestBody(equalToJson(
                "{\"ConfigurationProfileId\":\"flags\",\"ConfigurationVersion\":\"4\","
                        + "\"DeploymentStrategyId\":\"AppConfig.AllAtOnce\"}", true, true)));
        aws.verify(getRequestedFor(urlEqualTo(DEPLOYMENTS.formatted("shop", "prod") + "/7")));
    }

    // ---- backup-restore-drill and dynamodb-pitr-restore: DynamoDB Local behind a WireMock for PITR ----

    private static final String BACKUPS = "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
            + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"ENABLED\","
            + "\"EarliestRestorableDateTime\":1761107400,\"LatestRestorableDateTime\":1795321500}}}";
    // 1761107400 = 2025-10-22T04:30:00Z, 1795321500 = 2026-11-22T04:25:00Z

    /**
     * PITR on the WireMock: the restore is answered there, and the restored table (created in DynamoDB Local with
     * the source's items, as a restore would) is described as restored from the source.
     */
    private static void pitr(String source, String target) {
        createTable(target, "pk", 5);
        dynamo.stubFor(dynamoOp("DescribeContinuousBackups").willReturn(json10(BACKUPS)));
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/";
        dynamo.stubFor(dynamoOp("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo(target)))
                .inScenario("restore").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                                + "\"message\":\"Requested resource not found\"}")));
        dynamo.stubFor(dynamoOp("RestoreTableToPointInTime").inScenario("restore").willSetStateTo("restored")
                .willReturn(json10("{\"TableDescription\":{\"TableName\":\"" + target + "\",\"TableArn\":\"" + arn
                        + target + "\",\"TableStatus\":\"CREATING\"}}")));
        dynamo.stubFor(dynamoOp("DescribeTable").withRequestBody(matchingJsonPath("$.TableName", equalTo(target)))
                .inScenario("restore").whenScenarioStateIs("restored")
                .willReturn(json10("{\"Table\":{\"TableName\":\"" + target + "\",\"TableStatus\":\"ACTIVE\","
                        + "\"TableArn\":\"" + arn + target + "\",\"ItemCount\":5,\"TableSizeBytes\":100,"
                        + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"RestoreSummary\":"
                        + "{\"SourceTableArn\":\"" + arn + source + "\",\"RestoreDateTime\":1795321500,"
                        + "\"RestoreInProgress\":false}}}")));
    }

    @Test
    void backupRestoreDrillRestoresValidatesDeletesTheScratchTableAndReleasesTheLock() {
        // given
        String table = unique("orders");
        String locks = unique("locks");
        String scratch = table + "-drill-20261122-0430";
        createTable(table, "pk", 5);
        createTable(locks, "lockId", 0);
        pitr(table, scratch);

        // when
        Cli.Result r = run("backup-restore-drill", "-p", "table=" + table, "-p", "spotKey=order-3",
                "-p", "lockTable=" + locks);

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        dynamo.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.RestoreTableToPointInTime"))
                .withRequestBody(equalToJson("{\"SourceTableName\":\"" + table + "\",\"TargetTableName\":\"" + scratch
                        + "\",\"UseLatestRestorableTime\":true}")));
        assertThat(exists(scratch)).as("the scratch table is deleted").isFalse();
        assertThat(exists(table)).isTrue();
        assertThat(local.scan(b -> b.tableName(locks)).count()).as("the lock is released").isZero();
    }

    /** For copy-settings: the source is tagged (tags are not in DynamoDB Local), neither table auto-scales. */
    private static void tableSettings(String table, String restored) {
        dynamo.stubFor(dynamoOp("ListTagsOfResource").withRequestBody(containing("table/" + table + "\""))
                .willReturn(json10("{\"Tags\":[{\"Key\":\"team\",\"Value\":\"orders\"}]}")));
        dynamo.stubFor(dynamoOp("ListTagsOfResource").withRequestBody(containing("table/" + restored + "\""))
                .willReturn(json10("{\"Tags\":[]}")));
        dynamo.stubFor(dynamoOp("TagResource").willReturn(json10("{}")));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AnyScaleFrontendService.DescribeScalableTargets")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{\"ScalableTargets\":[]}")));
    }

    @Test
    void dynamodbPitrRestoreRestoresValidatesAndRepointsTheApplication() {
        // given
        String table = unique("orders");
        String restored = table + "-restored-20261122-0430";
        createTable(table, "pk", 5);
        pitr(table, restored);
        appConfig("orders-app", "prod", "orders-config", "{\"tableName\":\"" + table + "\"}",
                "{\"tableName\":\"" + restored + "\"}");
        tableSettings(table, restored);

        // when
        Cli.Result r = run("dynamodb-pitr-restore", "-p", "table=" + table, "-p", "restoreTime=2026-11-22T03:55:00Z",
                "-p", "spotKey=order-2", "-p", "application=orders-app", "-p", "environment=prod",
                "-p", "profile=orders-config", "--confirm", "data-loss=" + table);

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        dynamo.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.RestoreTableToPointInTime"))
                .withRequestBody(matchingJsonPath("$.TargetTableName", equalTo(restored)))
                .withRequestBody(matchingJsonPath("$.RestoreDateTime")));
        aws.verify(1, postRequestedFor(urlEqualTo(HOSTED.formatted("orders-app", "orders-config")))
                .withRequestBody(equalToJson("{\"tableName\":\"" + restored + "\"}")));
        aws.verify(1, postRequestedFor(urlEqualTo(DEPLOYMENTS.formatted("orders-app", "prod"))));
        dynamo.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.TagResource"))
                .withRequestBody(equalToJson("{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/"
                        + restored + "\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"orders\"}]}")));
        assertThat(r.out()).contains("tags: team: (none) -> orders");
        assertThat(exists(restored)).as("the restored table stays").isTrue();
        assertThat(r.out()).contains(restored);
    }

    // ---- dynamodb-pitr-restore halting an ECS writer service (issue 16: aws-ecs) ----

    private static String writerService(int count) {
        return "{\"failures\":[],\"services\":[{\"serviceArn\":\"arn:aws:ecs:us-east-1:123456789012:service/prod/"
                + "orders-writer\",\"serviceName\":\"orders-writer\",\"status\":\"ACTIVE\",\"desiredCount\":" + count
                + ",\"runningCount\":" + count + ",\"pendingCount\":0,\"taskDefinition\":\"arn:aws:ecs:us-east-1:"
                + "123456789012:task-definition/orders-writer:4\",\"deployments\":[{\"id\":\"ecs-svc/1\",\"status\":"
                + "\"PRIMARY\",\"desiredCount\":" + count + ",\"runningCount\":" + count + ",\"rolloutState\":"
                + "\"COMPLETED\"}]}]}";
    }

    @Test
    void dynamodbPitrRestoreScalesTheEcsWritersToZeroAndBackToTheirCount() {
        // given
        String table = unique("orders");
        String restored = table + "-restored-20261122-0430";
        createTable(table, "pk", 5);
        pitr(table, restored);
        appConfig("orders-app", "prod", "orders-config", "{\"tableName\":\"" + table + "\"}",
                "{\"tableName\":\"" + restored + "\"}");
        tableSettings(table, restored);
        String target = "AmazonEC2ContainerServiceV20141113.";
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + "DescribeServices"))
                .inScenario("writers").whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(writerService(3))));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + "DescribeServices"))
                .inScenario("writers").whenScenarioStateIs("halted").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(writerService(0))));
        for (int count : new int[] {0, 3}) {
            String body = writerService(count);
            aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + "UpdateService"))
                    .withRequestBody(matchingJsonPath("$.desiredCount", equalTo(String.valueOf(count))))
                    .inScenario("writers").willSetStateTo(count == 0 ? "halted" : STARTED)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"service\":" + body.substring(body.indexOf("[{") + 1,
                                    body.lastIndexOf("]")) + "}")));
        }

        // when
        Cli.Result r = run("dynamodb-pitr-restore", "-p", "table=" + table, "-p", "restoreTime=2026-11-22T03:55:00Z",
                "-p", "spotKey=order-2", "-p", "application=orders-app", "-p", "environment=prod",
                "-p", "profile=orders-config", "-p", "writersCluster=prod", "-p", "writersService=orders-writer",
                "--endpoint", "ecs=http://127.0.0.1:" + aws.port(), "--confirm", "data-loss=" + table);

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        for (int count : new int[] {0, 3}) {
            aws.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + "UpdateService"))
                    .withRequestBody(equalToJson("{\"cluster\":\"prod\",\"service\":\"orders-writer\","
                            + "\"desiredCount\":" + count + "}")));
        }
        assertThat(r.out()).contains("desired count: 3 -> 0").contains("desired count: 0 -> 3");
    }

    // ---- regional-failover-verification ----

    @Test
    void regionalFailoverVerificationReadsEveryCheckAndPasses() {
        // given
        String table = unique("orders");
        createTable(table, "pk", 1);
        String failed = "11111111-1111-1111-1111-111111111111";
        String healthy = "22222222-2222-2222-2222-222222222222";
        aws.stubFor(get(urlEqualTo("/2013-04-01/healthcheck/" + failed + "/status")).willReturn(xml(
                "<GetHealthCheckStatusResponse " + R53 + "><HealthCheckObservations>" + observation("Failure")
                        + observation("Failure") + "</HealthCheckObservations></GetHealthCheckStatusResponse>")));
        aws.stubFor(get(urlEqualTo("/2013-04-01/healthcheck/" + healthy + "/status")).willReturn(xml(
                "<GetHealthCheckStatusResponse " + R53 + "><HealthCheckObservations>" + observation("Success")
                        + observation("Success") + "</HealthCheckObservations></GetHealthCheckStatusResponse>")));
        aws.stubFor(get(urlPathEqualTo("/2013-04-01/testdnsanswer")).willReturn(xml("<TestDNSAnswerResponse " + R53
                + "><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>api.example.com</RecordName>"
                + "<RecordType>A</RecordType><RecordData><RecordDataEntry>198.51.100.20</RecordDataEntry></RecordData>"
                + "<ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>")));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricStatistics")).willReturn(xml(
                "<GetMetricStatisticsResponse " + CW + "><GetMetricStatisticsResult><Label>ReplicationLatency</Label>"
                        + "<Datapoints><member><Timestamp>2026-11-22T04:20:00Z</Timestamp><Maximum>850.0</Maximum>"
                        + "<Unit>Milliseconds</Unit></member></Datapoints></GetMetricStatisticsResult>"
                        + "</GetMetricStatisticsResponse>")));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"Parameter\":{\"Name\":\"/orders/db-url\",\"Type\":\"String\","
                                + "\"Value\":\"postgres://db.us-west-2\",\"Version\":3}}")));
        aws.stubFor(get(urlEqualTo("/health")).willReturn(json("{\"status\":\"ok\"}")));

        // when
        Cli.Result r = run("regional-failover-verification", "-p", "failedRegion=us-east-1",
                "-p", "healthyRegion=us-west-2", "-p", "failedHealthCheck=" + failed,
                "-p", "healthyHealthCheck=" + healthy, "-p", "hostedZone=Z0123456789ABC",
                "-p", "recordName=api.example.com", "-p", "healthyAnswer=198.51.100.20", "-p", "table=" + table,
                "-p", "parameterName=/orders/db-url", "-p", "healthUrl=http://127.0.0.1:" + aws.port() + "/health");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        aws.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/testdnsanswer"))
                .withQueryParam("hostedzoneid", equalTo("Z0123456789ABC"))
                .withQueryParam("recordname", equalTo("api.example.com")));
        aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("MetricName=ReplicationLatency"))
                .withRequestBody(containing("Value=us-west-2")));
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .withRequestBody(matchingJsonPath("$.Name", equalTo("/orders/db-url"))));
        aws.verify(getRequestedFor(urlEqualTo("/health")));
        assertThat(r.out()).doesNotContain("FAIL");
        dynamo.verify(postRequestedFor(anyUrl()).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.DescribeTable")));
    }

    private static String observation(String status) {
        return "<HealthCheckObservation><Region>us-east-1</Region><IPAddress>192.0.2.1</IPAddress>"
                + "<StatusReport><Status>" + status + ": HTTP Status Code 200</Status>"
                + "<CheckedTime>2026-11-22T04:00:00Z</CheckedTime></StatusReport></HealthCheckObservation>";
    }
}
