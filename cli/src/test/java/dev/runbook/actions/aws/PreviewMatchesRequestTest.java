package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.dynamo;
import static dev.runbook.actions.aws.WireMockAws.json10;
import static dev.runbook.actions.aws.WireMockAws.jsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.runbook.action.Action;
import dev.runbook.action.Inputs;
import dev.runbook.expr.Unknown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dry-run preview of every registered AWS action is the request the action really sends: each action is
 * applied against the WireMock stand-in, every request its SDK client marshals is recorded
 * ({@link RecordedRequests}) and must be one of the preview's calls, with the same operation, the same
 * parameters and the same shapes (a DynamoDB key typed, CloudWatch dimensions as {Name, Value}). Only the values a
 * preview cannot know before the run are placeholders ({@code <now>}, {@code <the latest>}) and match anything,
 * and a secret is masked. Every call the preview shows (but those made "only when" something holds) must be sent.
 */
class PreviewMatchesRequestTest extends ServiceTestBase {
    /** One action with inputs, and the stubs (beyond an empty 200 answer to anything) that make it send every call. */
    record Case(String action, Inputs inputs, List<MappingBuilder> stubs) {
        @Override
        public String toString() {
            return action + " " + inputs.values();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("aws.sts.get-caller-identity", inputs()),
                c("aws.dynamodb.describe-table", inputs("table", "orders")),
                c("aws.dynamodb.describe-continuous-backups", inputs("table", "orders")),
                c("aws.dynamodb.restore-table-to-point-in-time", inputs("source", "orders", "target", "copy",
                        "time", "2025-11-22T05:00:00.000Z"), restoreStubs()),
                c("aws.dynamodb.restore-table-to-point-in-time", inputs("source", "orders", "target", "copy",
                        "time", "latest"), restoreStubs()),
                c("aws.dynamodb.wait-table", inputs("table", "orders")),
                c("aws.dynamodb.count-items", inputs("table", "orders", "page-size", 25)),
                c("aws.dynamodb.count-items", inputs("table", "orders", "method", "describe")),
                c("aws.dynamodb.get-item", inputs("table", "orders", "key", Map.of("pk", "order-1", "sk", 7))),
                c("aws.dynamodb.compare-items", inputs("source", "orders", "target", "copy", "keys",
                        List.of(Map.of("pk", "a"), Map.of("pk", "b", "n", 2)))),
                c("aws.dynamodb.delete-table", inputs("table", "copy")),
                c("aws.dynamodb.acquire-lock", inputs("table", "locks", "lock", "drill", "owner", "alice",
                        "ttl", "2h")),
                c("aws.dynamodb.release-lock", inputs("table", "locks", "lock", "drill", "owner", "alice",
                        "key-attribute", "id")),
                c("aws.appconfig.get-configuration", inputs("application", "app1", "profile", "prof1"),
                        hostedStubs()),
                c("aws.appconfig.set-configuration", inputs("application", "app1", "profile", "prof1",
                        "set", Map.of("tableName", "orders-restored"), "description", "repoint"), hostedStubs()),
                c("aws.appconfig.start-deployment", inputs("application", "app1", "environment", "env1",
                        "profile", "prof1", "version", "4", "strategy", "AppConfig.AllAtOnce", "description", "d")),
                c("aws.appconfig.wait-deployment", inputs("application", "app1", "environment", "env1",
                        "deployment", 7L)),
                c("aws.appconfig.stop-deployment", inputs("application", "app1", "environment", "env1",
                        "deployment", 7L)),
                c("aws.ssm.get-parameter", inputs("name", "/orders/db-url", "decrypt", false)),
                c("aws.ssm.put-parameter", inputs("name", "/orders/db-url", "value", "jdbc:x", "type", "String")),
                c("aws.ssm.put-parameter", inputs("name", "/orders/pw", "value", "s3cret", "type", "SecureString")),
                c("aws.ssm.start-automation", inputs("document", "ScaleWriters", "parameters",
                        Map.of("Count", 0, "Services", List.of("a", "b")))),
                c("aws.ssm.wait-automation", inputs("execution-id", "exec-1")),
                c("aws.lambda.get-alias", inputs("function", "orders", "alias", "live")),
                c("aws.lambda.list-versions", inputs("function", "orders")),
                c("aws.lambda.get-version", inputs("function", "orders", "version", "9")),
                c("aws.lambda.previous-version", inputs("function", "orders", "before", "9")),
                c("aws.lambda.update-alias", inputs("function", "orders", "alias", "live", "version", "9",
                        "routing", Map.of("10", "0.05"))),
                c("aws.lambda.update-alias", inputs("function", "orders", "alias", "live", "version", "9")),
                c("aws.route53.get-health-check-status", inputs("health-check", "hc-1")),
                c("aws.route53.test-dns-answer", inputs("hosted-zone", "Z1", "name", "api.example.com",
                        "type", "aaaa")),
                c("aws.route53.list-record-sets", inputs("hosted-zone", "Z1", "name", "api.example.com",
                        "type", "a")),
                c("aws.cloudwatch.describe-alarms", inputs("alarms", List.of("orders-errors"), "state", "ALARM")),
                c("aws.cloudwatch.describe-alarms", inputs("prefix", "orders-")),
                c("aws.cloudwatch.wait-alarm", inputs("alarm", "orders-errors", "state", "ok")),
                c("aws.cloudwatch.get-metric-statistics", inputs("namespace", "AWS/DynamoDB",
                        "metric", "ReplicationLatency", "dimensions", dims(), "statistic", "Maximum",
                        "period", "5m")),
                // ECS and API Gateway (issue 16: aws-ecs)
                c("aws.ecs.describe-service", inputs("cluster", "prod", "service", "orders-api")),
                c("aws.ecs.scale-service", inputs("cluster", "prod", "service", "orders-api", "count", 0L),
                        ecsStubs(4)),
                c("aws.ecs.force-new-deployment", inputs("cluster", "prod", "service", "orders-api"),
                        ecsStubs(2)),
                c("aws.ecs.previous-task-definition", inputs("before", EcsWireMockTest.TD + 8)),
                c("aws.ecs.update-service-task-definition", inputs("cluster", "prod", "service", "orders-api",
                        "task-definition", "orders-api:7"), ecsStubs(2)),
                c("aws.ecs.wait-stable", inputs("cluster", "prod", "service", "orders-api", "interval", "5s"),
                        ecsStubs(2)),
                c("aws.apigateway.get-stage", inputs("rest-api", "a1b2c3d4e5", "stage", "prod")),
                c("aws.apigateway.previous-deployment", inputs("rest-api", "a1b2c3d4e5", "before", "dep4")),
                c("aws.apigateway.update-stage-deployment", inputs("rest-api", "a1b2c3d4e5", "stage", "prod",
                        "deployment", "dep3"), get(urlEqualTo(ApiGatewayWireMockTest.STAGE)).willReturn(
                                ApiGatewayWireMockTest.json(ApiGatewayWireMockTest.stage("dep4")))),
                // aws-infra (issue 16): RDS/Aurora, Route 53 changes, S3 replication
                c("aws.rds.describe", inputs("instance", "orders")),
                c("aws.rds.describe", inputs("cluster", "orders")),
                c("aws.rds.describe", inputs("global-cluster", "orders-global")),
                c("aws.rds.restore-to-point-in-time", inputs("source-instance", "orders", "target", "orders-copy",
                        "time", "2026-11-22T03:00:00Z", "subnet-group", "db-private",
                        "security-groups", List.of("sg-1", "sg-2")), rdsInstanceRestoreStubs()),
                c("aws.rds.restore-to-point-in-time", inputs("source-cluster", "orders", "target", "orders-copy",
                        "time", "latest"), rdsClusterRestoreStubs()),
                c("aws.rds.restore-to-point-in-time", inputs("source-cluster", "orders", "target", "orders-copy",
                        "time", "2026-11-22T03:00:00Z", "instance-class", "db.r6g.xlarge",
                        "target-instance", "orders-copy-writer", "restore-type", "copy-on-write"),
                        rdsClusterRestoreStubs()),
                c("aws.rds.failover-cluster", inputs("cluster", "orders", "target-instance", "orders-2"),
                        RdsWireMockTest.rds("DescribeDBClusters").willReturn(RdsWireMockTest.xml(RdsWireMockTest
                                .clusters(RdsWireMockTest.cluster("orders", "available", "orders-1", "orders-2",
                                        null))))),
                c("aws.rds.failover-global-cluster", inputs("global-cluster", "orders-global", "target-cluster",
                        RdsWireMockTest.DR_ARN, "mode", "switchover"), globalStub()),
                c("aws.rds.failover-global-cluster", inputs("global-cluster", "orders-global", "target-cluster",
                        RdsWireMockTest.DR_ARN, "mode", "failover", "wait", false), globalStub()),
                c("aws.rds.wait-available", inputs("cluster", "orders-copy"),
                        RdsWireMockTest.rds("DescribeDBClusters").willReturn(RdsWireMockTest.xml(RdsWireMockTest
                                .clusters(RdsWireMockTest.cluster("orders-copy", "creating", null, null, null))))),
                c("aws.rds.wait-available", inputs("instance", "orders-copy")),
                c("aws.route53.change-record-set", inputs("hosted-zone", "Z1", "name", "api.example.com",
                        "type", "A", "values", List.of("192.0.2.30"), "ttl", 60L, "set-identifier", "primary",
                        "failover", "PRIMARY", "health-check", "hc-1", "comment", "failover drill"), rrsetStubs()),
                c("aws.route53.change-record-set", inputs("hosted-zone", "/hostedzone/Z1", "name", "api.example.com",
                        "type", "a", "set-identifier", "primary", "failover", "primary", "alias-target",
                        Map.of("hosted-zone", "Z35SXDOTRQ7X7K", "dns-name", "dr.elb.amazonaws.com",
                                "evaluate-target-health", true)), rrsetStubs()),
                c("aws.route53.change-record-set", inputs("hosted-zone", "Z1", "restore",
                        Route53Records.absent("api.example.com", "A", "primary")), rrsetStubs()),
                c("aws.route53.wait-change", inputs("change", "/change/C2682N5HXP0BZ4")),
                c("aws.s3.get-replication-status", inputs("bucket", "orders-docs", "metrics", true),
                        S3ReplicationWireMockTest.versioning("orders-docs").willReturn(S3ReplicationWireMockTest
                                .xml(S3ReplicationWireMockTest.versioningBody("Enabled"))),
                        S3ReplicationWireMockTest.replication("orders-docs").willReturn(S3ReplicationWireMockTest
                                .xml(S3ReplicationWireMockTest.RULES))),
                // aws-call: the generic call, across protocols (JSON, REST-JSON, query, REST-XML)
                c("aws.call", inputs("service", "dynamodb", "operation", "UpdateTable", "parameters",
                        Map.of("TableName", "orders", "ProvisionedThroughput", Map.of("ReadCapacityUnits", "10",
                                "WriteCapacityUnits", 5)))),
                c("aws.call", inputs("service", "dynamodb", "operation", "list-backups", "parameters",
                        Map.of("TableName", "orders", "Limit", "5", "TimeRangeLowerBound",
                                "2026-11-22T05:00:00+01:00"))),
                c("aws.call", inputs("service", "lambda", "operation", "GetAlias", "parameters",
                        Map.of("FunctionName", "orders", "Name", "live"))),
                c("aws.call", inputs("service", "ecs", "operation", "update-service", "parameters",
                        Map.of("cluster", "prod", "service", "web", "desiredCount", "0"))),
                c("aws.call", inputs("service", "rds", "operation", "DescribeDBClusters", "parameters",
                        Map.of("DBClusterIdentifier", "orders", "Filters", List.of(Map.of("Name", "engine",
                                "Values", List.of("aurora-postgresql")))))),
                c("aws.call", inputs("service", "route53", "operation", "ListHostedZones", "parameters",
                        Map.of("MaxItems", 1))),
                c("aws.call", inputs("service", "secretsmanager", "operation", "PutSecretValue", "parameters",
                        Map.of("SecretId", "db", "SecretString", "hunter2"))),
                c("aws.call", inputs("service", "logs", "operation", "DescribeLogGroups", "parameters",
                        Map.of("logGroupNamePrefix", "/aws/", "limit", 5))),
                // aws-data: Secrets Manager, DynamoDB backups, replicas and table settings
                c("aws.secretsmanager.describe-replication", inputs("secret", "prod/orders/db")),
                c("aws.secretsmanager.rotate-secret", inputs("secret", "prod/orders/db")),
                c("aws.secretsmanager.rotate-secret", inputs("secrets", List.of("prod/a", "prod/b"),
                        "rotate-immediately", false)),
                c("aws.secretsmanager.list-secrets", inputs("prefix", "prod/", "tags", Map.of("team", "orders"))),
                c("aws.dynamodb.create-backup", inputs("table", "orders", "name", "before-restore")),
                c("aws.dynamodb.list-backups", inputs("table", "orders", "before", "2026-11-22T03:00:00Z",
                        "type", "user")),
                c("aws.dynamodb.restore-table-from-backup", inputs("backup", DynamoDbBackupWireMockTest.B2,
                        "target", "copy"), dynamo("DescribeBackup").willReturn(json10(
                                DynamoDbBackupWireMockTest.describeBackup(DynamoDbBackupWireMockTest.B2, "AVAILABLE"))),
                        dynamo("DescribeTable").willReturn(jsonError(400, "ResourceNotFoundException", "not found"))),
                c("aws.dynamodb.describe-replicas", inputs("table", "orders")),
                c("aws.dynamodb.compare-table-settings", inputs("source", "src", "target", "dst"), settingsStubs()),
                c("aws.dynamodb.copy-table-settings", inputs("source", "src", "target", "dst"), settingsStubs()));
    }

