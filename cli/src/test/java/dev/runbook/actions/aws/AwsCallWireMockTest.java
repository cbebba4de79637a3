package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.json10;
import static dev.runbook.actions.aws.WireMockAws.json11;
import static dev.runbook.actions.aws.WireMockAws.jsonError;
import static dev.runbook.actions.aws.WireMockAws.restError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.expr.Unknown;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aws.call} against WireMock: one operation of every bundled service but DynamoDB (which
 * {@code AwsCallDynamoDbLocalTest} covers against DynamoDB Local), each answered as AWS documents it, with the request
 * checked and {@code outputs.response} read back in the API's member names; failures, throttling, read-only
 * inference and the dry-run.
 */
class AwsCallWireMockTest extends ServiceTestBase {
    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static ResponseDefinitionBuilder restJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static MappingBuilder target(String prefix, String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(prefix + "." + operation));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> response(Outputs out) {
        return (Map<String, Object>) out.values().get("response");
    }

    /** Parameters in the order written, as YAML gives them. */
    private static Map<String, Object> ordered(Object... keyValues) {
        return Aws.inputs(keyValues).values();
    }

    private static Outputs call(String service, String operation, Map<String, Object> parameters) throws Exception {
        return action(AwsCallAction.NAME).apply(inputs("service", service, "operation", operation, "parameters",
                parameters), new TestContext());
    }

