package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped ECS and API Gateway runbooks ({@code ecs-service-rollback}, {@code backend-deployment-rollback}) run
 * for real through Main, non-interactively, against a WireMock standing in for ECS (JSON 1.1), API Gateway (REST
 * JSON, UpdateStage a PATCH), Lambda, CloudWatch and STS, with answers shaped like AWS's. Each test checks the
 * requests that change something.
 */
class EcsApiGatewayRunbooksE2EIT {
    private static final Instant NOW = Instant.parse("2026-11-22T04:30:00Z");
    private static final String IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/op</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
            + "</ResponseMetadata></GetCallerIdentityResponse>";
    private static final String CW = "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";
    private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:";
    private static WireMockServer aws;

    @BeforeAll
    static void start() {
        aws = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
    }

    @AfterAll
    static void stop() {
        aws.stop();
    }

    @BeforeEach
    void reset() {
        aws.resetAll();
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(xml(IDENTITY)));
    }

    private static Cli.Result run(String runbook, String... more) {
        List<String> args = new ArrayList<>(List.of("run",
                RepoPaths.repo().resolve("runbooks-yaml/" + runbook + ".yaml").toString(),
                "--region", "us-east-1", "--yes", "--ack", "all"));
        for (String service : List.of("sts", "lambda", "cloudwatch", "ecs", "apigateway")) {
            args.add("--endpoint");
            args.add(service + "=http://127.0.0.1:" + aws.port());
        }
        args.addAll(List.of(more));
        return cli().env("AWS_ACCESS_KEY_ID", "dummy").env("AWS_SECRET_ACCESS_KEY", "dummy")
                .env("AWS_MAX_ATTEMPTS", "1").clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .run(args.toArray(String[]::new));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder json11(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static MappingBuilder ecs(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonEC2ContainerServiceV20141113." + operation));
    }

    private static void alarm(String name, String state) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarms")).willReturn(xml(
                "<DescribeAlarmsResponse " + CW + "><DescribeAlarmsResult><MetricAlarms><member>"
                        + "<AlarmName>" + name + "</AlarmName><StateValue>" + state + "</StateValue>"
                        + "<StateReason>r</StateReason><StateUpdatedTimestamp>2026-11-22T03:59:00Z"
                        + "</StateUpdatedTimestamp></member></MetricAlarms></DescribeAlarmsResult>"
                        + "</DescribeAlarmsResponse>")));
    }

    // ---- ecs-service-rollback ----

    /** A stable service on a revision: one PRIMARY deployment, COMPLETED, every task running. */
    private static String service(int revision, String deployment) {
        return "{\"serviceArn\":\"arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api\","
                + "\"serviceName\":\"orders-api\",\"status\":\"ACTIVE\",\"desiredCount\":3,\"runningCount\":3,"
                + "\"pendingCount\":0,\"taskDefinition\":\"" + TD + revision + "\",\"deployments\":[{\"id\":\""
                + deployment + "\",\"status\":\"PRIMARY\",\"taskDefinition\":\"" + TD + revision + "\","
                + "\"desiredCount\":3,\"runningCount\":3,\"pendingCount\":0,\"rolloutState\":\"COMPLETED\","
                + "\"createdAt\":1.7637E9}]}";
    }

    /** The service runs revision 8 until an UpdateService names 7, then 7; and 8 again after one naming 8. */
    private static void ecsService() {
        aws.stubFor(ecs("DescribeServices").inScenario("svc").whenScenarioStateIs(STARTED)
                .willReturn(json11("{\"failures\":[],\"services\":[" + service(8, "ecs-svc/8") + "]}")));
        aws.stubFor(ecs("DescribeServices").inScenario("svc").whenScenarioStateIs("on7")
                .willReturn(json11("{\"failures\":[],\"services\":[" + service(7, "ecs-svc/7") + "]}")));
        aws.stubFor(ecs("UpdateService").withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(TD + 7)))
                .inScenario("svc").willSetStateTo("on7")
                .willReturn(json11("{\"service\":" + service(7, "ecs-svc/7") + "}")));
        aws.stubFor(ecs("UpdateService").withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(TD + 8)))
                .inScenario("svc").willSetStateTo(STARTED)
                .willReturn(json11("{\"service\":" + service(8, "ecs-svc/9") + "}")));
        aws.stubFor(ecs("ListTaskDefinitions").willReturn(json11("{\"taskDefinitionArns\":[\"" + TD + "8\",\""
                + TD + "7\",\"" + TD + "6\"]}")));
    }

    @Test
    void ecsServiceRollbackDeploysThePreviousRevisionWaitsForItAndChecksTheAlarm() {
        // given
        ecsService();
        alarm("orders-api-errors", "OK");

        // when
        Cli.Result r = run("ecs-service-rollback", "-p", "cluster=prod", "-p", "service=orders-api",
                "-p", "watch=0s", "--confirm", "rollback=orders-api");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        aws.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.UpdateService"))
                .withRequestBody(equalToJson("{\"cluster\":\"prod\",\"service\":\"orders-api\",\"taskDefinition\":\""
                        + TD + "7\"}")));
        aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"familyPrefix\":\"orders-api\",\"status\":\"ACTIVE\",\"sort\":\"DESC\"}")));
        assertThat(r.out()).contains("task definition: " + TD + "8 -> " + TD + "7");
    }

    @Test
    void ecsServiceRollbackPointsTheServiceForwardAgainWhenTheAlarmFires() {
        // given
        ecsService();
        alarm("orders-api-errors", "ALARM");

        // when
        Cli.Result r = run("ecs-service-rollback", "-p", "cluster=prod", "-p", "service=orders-api",
                "-p", "watch=0s", "--confirm", "rollback=orders-api");

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        aws.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.UpdateService"))
                .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(TD + 7))));
        aws.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.UpdateService"))
                .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(TD + 8))));
    }

    @Test
    void aDryRunOfEitherRunbookSendsNoRequest() {
        // when
        Cli.Result ecs = run("ecs-service-rollback", "--dry-run", "-p", "cluster=prod", "-p", "service=orders-api");
        Cli.Result backend = run("backend-deployment-rollback", "--dry-run", "-p", "function=checkout-api",
                "-p", "restApi=a1b2c3d4e5");

        // then
        assertThat(ecs.exitCode()).as(ecs.toString()).isZero();
        assertThat(backend.exitCode()).as(backend.toString()).isZero();
        assertThat(ecs.out()).contains("ecs:UpdateService {\"cluster\":\"prod\",\"service\":\"orders-api\","
                + "\"taskDefinition\":\"<steps.previous.outputs.taskDefinition>\"}");
        assertThat(backend.out()).contains("apigateway:UpdateStage {\"restApiId\":\"a1b2c3d4e5\"");
        assertThat(aws.getAllServeEvents()).as("requests received").isEmpty();
    }

    // ---- backend-deployment-rollback ----

    private static final String FN = "/2015-03-31/functions/checkout-api";
    private static final String STAGE = "/restapis/a1b2c3d4e5/stages/prod";

    private static String alias(String version) {
        return "{\"AliasArn\":\"arn:aws:lambda:us-east-1:123456789012:function:checkout-api:live\",\"Name\":\"live\","
                + "\"FunctionVersion\":\"" + version + "\",\"RevisionId\":\"r-1\"}";
    }

    private static String stage(String deployment) {
        return "{\"deploymentId\":\"" + deployment + "\",\"stageName\":\"prod\",\"createdDate\":1.7000E9,"
                + "\"lastUpdatedDate\":1.7637E9}";
    }

    private static void backend() {
        aws.stubFor(get(urlEqualTo(FN + "/aliases/live")).willReturn(json(alias("8"))));
        aws.stubFor(get(urlPathEqualTo(FN + "/versions")).willReturn(json("{\"Versions\":[{\"Version\":\"$LATEST\"},"
                + "{\"Version\":\"7\"},{\"Version\":\"8\"}]}")));
        aws.stubFor(put(urlEqualTo(FN + "/aliases/live")).willReturn(json(alias("7"))));
        aws.stubFor(get(urlEqualTo(STAGE)).inScenario("stage").whenScenarioStateIs(STARTED)
                .willReturn(json(stage("dep8"))));
        aws.stubFor(get(urlEqualTo(STAGE)).inScenario("stage").whenScenarioStateIs("dep7")
                .willReturn(json(stage("dep7"))));
        aws.stubFor(patch(urlEqualTo(STAGE)).withRequestBody(containing("\"dep7\"")).inScenario("stage")
                .willSetStateTo("dep7").willReturn(json(stage("dep7"))));
        aws.stubFor(patch(urlEqualTo(STAGE)).withRequestBody(containing("\"dep8\"")).inScenario("stage")
                .willSetStateTo(STARTED).willReturn(json(stage("dep8"))));
        aws.stubFor(get(urlPathEqualTo("/restapis/a1b2c3d4e5/deployments")).willReturn(json("{\"item\":["
                + "{\"id\":\"dep8\",\"description\":\"release 8\",\"createdDate\":1.7637E9},"
                + "{\"id\":\"dep6\",\"description\":\"release 6\",\"createdDate\":1.7500E9},"
                + "{\"id\":\"dep7\",\"description\":\"release 7\",\"createdDate\":1.7600E9}]}")));
    }

    @Test
    void backendDeploymentRollbackMovesTheAliasAndTheStageBackAndChecksTheAlarm() {
        // given
        backend();
        alarm("checkout-api-errors", "OK");

        // when
        Cli.Result r = run("backend-deployment-rollback", "-p", "function=checkout-api", "-p", "restApi=a1b2c3d4e5",
                "-p", "watch=0s", "--confirm", "rollback-alias=checkout-api");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        aws.verify(1, putRequestedFor(urlEqualTo(FN + "/aliases/live"))
                .withRequestBody(matchingJsonPath("$.FunctionVersion", equalTo("7"))));
        aws.verify(1, patchRequestedFor(urlEqualTo(STAGE)).withRequestBody(equalToJson(
                "{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/deploymentId\",\"value\":\"dep7\"}]}")));
        assertThat(r.out()).contains("deployment: dep8 -> dep7").contains("release 7");
    }

    @Test
    void backendDeploymentRollbackPointsStageAndAliasForwardAgainWhenTheAlarmFires() {
        // given
        backend();
        alarm("checkout-api-errors", "ALARM");

        // when
        Cli.Result r = run("backend-deployment-rollback", "-p", "function=checkout-api", "-p", "restApi=a1b2c3d4e5",
                "-p", "watch=0s", "--confirm", "rollback-alias=checkout-api");

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        aws.verify(1, patchRequestedFor(urlEqualTo(STAGE)).withRequestBody(containing("\"dep7\"")));
        aws.verify(1, patchRequestedFor(urlEqualTo(STAGE)).withRequestBody(containing("\"dep8\"")));
        aws.verify(1, putRequestedFor(urlEqualTo(FN + "/aliases/live"))
                .withRequestBody(matchingJsonPath("$.FunctionVersion", equalTo("8"))));
    }
}