    /** Two tables whose every setting differs, so that copy-table-settings makes each of its changes. */
    private static List<MappingBuilder> settingsStubs() {
        String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/";
        java.util.function.Function<String, MappingBuilder> aas = op -> com.github.tomakehurst.wiremock.client.WireMock
                .post(urlEqualTo("/")).withHeader("X-Amz-Target",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("AnyScaleFrontendService." + op));
        java.util.function.Function<String, com.github.tomakehurst.wiremock.matching.StringValuePattern> has =
                com.github.tomakehurst.wiremock.client.WireMock::containing;
        return List.of(
                dynamo("DescribeTable").withRequestBody(has.apply("\"src\"")).willReturn(json10("{\"Table\":{"
                        + "\"TableName\":\"src\",\"TableArn\":\"" + arn + "src\",\"TableStatus\":\"ACTIVE\","
                        + "\"DeletionProtectionEnabled\":true,\"StreamSpecification\":{\"StreamEnabled\":true,"
                        + "\"StreamViewType\":\"NEW_IMAGE\"}}}")),
                dynamo("DescribeTable").withRequestBody(has.apply("\"dst\"")).willReturn(json10("{\"Table\":{"
                        + "\"TableName\":\"dst\",\"TableArn\":\"" + arn + "dst\",\"TableStatus\":\"ACTIVE\"}}")),
                dynamo("DescribeTimeToLive").withRequestBody(has.apply("\"src\"")).willReturn(json10(
                        "{\"TimeToLiveDescription\":{\"TimeToLiveStatus\":\"ENABLED\",\"AttributeName\":\"ttl\"}}")),
                dynamo("DescribeContinuousBackups").withRequestBody(has.apply("\"src\"")).willReturn(
                        json10(DynamoDbWireMockTest.BACKUPS)),
                dynamo("ListTagsOfResource").withRequestBody(has.apply("table/src")).willReturn(json10(
                        "{\"Tags\":[{\"Key\":\"team\",\"Value\":\"orders\"}]}")),
                dynamo("ListTagsOfResource").withRequestBody(has.apply("table/dst")).willReturn(json10(
                        "{\"Tags\":[{\"Key\":\"stale\",\"Value\":\"yes\"}]}")),
                aas.apply("DescribeScalableTargets").withRequestBody(has.apply("table/src")).willReturn(json10(
                        "{\"ScalableTargets\":[{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/src\","
                        + "\"ScalableDimension\":\"dynamodb:table:WriteCapacityUnits\",\"MinCapacity\":1,"
                        + "\"MaxCapacity\":10}]}")),
                aas.apply("DescribeScalingPolicies").withRequestBody(has.apply("table/src")).willReturn(json10(
                        "{\"ScalingPolicies\":[{\"PolicyName\":\"write:table/src\",\"ServiceNamespace\":"
                        + "\"dynamodb\",\"ResourceId\":\"table/src\",\"ScalableDimension\":"
                        + "\"dynamodb:table:WriteCapacityUnits\",\"PolicyType\":\"TargetTrackingScaling\","
                        + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":70.0,"
                        + "\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":"
                        + "\"DynamoDBWriteCapacityUtilization\"}}}]}")));
    }

