package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.json11;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ECS actions against WireMock: JSON 1.1, {@code POST /} with
 * {@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>}, answers shaped as in the ECS API reference.
 */
class EcsWireMockTest extends ServiceTestBase {
    static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:";

    static MappingBuilder ecs(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AmazonEC2ContainerServiceV20141113." + operation));
    }

    /** An ECS error as AWS sends it: {@code {"__type": "Code", "message": "..."}}. */
    static ResponseDefinitionBuilder ecsError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    static String deployment(String id, String status, int revision, int desired, int running, String rollout) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"taskDefinition\":\"" + TD + revision + "\","
                + "\"desiredCount\":" + desired + ",\"pendingCount\":0,\"runningCount\":" + running + ","
                + "\"createdAt\":1.764E9,\"updatedAt\":1.764E9,\"launchType\":\"FARGATE\""
                + (rollout == null ? "" : ",\"rolloutState\":\"" + rollout + "\",\"rolloutStateReason\":\""
                        + ("FAILED".equals(rollout) ? "ECS deployment circuit breaker: tasks failed to start."
                                : "ECS deployment " + id + " in progress.") + "\"") + "}";
    }

    /** A Service object as DescribeServices and UpdateService return it. */
    static String service(int desired, int running, int revision, String... deployments) {
        return "{\"serviceArn\":\"arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api\","
                + "\"serviceName\":\"orders-api\",\"clusterArn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/prod\","
                + "\"status\":\"ACTIVE\",\"desiredCount\":" + desired + ",\"runningCount\":" + running
                + ",\"pendingCount\":0,\"launchType\":\"FARGATE\",\"taskDefinition\":\"" + TD + revision + "\","
                + "\"deploymentConfiguration\":{\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true},"
                + "\"maximumPercent\":200,\"minimumHealthyPercent\":100},"
                + "\"deployments\":[" + String.join(",", deployments) + "],\"events\":[]}";
    }

    static String stable(int count, int revision) {
        return service(count, count, revision, deployment("ecs-svc/111", "PRIMARY", revision, count, count,
                "COMPLETED"));
    }

    static String described(String service) {
        return "{\"failures\":[],\"services\":[" + service + "]}";
    }

    static void describes(String service) {
        wm.server.stubFor(ecs("DescribeServices").willReturn(json11(described(service))));
    }


    private static dev.runbook.action.Inputs prod(Object... more) {
        Object[] all = new Object[4 + more.length];
        all[0] = "cluster";
        all[1] = "prod";
        all[2] = "service";
        all[3] = "orders-api";
        System.arraycopy(more, 0, all, 4, more.length);
        return inputs(all);
    }

    @Test
    void describeServiceReadsCountsTaskDefinitionAndDeployments() throws Exception {
        describes(service(4, 3, 8, deployment("ecs-svc/222", "PRIMARY", 8, 4, 3, "IN_PROGRESS"),
                deployment("ecs-svc/111", "ACTIVE", 7, 4, 1, "COMPLETED")));

        Outputs out = action("aws.ecs.describe-service").apply(prod(), new TestContext());

        assertThat(out.values()).containsEntry("desiredCount", 4L).containsEntry("runningCount", 3L)
                .containsEntry("taskDefinition", TD + 8).containsEntry("deploymentId", "ecs-svc/222")
                .containsEntry("rolloutState", "IN_PROGRESS").containsEntry("status", "ACTIVE");
        assertThat((List<?>) out.get("deployments")).hasSize(2);
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"cluster\":\"prod\",\"services\":[\"orders-api\"]}")));
    }

    @Test
    void aServiceEcsDoesNotKnowIsNotFoundNamingItAndTheCluster() {
        wm.server.stubFor(ecs("DescribeServices").willReturn(json11("{\"services\":[],\"failures\":[{"
                + "\"arn\":\"arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api\",\"reason\":\"MISSING\"}]}")));

        assertThatThrownBy(() -> action("aws.ecs.describe-service").apply(prod(), new TestContext()))
                .hasMessage("service 'orders-api' in cluster 'prod' not found (ecs:DescribeServices: MISSING)");
    }

    @Test
    void aClusterThatDoesNotExistIsNotFound() {
        wm.server.stubFor(ecs("DescribeServices").willReturn(ecsError(400, "ClusterNotFoundException",
                "Cluster not found.")));

        assertThatThrownBy(() -> action("aws.ecs.describe-service").apply(prod(), new TestContext()))
                .hasMessage("service 'orders-api' in cluster 'prod' not found (ecs:DescribeServices: "
                        + "ClusterNotFoundException: Cluster not found.)");
    }

    @Test
    void accessDeniedNamesTheEcsActionAndTheService() {
        describes(stable(4, 8));
        wm.server.stubFor(ecs("UpdateService").willReturn(ecsError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ecs:UpdateService")));

        assertThatThrownBy(() -> action("aws.ecs.scale-service").apply(prod("count", 0L), new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not ecs:UpdateService on service "
                        + "'orders-api' in cluster 'prod' (IAM action ecs:UpdateService");
    }

    @Test
    void throttlingIsRetried() throws Exception {
        wm.server.stubFor(ecs("DescribeServices").inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(ecsError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));
        wm.server.stubFor(ecs("DescribeServices").inScenario("t").whenScenarioStateIs("calm")
                .willReturn(json11(described(stable(2, 8)))));

        Outputs out = action("aws.ecs.describe-service").apply(prod(), new TestContext());

        assertThat(out.get("desiredCount")).isEqualTo(2L);
        assertThat(wm.requests()).hasSize(2);
    }

    @Test
    void scaleServiceSendsTheCountAndReportsBeforeAndAfter() throws Exception {
        describes(stable(4, 8));
        wm.server.stubFor(ecs("UpdateService").willReturn(json11("{\"service\":" + service(0, 4, 8,
                deployment("ecs-svc/111", "PRIMARY", 8, 0, 4, "COMPLETED")) + "}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ecs.scale-service").apply(prod("count", 0L), ctx);

        assertThat(out.values()).containsEntry("before", 4L).containsEntry("after", 0L)
                .containsEntry("runningCount", 4L);
        assertThat(ctx.lines).containsExactly("desired count: 4 -> 0");
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.UpdateService"))
                .withRequestBody(equalToJson("{\"cluster\":\"prod\",\"service\":\"orders-api\",\"desiredCount\":0}")));
    }

    @Test
    void scaleServiceSendsNothingWhenTheCountIsAlreadyThere() throws Exception {
        describes(stable(0, 8));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ecs.scale-service").apply(prod("count", 0L), ctx);

        assertThat(out.values()).containsEntry("before", 0L).containsEntry("after", 0L);
        assertThat(wm.targets()).containsExactly("DescribeServices");
        assertThat(ctx.lines).containsExactly("desired count: already 0");
    }

    @Test
    void scaleServiceIsAlreadyDoneWhenTheServiceWantsTheCountButDoesNotMakeUpABefore() throws Exception {
        describes(stable(0, 8));

        var done = action("aws.ecs.scale-service").alreadyDone(prod("count", 0L), new TestContext());
        var notYet = action("aws.ecs.scale-service").alreadyDone(prod("count", 3L), new TestContext());

        assertThat(done).isPresent();
        assertThat(done.get().values()).containsEntry("after", 0L).doesNotContainKey("before");
        assertThat(notYet).isEmpty();
    }

    @Test
    void scaleServiceRefusesANegativeCountBeforeCallingAndValidateSaysSo() {
        assertThatThrownBy(() -> action("aws.ecs.scale-service").apply(prod("count", -1L), new TestContext()))
                .hasMessage("count must be 0 or more, got -1");
        assertThat(wm.requests()).isEmpty();
        assertThat(action("aws.ecs.scale-service").inputProblems(prod("count", -2L), Set.of()))
                .containsEntry("count", "must be 0 or more, got -2");
    }

    @Test
    void forceNewDeploymentReportsTheOldAndNewPrimaryDeployment() throws Exception {
        describes(stable(2, 8));
        wm.server.stubFor(ecs("UpdateService").willReturn(json11("{\"service\":" + service(2, 2, 8,
                deployment("ecs-svc/999", "PRIMARY", 8, 2, 0, "IN_PROGRESS"),
                deployment("ecs-svc/111", "ACTIVE", 8, 2, 2, "COMPLETED")) + "}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ecs.force-new-deployment").apply(prod(), ctx);

        assertThat(out.values()).containsEntry("before", "ecs-svc/111").containsEntry("deploymentId", "ecs-svc/999")
                .containsEntry("taskDefinition", TD + 8);
        assertThat(ctx.lines).containsExactly("PRIMARY deployment: ecs-svc/111 -> ecs-svc/999 ("
                + TD + "8)");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"cluster\":\"prod\",\"service\":\"orders-api\",\"forceNewDeployment\":true}")));
    }

    @Test
    void previousTaskDefinitionSkipsOtherFamiliesAndReadsOnlyThePagesItNeeds() throws Exception {
        wm.server.stubFor(ecs("ListTaskDefinitions").withRequestBody(matchingJsonPath("$[?(!@.nextToken)]"))
                .willReturn(json11("{\"taskDefinitionArns\":[\"" + TD.replace("orders-api:", "orders-api-worker:")
                        + "3\",\"" + TD + "9\",\"" + TD + "8\"],\"nextToken\":\"page2\"}")));
        wm.server.stubFor(ecs("ListTaskDefinitions").withRequestBody(matchingJsonPath("$.nextToken",
                equalTo("page2"))).willReturn(json11("{\"taskDefinitionArns\":[\"" + TD + "5\",\"" + TD + "2\"],"
                        + "\"nextToken\":\"page3\"}")));

        Outputs before8 = action("aws.ecs.previous-task-definition").apply(inputs("before", TD + 8),
                new TestContext());
        Outputs before9 = action("aws.ecs.previous-task-definition").apply(inputs("before", "orders-api:9"),
                new TestContext());

        assertThat(before8.values()).containsEntry("taskDefinition", TD + 5).containsEntry("revision", 5L)
                .containsEntry("family", "orders-api");
        assertThat(before9.get("taskDefinition")).isEqualTo(TD + 8);
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"familyPrefix\":\"orders-api\",\"status\":\"ACTIVE\",\"sort\":\"DESC\"}")));
        assertThat(wm.requests()).hasSize(3); // page 3 was not needed
    }

    @Test
    void previousTaskDefinitionOfTheFirstRevisionIsEmpty() throws Exception {
        wm.server.stubFor(ecs("ListTaskDefinitions").willReturn(json11("{\"taskDefinitionArns\":[\"" + TD
                + "1\"]}")));

        Outputs out = action("aws.ecs.previous-task-definition").apply(inputs("before", TD + 1), new TestContext());

        assertThat(out.values()).containsEntry("taskDefinition", "").containsEntry("revision", 0L);
    }

    @Test
    void previousTaskDefinitionWantsARevision() {
        assertThatThrownBy(() -> action("aws.ecs.previous-task-definition").apply(inputs("before", "orders-api"),
                new TestContext()))
                .hasMessage("before must be a task definition ARN or family:revision, got 'orders-api'");
        assertThat(action("aws.ecs.previous-task-definition").inputProblems(inputs("before", "orders-api"),
                Set.of())).containsKey("before");
        assertThat(wm.requests()).isEmpty();
    }

    @Test
    void updateServiceTaskDefinitionSendsItAndReportsBeforeAndAfter() throws Exception {
        describes(stable(2, 8));
        wm.server.stubFor(ecs("UpdateService").willReturn(json11("{\"service\":" + service(2, 2, 7,
                deployment("ecs-svc/333", "PRIMARY", 7, 2, 0, "IN_PROGRESS"),
                deployment("ecs-svc/111", "ACTIVE", 8, 2, 2, "COMPLETED")) + "}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ecs.update-service-task-definition").apply(prod("task-definition", TD + 7), ctx);

        assertThat(out.values()).containsEntry("before", TD + 8).containsEntry("after", TD + 7)
                .containsEntry("deploymentId", "ecs-svc/333");
        assertThat(ctx.lines).containsExactly("task definition: " + TD + "8 -> " + TD + "7");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"cluster\":\"prod\",\"service\":\"orders-api\",\"taskDefinition\":\"" + TD + "7\"}")));
    }

    @Test
    void updateServiceTaskDefinitionIsAlreadyDoneAndKnowsBeforeWhileTheRolloutRuns() throws Exception {
        describes(service(2, 1, 7, deployment("ecs-svc/333", "PRIMARY", 7, 2, 1, "IN_PROGRESS"),
                deployment("ecs-svc/111", "ACTIVE", 8, 2, 1, "COMPLETED")));

        var byName = action("aws.ecs.update-service-task-definition").alreadyDone(prod("task-definition",
                "orders-api:7"), new TestContext());
        var other = action("aws.ecs.update-service-task-definition").alreadyDone(prod("task-definition",
                "orders-api:6"), new TestContext());

        assertThat(byName).isPresent();
        assertThat(byName.get().values()).containsEntry("before", TD + 8).containsEntry("after", TD + 7);
        assertThat(other).isEmpty();
    }

    @Test
    void updateServiceTaskDefinitionToOneThatDoesNotExistSaysSo() {
        describes(stable(2, 8));
        wm.server.stubFor(ecs("UpdateService").willReturn(ecsError(400, "ClientException",
                "TaskDefinition not found.")));

        assertThatThrownBy(() -> action("aws.ecs.update-service-task-definition").apply(prod("task-definition",
                "orders-api:42"), new TestContext()))
                .hasMessage("ecs:UpdateService on task definition 'orders-api:42' or service 'orders-api' in "
                        + "cluster 'prod' failed: ClientException: TaskDefinition not found.");
    }

    @Test
    void waitStablePollsUntilOneCompletedDeploymentRunsEveryTask() throws Exception {
        wm.server.stubFor(ecs("DescribeServices").inScenario("w").whenScenarioStateIs(STARTED)
                .willReturn(json11(described(service(2, 1, 7, deployment("ecs-svc/333", "PRIMARY", 7, 2, 1,
                        "IN_PROGRESS"), deployment("ecs-svc/111", "ACTIVE", 8, 2, 1, "COMPLETED")))))
                .willSetStateTo("one"));
        wm.server.stubFor(ecs("DescribeServices").inScenario("w").whenScenarioStateIs("one")
                .willReturn(json11(described(service(2, 2, 7, deployment("ecs-svc/333", "PRIMARY", 7, 2, 2,
                        "IN_PROGRESS"))))).willSetStateTo("done"));
        wm.server.stubFor(ecs("DescribeServices").inScenario("w").whenScenarioStateIs("done")
                .willReturn(json11(described(service(2, 2, 7, deployment("ecs-svc/333", "PRIMARY", 7, 2, 2,
                        "COMPLETED"))))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ecs.wait-stable").apply(prod("interval", "10s"), ctx);

        assertThat(out.values()).containsEntry("rolloutState", "COMPLETED").containsEntry("runningCount", 2L)
                .containsEntry("taskDefinition", TD + 7);
        assertThat(ctx.progress).containsExactly(
                "1 of 2 running, 2 deployments, PRIMARY IN_PROGRESS (orders-api:7), 0ms",
                "2 of 2 running, 1 deployment, PRIMARY IN_PROGRESS (orders-api:7), 10.0s");
        assertThat(wm.requests()).hasSize(3);
    }

    @Test
    void waitStableFailsAtOnceWhenTheCircuitBreakerFailsTheRollout() {
        describes(service(2, 2, 8, deployment("ecs-svc/444", "PRIMARY", 8, 2, 2, "IN_PROGRESS"),
                deployment("ecs-svc/333", "ACTIVE", 9, 0, 0, "FAILED")));
        TestContext ctx = new TestContext();

        assertThatThrownBy(() -> action("aws.ecs.wait-stable").apply(prod(), ctx))
                .hasMessage("service 'orders-api' in cluster 'prod' is not stabilising: deployment ecs-svc/333 of "
                        + "orders-api:9 FAILED: ECS deployment circuit breaker: tasks failed to start. (the "
                        + "circuit breaker is rolling back to orders-api:8). Look at the service's events "
                        + "(aws ecs describe-services) and the stopped tasks' reasons");
        assertThat(ctx.sleeps).isEmpty();
    }

    @Test
    void waitStableWithoutRolloutStateGoesByTheCounts() throws Exception {
        describes(service(3, 3, 8, deployment("ecs-svc/111", "PRIMARY", 8, 3, 3, null)));

        Outputs out = action("aws.ecs.wait-stable").apply(prod(), new TestContext());

        assertThat(out.values()).containsEntry("rolloutState", "").containsEntry("runningCount", 3L);
    }

    @Test
    void waitStableIsBoundByTheStepsTime() {
        describes(service(2, 1, 8, deployment("ecs-svc/111", "PRIMARY", 8, 2, 1, "IN_PROGRESS")));

        assertThatThrownBy(() -> action("aws.ecs.wait-stable").apply(prod(), new TestContext().endAtFirstSleep()))
                .isInstanceOf(InterruptedException.class);
        assertThat(wm.requests()).hasSize(1);
    }

    @Test
    void previewsSendNothing() {
        for (String name : List.of("aws.ecs.describe-service", "aws.ecs.scale-service", "aws.ecs.force-new-deployment",
                "aws.ecs.previous-task-definition", "aws.ecs.update-service-task-definition", "aws.ecs.wait-stable")) {
            var a = Aws.action(name, Aws.noClients());
            a.preview(prod("count", 0L, "task-definition", TD + 7, "before", TD + 8));
        }
        assertThat(wm.requests()).isEmpty();
        assertThat(Aws.action("aws.ecs.scale-service", Aws.noClients()).preview(prod("count", 0L)).details())
                .containsExactly("then ecs:UpdateService {\"cluster\":\"prod\",\"service\":\"orders-api\","
                        + "\"desiredCount\":0}  (only when the desired count is not already 0)");
    }
}