    @Test
    void stsGetCallerIdentity() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(xml(
                        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/Alice</Arn>"
                                + "<UserId>AKIAI44QH8DHBEXAMPLE</UserId><Account>123456789012</Account>"
                                + "</GetCallerIdentityResult><ResponseMetadata><RequestId>"
                                + "01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>"
                                + "</GetCallerIdentityResponse>")));

        Outputs out = call("sts", "GetCallerIdentity", Map.of());

        assertThat(response(out)).isEqualTo(Map.of("UserId", "AKIAI44QH8DHBEXAMPLE",
                "Account", "123456789012", "Arn", "arn:aws:iam::123456789012:user/Alice"));
        assertThat(out.values()).containsEntry("requestId", "01234567-89ab-cdef-0123-456789abcdef");
    }

    @Test
    void cloudWatchDescribeAlarmsSendsListMembersAsTheQueryProtocolDoes() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarms"))
                .willReturn(xml("<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        + "<DescribeAlarmsResult><MetricAlarms><member><AlarmName>orders-errors</AlarmName>"
                        + "<StateValue>OK</StateValue><StateUpdatedTimestamp>2026-11-22T04:00:00.000Z"
                        + "</StateUpdatedTimestamp><Threshold>5.0</Threshold></member></MetricAlarms>"
                        + "</DescribeAlarmsResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                        + "</DescribeAlarmsResponse>")));

        Outputs out = call("cloudwatch", "describe-alarms", Map.of("AlarmNames", List.of("orders-errors"),
                "MaxRecords", "10"));

        assertThat(response(out).get("MetricAlarms")).isEqualTo(List.of(Map.of("AlarmName", "orders-errors",
                "StateValue", "OK", "StateUpdatedTimestamp", "2026-11-22T04:00:00Z", "Threshold", 5.0)));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "AlarmNames.member.1=orders-errors")).withRequestBody(containing("MaxRecords=10")));
    }

    @Test
    void ssmGetParameterMarksASecureStringValueSecret() throws Exception {
        wm.server.stubFor(target("AmazonSSM", "GetParameter").willReturn(json11("{\"Parameter\":{\"ARN\":"
                + "\"arn:aws:ssm:us-east-1:123456789012:parameter/orders/pw\",\"DataType\":\"text\","
                + "\"LastModifiedDate\":1.764E9,\"Name\":\"/orders/pw\",\"Type\":\"SecureString\","
                + "\"Value\":\"hunter2\",\"Version\":3}}")));
        TestContext context = new TestContext();

        Outputs out = action(AwsCallAction.NAME).apply(inputs("service", "ssm", "operation", "GetParameter",
                "parameters", Map.of("Name", "/orders/pw", "WithDecryption", true)), context);

        assertThat(response(out).get("Parameter")).isEqualTo(Map.of("Name", "/orders/pw", "Type", "SecureString",
                "Value", "hunter2", "Version", 3L, "LastModifiedDate", "2025-11-24T16:00:00Z",
                "ARN", "arn:aws:ssm:us-east-1:123456789012:parameter/orders/pw", "DataType", "text"));
        assertThat(context.secrets).contains("hunter2");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"Name\":\"/orders/pw\",\"WithDecryption\":true}")));
    }

    @Test
    void lambdaGetAliasFillsThePath() throws Exception {
        wm.server.stubFor(get(urlEqualTo("/2015-03-31/functions/orders/aliases/live")).willReturn(restJson(
                "{\"AliasArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders:live\",\"Description\":\"\","
                        + "\"FunctionVersion\":\"9\",\"Name\":\"live\",\"RevisionId\":\"a1\",\"RoutingConfig\":"
                        + "{\"AdditionalVersionWeights\":{\"10\":0.05}}}")));

        Outputs out = call("lambda", "GetAlias", Map.of("FunctionName", "orders", "Name", "live"));

        assertThat(response(out)).containsEntry("FunctionVersion", "9")
                .containsEntry("RoutingConfig", Map.of("AdditionalVersionWeights", Map.of("10", 0.05)));
    }

    /** The SDK hands Route 53 ids over without their /hostedzone/ prefix, and so does the response. */
    @Test
    void route53ListHostedZonesReadsXml() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone")).willReturn(xml(
                "<ListHostedZonesResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><HostedZones>"
                        + "<HostedZone><Id>/hostedzone/Z1D633PJN98FT9</Id><Name>example.com.</Name>"
                        + "<CallerReference>r1</CallerReference><Config><PrivateZone>false</PrivateZone></Config>"
                        + "<ResourceRecordSetCount>17</ResourceRecordSetCount></HostedZone></HostedZones>"
                        + "<IsTruncated>false</IsTruncated><MaxItems>1</MaxItems></ListHostedZonesResponse>")));

        Outputs out = call("route53", "ListHostedZones", Map.of("MaxItems", 1));

        assertThat(response(out)).containsEntry("IsTruncated", false).containsEntry("MaxItems", "1");
        assertThat(response(out).get("HostedZones")).isEqualTo(List.of(Map.of("Id", "Z1D633PJN98FT9",
                "Name", "example.com.", "CallerReference", "r1", "Config", Map.of("PrivateZone", false),
                "ResourceRecordSetCount", 17L)));
        wm.server.verify(getRequestedFor(urlEqualTo("/2013-04-01/hostedzone?maxitems=1")));
    }

    @Test
    void appConfigListApplications() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo("/applications")).willReturn(restJson(
                "{\"Items\":[{\"Id\":\"abc1234\",\"Name\":\"orders\",\"Description\":\"orders service\"}]}")));

        Outputs out = call("appconfig", "ListApplications", Map.of());

        assertThat(response(out)).isEqualTo(Map.of("Items", List.of(Map.of("Id", "abc1234", "Name", "orders",
                "Description", "orders service"))));
    }

    @Test
    void ecsDescribeServicesTakesEcsCamelCaseMembers() throws Exception {
        wm.server.stubFor(target("AmazonEC2ContainerServiceV20141113", "DescribeServices").willReturn(json11(
                "{\"services\":[{\"serviceName\":\"web\",\"clusterArn\":\"arn:aws:ecs:us-east-1:123456789012:"
                        + "cluster/prod\",\"status\":\"ACTIVE\",\"desiredCount\":2,\"runningCount\":2,"
                        + "\"pendingCount\":0,\"taskDefinition\":\"arn:aws:ecs:us-east-1:123456789012:"
                        + "task-definition/web:7\"}],\"failures\":[]}")));

        Outputs out = call("ecs", "DescribeServices", Map.of("cluster", "prod", "services", List.of("web")));

        @SuppressWarnings("unchecked")
        Map<String, Object> service = ((List<Map<String, Object>>) response(out).get("services")).get(0);
        assertThat(service).containsEntry("desiredCount", 2).containsEntry("status", "ACTIVE")
                .containsEntry("taskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"cluster\":\"prod\",\"services\":[\"web\"]}")));
    }

    @Test
    void apiGatewayGetStage() throws Exception {
        wm.server.stubFor(get(urlEqualTo("/restapis/a1b2c3/stages/prod")).willReturn(restJson(
                "{\"stageName\":\"prod\",\"deploymentId\":\"dep123\",\"createdDate\":1.7640E9,"
                        + "\"variables\":{\"table\":\"orders\"}}")));

        Outputs out = call("apigateway", "GetStage", Map.of("restApiId", "a1b2c3", "stageName", "prod"));

        assertThat(response(out)).containsEntry("deploymentId", "dep123")
                .containsEntry("createdDate", "2025-11-24T16:00:00Z")
                .containsEntry("variables", Map.of("table", "orders"));
    }

    @Test
    void secretsManagerDescribeSecretShowsReplicationPerRegion() throws Exception {
        wm.server.stubFor(target("secretsmanager", "DescribeSecret").willReturn(json11(
                "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1b2c3\",\"Name\":\"db\","
                        + "\"LastChangedDate\":1.523477145729E9,\"ReplicationStatus\":[{\"Region\":\"eu-west-1\","
                        + "\"Status\":\"InSync\",\"StatusMessage\":\"Replication succeeded\"}]}")));

        Outputs out = call("secretsmanager", "DescribeSecret", Map.of("SecretId", "db"));

        assertThat(response(out)).containsEntry("LastChangedDate", "2018-04-11T20:05:45.729Z")
                .containsEntry("ReplicationStatus", List.of(Map.of("Region", "eu-west-1", "Status", "InSync",
                        "StatusMessage", "Replication succeeded")));
    }

    @Test
    void rdsDescribeDbClustersByItsApiName() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBClusters"))
                .willReturn(xml("<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                        + "<DescribeDBClustersResult><DBClusters><DBCluster><DBClusterIdentifier>orders"
                        + "</DBClusterIdentifier><Status>available</Status><Engine>aurora-postgresql</Engine>"
                        + "<EarliestRestorableTime>2026-11-21T04:00:00Z</EarliestRestorableTime>"
                        + "<MultiAZ>true</MultiAZ></DBCluster></DBClusters></DescribeDBClustersResult>"
                        + "<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>"
                        + "</DescribeDBClustersResponse>")));

        Outputs out = call("rds", "describe-db-clusters", Map.of("DBClusterIdentifier", "orders"));

        @SuppressWarnings("unchecked")
        Map<String, Object> cluster = ((List<Map<String, Object>>) response(out).get("DBClusters")).get(0);
        assertThat(cluster).containsEntry("Status", "available").containsEntry("MultiAZ", true)
                .containsEntry("EarliestRestorableTime", "2026-11-21T04:00:00Z");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "DBClusterIdentifier=orders")));
    }

    @Test
    void s3GetBucketVersioning() throws Exception {
        wm.server.stubFor(get(urlEqualTo("/orders-backups?versioning")).willReturn(xml(
                "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled"
                        + "</Status></VersioningConfiguration>")));

        Outputs out = call("s3", "GetBucketVersioning", Map.of("Bucket", "orders-backups"));

        assertThat(response(out)).isEqualTo(Map.of("Status", "Enabled"));
    }

    @Test
    void logsDescribeLogGroups() throws Exception {
        wm.server.stubFor(target("Logs_20140328", "DescribeLogGroups").willReturn(json11(
                "{\"logGroups\":[{\"logGroupName\":\"/aws/lambda/orders\",\"creationTime\":1764000000000,"
                        + "\"retentionInDays\":30,\"storedBytes\":1024,\"arn\":\"arn:aws:logs:us-east-1:"
                        + "123456789012:log-group:/aws/lambda/orders:*\"}]}")));

        Outputs out = call("logs", "DescribeLogGroups", Map.of("logGroupNamePrefix", "/aws/lambda/", "limit", 5));

        assertThat(response(out).get("logGroups")).isEqualTo(List.of(Map.of("logGroupName", "/aws/lambda/orders",
                "creationTime", 1764000000000L, "retentionInDays", 30, "storedBytes", 1024L,
                "arn", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"logGroupNamePrefix\":\"/aws/lambda/\",\"limit\":5}")));
    }

    @Test
    void applicationAutoScalingDescribeScalableTargets() throws Exception {
        wm.server.stubFor(target("AnyScaleFrontendService", "DescribeScalableTargets").willReturn(json11(
                "{\"ScalableTargets\":[{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/orders\","
                        + "\"ScalableDimension\":\"dynamodb:table:ReadCapacityUnits\",\"MinCapacity\":5,"
                        + "\"MaxCapacity\":100,\"RoleARN\":\"arn:aws:iam::123456789012:role/scaling\","
                        + "\"CreationTime\":1.764E9}]}")));

        Outputs out = call("application-autoscaling", "DescribeScalableTargets", Map.of("ServiceNamespace",
                "dynamodb", "ResourceIds", List.of("table/orders")));

        @SuppressWarnings("unchecked")
        Map<String, Object> target = ((List<Map<String, Object>>) response(out).get("ScalableTargets")).get(0);
        assertThat(target).containsEntry("MinCapacity", 5).containsEntry("MaxCapacity", 100)
                .containsEntry("CreationTime", "2025-11-24T16:00:00Z");
    }

    @Test
    void nestedStructuresAndTimestampsAreSentInTheirWireShapes() throws Exception {
        wm.server.stubFor(WireMockAws.dynamo("UpdateTable").willReturn(json10(
                "{\"TableDescription\":{\"TableName\":\"orders\",\"TableStatus\":\"UPDATING\"}}")));

        Outputs out = call("dynamodb", "UpdateTable", Map.of("TableName", "orders", "ProvisionedThroughput",
                Map.of("ReadCapacityUnits", "10", "WriteCapacityUnits", 5), "BillingMode", "PROVISIONED"));

        assertThat(response(out)).isEqualTo(Map.of("TableDescription", Map.of("TableName", "orders",
                "TableStatus", "UPDATING")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson("{\"TableName\":\"orders\","
                + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":10,\"WriteCapacityUnits\":5},"
                + "\"BillingMode\":\"PROVISIONED\"}")));
    }

    @Test
    void aResourceThatDoesNotExistIsNamed() {
        wm.server.stubFor(WireMockAws.dynamo("DescribeTable").willReturn(jsonError(400,
                "ResourceNotFoundException", "Requested resource not found: Table: nope not found")));

        assertThatThrownBy(() -> call("dynamodb", "DescribeTable", Map.of("TableName", "nope")))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("TableName 'nope' not found (dynamodb:DescribeTable: ResourceNotFoundException: "
                        + "Requested resource not found: Table: nope not found)");
    }

    @Test
    void accessDeniedNamesTheIamAction() {
        wm.server.stubFor(get(urlEqualTo("/2015-03-31/functions/orders/aliases/live")).willReturn(restError(403,
                "AccessDeniedException", "User: arn:aws:iam::123456789012:user/op is not authorized to perform: "
                        + "lambda:GetAlias")));

        assertThatThrownBy(() -> call("lambda", "GetAlias", ordered("FunctionName", "orders", "Name", "live")))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("access denied: the caller may not lambda:GetAlias on FunctionName "
                        + "'orders' (IAM action lambda:GetAlias, resource FunctionName 'orders')");
    }

    @Test
    void throttlingIsRetriedByTheClient() throws Exception {
        wm.server.stubFor(target("AmazonEC2ContainerServiceV20141113", "ListClusters").inScenario("throttle")
                .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("calm"));
        wm.server.stubFor(target("AmazonEC2ContainerServiceV20141113", "ListClusters").inScenario("throttle")
                .whenScenarioStateIs("calm").willReturn(json11(
                        "{\"clusterArns\":[\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\"]}")));

        Outputs out = call("ecs", "list-clusters", Map.of());

        assertThat(response(out)).isEqualTo(Map.of("clusterArns", List.of(
                "arn:aws:ecs:us-east-1:123456789012:cluster/prod")));
        wm.server.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void anUnknownParameterAtRunTimeNamesTheNearestOne() {
        assertThatThrownBy(() -> call("dynamodb", "DescribeTable", Map.of("TableNam", "orders")))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("dynamodb:DescribeTable has no parameter 'TableNam', did you mean 'TableName'?");
        assertThat(wm.requests()).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeAtRunTimeNamesTheParameter() {
        assertThatThrownBy(() -> call("dynamodb", "UpdateTable", Map.of("TableName", "orders",
                "ProvisionedThroughput", Map.of("ReadCapacityUnits", "ten"))))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("parameter 'ProvisionedThroughput.ReadCapacityUnits' must be an integer, got 'ten'");
        assertThat(wm.requests()).isEmpty();
    }

    @Test
    void theDryRunShowsTheRequestAsSentAndSendsNothing() {
        Action a = Aws.action(AwsCallAction.NAME, Aws.noClients());

        Preview p = a.preview(inputs("service", "dynamodb", "operation", "list-backups", "parameters",
                ordered("TableName", new Unknown("steps.restore.outputs.table"), "Limit", "5",
                        "TimeRangeLowerBound", "2026-11-22T05:00:00+01:00")));
        Preview secret = a.preview(inputs("service", "secretsmanager", "operation", "PutSecretValue",
                "parameters", ordered("SecretId", "db", "SecretString", "hunter2")));

        assertThat(p.summary()).isEqualTo("dynamodb:ListBackups {\"TableName\":\"<steps.restore.outputs.table>\","
                + "\"Limit\":5,\"TimeRangeLowerBound\":\"2026-11-22T04:00:00Z\"}");
        assertThat(secret.summary()).isEqualTo("secretsmanager:PutSecretValue {\"SecretId\":\"db\","
                + "\"SecretString\":\"***\",\"ClientRequestToken\":\"<generated by the SDK>\"}");
        assertThat(wm.requests()).isEmpty();
    }

    @Test
    void readOnlyIsDecidedByTheOperationsNameAndMutatingOnlyAddsToIt() {
        Action a = Aws.action(AwsCallAction.NAME, Aws.noClients());

        assertThat(a.kind(inputs("service", "dynamodb", "operation", "DescribeTable"))).isEqualTo(Kind.READ_ONLY);
        assertThat(a.kind(inputs("service", "rds", "operation", "describe-db-clusters"))).isEqualTo(Kind.READ_ONLY);
        assertThat(a.kind(inputs("service", "dynamodb", "operation", "BatchGetItem"))).isEqualTo(Kind.READ_ONLY);
        assertThat(a.kind(inputs("service", "dynamodb", "operation", "DeleteTable"))).isEqualTo(Kind.MUTATING);
        assertThat(a.kind(inputs("service", "dynamodb", "operation", "BatchWriteItem"))).isEqualTo(Kind.MUTATING);
        assertThat(a.kind(inputs("service", "apigateway", "operation", "TestInvokeMethod")))
                .isEqualTo(Kind.MUTATING);
        assertThat(a.kind(inputs("service", "dynamodb", "operation", "GetItem", "mutating", true)))
                .isEqualTo(Kind.MUTATING);
        assertThat(a.kind(inputs("service", "dynamodb", "operation", "DeleteTable", "mutating", false)))
                .isEqualTo(Kind.MUTATING);
        assertThat(a.kind(inputs("service", "dynamodb", "operation", "${{ params.op }}")))
                .isEqualTo(Kind.MUTATING);
        assertThat(a.writtenProblems(inputs("service", "dynamodb", "operation", "DeleteTable", "mutating", false,
                "parameters", Map.of("TableName", "t")))).containsOnlyKeys("mutating");
        assertThat(a.writtenProblems(inputs("service", "dynamodb", "operation", "GetItem", "mutating", false,
                "parameters", Map.of("TableName", "t", "Key", Map.of("pk", Map.of("S", "a")))))).isEmpty();
    }

    @Test
    void mutatingFalseOnAChangeIsRefusedAtRunTimeToo() {
        Inputs in = inputs("service", "dynamodb", "operation", "DeleteTable", "mutating", false,
                "parameters", Map.of("TableName", "t"));

        assertThatThrownBy(() -> action(AwsCallAction.NAME).apply(in, new TestContext()))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("mutating: false cannot");
        assertThat(wm.requests()).isEmpty();
    }
}