    private static List<MappingBuilder> rdsInstanceRestoreStubs() {
        return List.of(RdsWireMockTest.rds("DescribeDBInstances", "DBInstanceIdentifier=orders")
                        .willReturn(RdsWireMockTest.xml(RdsWireMockTest.instances(RdsWireMockTest.instance("orders",
                                "available", null, null)))),
                RdsWireMockTest.rds("DescribeDBInstances", "DBInstanceIdentifier=orders-copy")
                        .willReturn(WireMockAws.xmlError(404, "DBInstanceNotFound", "not found")));
    }

    private static List<MappingBuilder> rdsClusterRestoreStubs() {
        return List.of(RdsWireMockTest.rds("DescribeDBClusters", "DBClusterIdentifier=orders")
                        .willReturn(RdsWireMockTest.xml(RdsWireMockTest.clusters(RdsWireMockTest.cluster("orders",
                                "available", "orders-1", "orders-2", null)))),
                RdsWireMockTest.rds("DescribeDBInstances", "DBInstanceIdentifier=orders-1")
                        .willReturn(RdsWireMockTest.xml(RdsWireMockTest.instances(RdsWireMockTest.instance(
                                "orders-1", "available", "orders", null)))),
                RdsWireMockTest.rds("DescribeDBClusters", "DBClusterIdentifier=orders-copy")
                        .willReturn(WireMockAws.xmlError(404, "DBClusterNotFoundFault", "not found")),
                RdsWireMockTest.rds("RestoreDBClusterToPointInTime").willReturn(RdsWireMockTest.xml(RdsWireMockTest
                        .response("RestoreDBClusterToPointInTime", RdsWireMockTest.cluster("orders-copy", "creating",
                                null, null, null)))),
                RdsWireMockTest.rds("DescribeDBInstances", "DBInstanceIdentifier=orders-copy-1")
                        .willReturn(WireMockAws.xmlError(404, "DBInstanceNotFound", "not found")),
                RdsWireMockTest.rds("DescribeDBInstances", "DBInstanceIdentifier=orders-copy-writer")
                        .willReturn(WireMockAws.xmlError(404, "DBInstanceNotFound", "not found")));
    }

