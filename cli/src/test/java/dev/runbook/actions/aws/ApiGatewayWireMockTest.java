package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.restError;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runbook.action.Outputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API Gateway actions against WireMock (REST JSON under /restapis), through the JDK HTTP client that can send
 * UpdateStage's PATCH; answers shaped as in the API Gateway REST API reference (dates in epoch seconds).
 */
class ApiGatewayWireMockTest extends ServiceTestBase {
    static final String STAGE = "/restapis/a1b2c3d4e5/stages/prod";
    static final String DEPLOYMENTS = "/restapis/a1b2c3d4e5/deployments";

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String stage(String deployment) {
        return "{\"deploymentId\":\"" + deployment + "\",\"stageName\":\"prod\",\"description\":\"production\","
                + "\"cacheClusterEnabled\":false,\"cacheClusterStatus\":\"NOT_AVAILABLE\",\"methodSettings\":{},"
                + "\"tracingEnabled\":false,\"createdDate\":1.7000E9,\"lastUpdatedDate\":1.7640E9}";
    }

    static void deployments() {
        wm.server.stubFor(get(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("position", absent())
                .willReturn(json("{\"position\":\"p2\",\"item\":[{\"id\":\"dep3\",\"description\":\"release 3\","
                        + "\"createdDate\":1.7630E9},{\"id\":\"dep1\",\"description\":\"release 1\","
                        + "\"createdDate\":1.7610E9}]}")));
        wm.server.stubFor(get(urlPathEqualTo(DEPLOYMENTS)).withQueryParam("position", equalTo("p2"))
                .willReturn(json("{\"item\":[{\"id\":\"dep4\",\"createdDate\":1.7640E9},{\"id\":\"dep2\","
                        + "\"description\":\"release 2\",\"createdDate\":1.7620E9}]}")));
    }

    private static dev.runbook.action.Inputs prod(Object... more) {
        Object[] all = new Object[4 + more.length];
        all[0] = "rest-api";
        all[1] = "a1b2c3d4e5";
        all[2] = "stage";
        all[3] = "prod";
        System.arraycopy(more, 0, all, 4, more.length);
        return inputs(all);
    }

    @Test
    void getStageReadsTheDeploymentItServes() throws Exception {
        wm.server.stubFor(get(urlEqualTo(STAGE)).willReturn(json(stage("dep4"))));

        Outputs out = action("aws.apigateway.get-stage").apply(prod(), new TestContext());

        assertThat(out.values()).containsEntry("deploymentId", "dep4").containsEntry("description", "production")
                .containsEntry("lastUpdated", "2025-11-24T16:00:00Z");
    }

    @Test
    void aStageThatDoesNotExistIsNotFoundNamingIt() {
        wm.server.stubFor(get(urlEqualTo(STAGE)).willReturn(restError(404, "NotFoundException",
                "Invalid stage identifier specified")));

        assertThatThrownBy(() -> action("aws.apigateway.get-stage").apply(prod(), new TestContext()))
                .hasMessage("stage 'prod' of REST API 'a1b2c3d4e5' not found (apigateway:GET: "
                        + "NotFoundException: Invalid stage identifier specified)");
    }

    @Test
    void previousDeploymentIsTheOneCreatedBeforeAcrossPages() throws Exception {
        deployments();

        Outputs before4 = action("aws.apigateway.previous-deployment").apply(inputs("rest-api", "a1b2c3d4e5",
                "before", "dep4"), new TestContext());
        Outputs before1 = action("aws.apigateway.previous-deployment").apply(inputs("rest-api", "a1b2c3d4e5",
                "before", "dep1"), new TestContext());

        assertThat(before4.values()).containsEntry("deploymentId", "dep3").containsEntry("description", "release 3")
                .containsEntry("createdDate", "2025-11-13T02:13:20Z");
        assertThat(before1.get("deploymentId")).isEqualTo("");
    }

    @Test
    void previousDeploymentOfOneThatDoesNotExistSaysWhichExist() {
        deployments();

        assertThatThrownBy(() -> action("aws.apigateway.previous-deployment").apply(inputs("rest-api", "a1b2c3d4e5",
                "before", "nope"), new TestContext()))
                .hasMessage("deployment 'nope' of REST API 'a1b2c3d4e5' does not exist (deployments: dep1, dep2, "
                        + "dep3, dep4)");
    }

    @Test
    void updateStageDeploymentSendsAPatchReplacingTheDeploymentId() throws Exception {
        wm.server.stubFor(get(urlEqualTo(STAGE)).willReturn(json(stage("dep4"))));
        wm.server.stubFor(patch(urlEqualTo(STAGE)).willReturn(json(stage("dep3"))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.apigateway.update-stage-deployment").apply(prod("deployment", "dep3"), ctx);

        assertThat(out.values()).containsEntry("before", "dep4").containsEntry("after", "dep3");
        assertThat(ctx.lines).containsExactly("deployment: dep4 -> dep3");
        wm.server.verify(1, patchRequestedFor(urlEqualTo(STAGE))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("AWS4-HMAC"))
                .withRequestBody(equalToJson("{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/deploymentId\","
                        + "\"value\":\"dep3\"}]}")));
    }

    @Test
    void updateStageDeploymentSendsNothingWhenTheStageServesItAlready() throws Exception {
        wm.server.stubFor(get(urlEqualTo(STAGE)).willReturn(json(stage("dep3"))));

        Outputs out = action("aws.apigateway.update-stage-deployment").apply(prod("deployment", "dep3"),
                new TestContext());

        assertThat(out.values()).containsEntry("before", "dep3").containsEntry("after", "dep3");
        assertThat(wm.requests()).hasSize(1);
        assertThat(action("aws.apigateway.update-stage-deployment").alreadyDone(prod("deployment", "dep3"),
                new TestContext()).orElseThrow().values()).containsEntry("after", "dep3").doesNotContainKey("before");
        assertThat(action("aws.apigateway.update-stage-deployment").alreadyDone(prod("deployment", "dep2"),
                new TestContext())).isEmpty();
    }

    @Test
    void accessDeniedNamesTheApiGatewayAction() {
        wm.server.stubFor(get(urlEqualTo(STAGE)).willReturn(json(stage("dep4"))));
        wm.server.stubFor(patch(urlEqualTo(STAGE)).willReturn(restError(403, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: apigateway:PATCH")));

        assertThatThrownBy(() -> action("aws.apigateway.update-stage-deployment").apply(prod("deployment", "dep3"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not apigateway:PATCH on deployment "
                        + "'dep3' or stage 'prod' of REST API 'a1b2c3d4e5' (IAM action apigateway:PATCH");
    }

    @Test
    void throttlingIsRetried() throws Exception {
        wm.server.stubFor(get(urlEqualTo(STAGE)).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(restError(429, "TooManyRequestsException", "Too Many Requests")).willSetStateTo("calm"));
        wm.server.stubFor(get(urlEqualTo(STAGE)).inScenario("t").whenScenarioStateIs("calm")
                .willReturn(json(stage("dep4"))));

        Outputs out = action("aws.apigateway.get-stage").apply(prod(), new TestContext());

        assertThat(out.get("deploymentId")).isEqualTo("dep4");
        assertThat(wm.requests()).hasSize(2);
    }

    @Test
    void aCallThatOutlivesTheStepIsAbortedThroughTheJdkClient() {
        wm.server.stubFor(get(urlEqualTo(STAGE)).willReturn(json(stage("dep4")).withFixedDelay(3_000)));

        assertThatThrownBy(() -> action("aws.apigateway.get-stage").apply(prod(),
                new TestContext().remaining(java.time.Duration.ofMillis(300))))
                .hasMessageStartingWith("apigateway:GET on stage 'prod' of REST API 'a1b2c3d4e5': no answer from AWS "
                        + "within the step's time");
    }

    @Test
    void previewsSendNothing() {
        for (String name : List.of("aws.apigateway.get-stage", "aws.apigateway.previous-deployment",
                "aws.apigateway.update-stage-deployment")) {
            Aws.action(name, Aws.noClients()).preview(prod("deployment", "dep3", "before", "dep4"));
        }
        assertThat(wm.requests()).isEmpty();
        assertThat(Aws.action("aws.apigateway.update-stage-deployment", Aws.noClients())
                .preview(prod("deployment", "dep3")).details()).containsExactly("then apigateway:UpdateStage "
                        + "{\"restApiId\":\"a1b2c3d4e5\",\"stageName\":\"prod\",\"patchOperations\":[{\"op\":"
                        + "\"replace\",\"path\":\"/deploymentId\",\"value\":\"dep3\"}]}  (only when the stage does "
                        + "not already serve dep3)");
    }
}