    private static MappingBuilder globalStub() {
        return RdsWireMockTest.rds("DescribeGlobalClusters").willReturn(RdsWireMockTest.xml(RdsWireMockTest.global(
                "available", RdsWireMockTest.SOURCE_ARN, RdsWireMockTest.DR_ARN)));
    }

    private static List<MappingBuilder> rrsetStubs() {
        return List.of(get(urlPathEqualTo(Route53ChangeWireMockTest.RRSET)).willReturn(Route53ChangeWireMockTest.xml(
                Route53ChangeWireMockTest.list(Route53ChangeWireMockTest.failover("primary", "PRIMARY", "192.0.2.10",
                        "hc-1")))));
    }

    /** The SDK's service name of an aws.call service where it differs from the --endpoint name. */
    private static String sdkService(String service) {
        // RecordedRequests names Application Auto Scaling as IAM does (application-autoscaling), as the previews do
        return service.equals("logs") ? "cloudwatchlogs" : service;
    }

    @Test
    void everyRegisteredAwsActionHasACase() {
        TreeSet<String> registered = new TreeSet<>();
        new AwsActions(Aws.noClients()).actions().forEach(a -> registered.add(a.name()));
        TreeSet<String> covered = new TreeSet<>();
        cases().forEach(c -> covered.add(c.action()));
        assertThat(covered).as("every aws.* action needs a case in cases(): its preview is checked against "
                + "the request it sends").isEqualTo(registered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePreviewIsTheRequestSent(Case c) throws Exception {
        wm.server.stubFor(any(anyUrl()).atPriority(10).willReturn(json10("{}")));
        c.stubs().forEach(s -> wm.server.stubFor(s.atPriority(1)));
        AwsAction action = (AwsAction) action(c.action());
        List<ApiCall> preview = action.calls(c.inputs());

        RecordedRequests.start();
        try {
            action.apply(c.inputs(), new TestContext().endAtFirstSleep());
        } catch (Exception endedAfterItsCalls) {
            // stubs answer only so far; what matters is what was sent
        } finally {
            sent.clear();
            sent.addAll(RecordedRequests.stop());
        }

        assertThat(sent).as("requests sent").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (RecordedRequests.Sent s : sent) {
            boolean shown = preview.stream().anyMatch(p -> sdkService(p.service()).equals(s.service())
                    && p.operation().equals(s.operation()) && matches(p.parameters(), s.parameters()));
            if (!shown) {
                problems.add("sent " + s.service() + ":" + s.operation() + " " + AwsJson.write(s.parameters()));
            }
        }
        for (ApiCall p : preview) {
            boolean conditional = p.note() != null && p.note().startsWith("only when");
            boolean made = sent.stream().anyMatch(s -> sdkService(p.service()).equals(s.service())
                    && p.operation().equals(s.operation()) && matches(p.parameters(), s.parameters()));
            if (!made && !conditional) {
                problems.add("previewed but not sent: " + p.render());
            }
        }
        for (String note : action.notes(c.inputs())) {
            Matcher m = CHANGE.matcher(note);
            if (m.matches() && sent.stream().noneMatch(s -> sets(s, m.group(1), m.group(2)))) {
                problems.add("previewed '" + note + "' but no content sent sets it");
            }
        }
        assertThat(problems).as("preview:\n  " + String.join("\n  ", preview.stream().map(ApiCall::render)
                .toList()) + "\nsent:\n  " + String.join("\n  ", sent.stream().map(s -> s.service() + ":"
                        + s.operation() + " " + AwsJson.write(s.parameters())).toList())).isEmpty();
    }

    /** A preview with values known only at run time shows each as {@code <steps.ID.outputs.NAME>}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unknownInputsShowAsTheirPlaceholder(Case c) {
        Map<String, Object> unknown = new LinkedHashMap<>();
        c.inputs().values().forEach((k, v) -> unknown.put(k, new Unknown("steps.s.outputs." + k)));
        Action action = Aws.action(c.action(), Aws.noClients());
        String text = String.join("\n", render(action.preview(new Inputs(unknown))));

        assertThat(text).doesNotContain("label").doesNotContain("no preview").doesNotContain("Unknown[");
    }

    /** AppConfig's new content is shown as the keys that change, the value before read at run time. */
    @Test
    void setConfigurationShowsTheKeysThatChange() {
        Action action = Aws.action("aws.appconfig.set-configuration", Aws.noClients());
        List<String> known = render(action.preview(inputs("application", "app1", "profile", "prof1",
                "set", Map.of("DynamoDBTableName", "SyncWellMetadata-restored"))));
        List<String> unknown = render(action.preview(inputs("application", "app1", "profile", "prof1",
                "set", Map.of("DynamoDBTableName", new Unknown("steps.restore.outputs.table")))));

        assertThat(known).contains("DynamoDBTableName: <read at run time> -> \"SyncWellMetadata-restored\"")
                .noneMatch(l -> l.contains("<the latest with"));
        assertThat(unknown).contains("DynamoDBTableName: <read at run time> -> \"<steps.restore.outputs.table>\"");
    }

    private static final Pattern CHANGE = Pattern.compile("(\\w+): <read at run time> -> (.*)");

    /** The request sends a JSON content whose key has this value (JSON text). */
    @SuppressWarnings("unchecked")
    private static boolean sets(RecordedRequests.Sent s, String key, String json) {
        Object content = ((Map<String, Object>) s.parameters()).get("Content");
        try {
            return content instanceof String && matches(AwsJson.parse(json),
                    ((Map<String, Object>) AwsJson.parse((String) content)).get(key));
        } catch (Exception notJson) {
            return false;
        }
    }

    private final List<RecordedRequests.Sent> sent = new ArrayList<>();

    private static List<String> render(dev.runbook.action.Preview p) {
        List<String> lines = new ArrayList<>();
        lines.add(p.summary());
        lines.addAll(p.details());
        return lines;
    }

    /** The preview's value matches the sent one: equal as JSON, but a placeholder or a masked value matches any. */
    @SuppressWarnings("unchecked")
    static boolean matches(Object preview, Object sent) {
        Object p = normal(preview);
        Object s = normal(sent);
        if (p instanceof String && (((String) p).matches("<.+>") || p.equals("***"))) {
            return s != null;
        }
        if (p instanceof Map && s instanceof Map) {
            Map<String, Object> pm = (Map<String, Object>) p;
            Map<String, Object> sm = (Map<String, Object>) s;
            return pm.keySet().equals(sm.keySet())
                    && pm.keySet().stream().allMatch(k -> matches(pm.get(k), sm.get(k)));
        }
        if (p instanceof List && s instanceof List) {
            List<Object> pl = (List<Object>) p;
            List<Object> sl = (List<Object>) s;
            if (pl.size() != sl.size()) {
                return false;
            }
            for (int i = 0; i < pl.size(); i++) {
                if (!matches(pl.get(i), sl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (p instanceof Number && s instanceof Number) {
            return new BigDecimal(p.toString()).compareTo(new BigDecimal(s.toString())) == 0;
        }
        return java.util.Objects.equals(p, s);
    }

    private static Object normal(Object v) {
        try {
            return AwsJson.parse(AwsJson.write(v));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Case c(String action, Inputs inputs, MappingBuilder... stubs) {
        return new Case(action, inputs, List.of(stubs));
    }

    private static Case c(String action, Inputs inputs, List<MappingBuilder> stubs) {
        return new Case(action, inputs, stubs);
    }

    private static Map<String, Object> dims() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("TableName", "orders");
        d.put("ReceivingRegion", "us-west-2");
        return d;
    }

    /** A service running {@code count} tasks of orders-api:8 (with the ECS cases' first call answered). */
    private static List<MappingBuilder> ecsStubs(int count) {
        return List.of(EcsWireMockTest.ecs("DescribeServices").willReturn(WireMockAws.json11(
                EcsWireMockTest.described(EcsWireMockTest.service(count, count - 1, 8, EcsWireMockTest.deployment(
                        "ecs-svc/111", "PRIMARY", 8, count, count - 1, "IN_PROGRESS"))))));
    }

    private static List<MappingBuilder> restoreStubs() {
        return List.of(dynamo("DescribeContinuousBackups").willReturn(json10(DynamoDbWireMockTest.BACKUPS)),
                dynamo("DescribeTable").willReturn(jsonError(400, "ResourceNotFoundException", "not found")));
    }

    private static List<MappingBuilder> hostedStubs() {
        return List.of(get(urlPathEqualTo(AppConfigWireMockTest.HOSTED)).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"Items\":[{\"VersionNumber\":3,"
                                + "\"ContentType\":\"application/json\"}]}")),
                get(urlEqualTo(AppConfigWireMockTest.HOSTED + "/3")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withHeader("Version-Number", "3")
                        .withBody("{\"tableName\":\"orders\"}")));
    }
}
