package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AppConfig actions against WireMock (REST JSON; hosted configuration content travels as the raw body). */
class AppConfigWireMockTest extends ServiceTestBase {
    static final String HOSTED = "/applications/app1/configurationprofiles/prof1/hostedconfigurationversions";
    private static final String DEPLOYMENTS = "/applications/app1/environments/env1/deployments";

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static void latest(String content) {
        wm.server.stubFor(get(urlPathEqualTo(HOSTED)).withQueryParam("max_results", equalTo("1"))
                .willReturn(json("{\"Items\":[{\"ApplicationId\":\"app1\",\"ConfigurationProfileId\":\"prof1\","
                        + "\"VersionNumber\":3,\"ContentType\":\"application/json\"}]}")));
        wm.server.stubFor(get(urlEqualTo(HOSTED + "/3")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Application-Id", "app1")
                .withHeader("Configuration-Profile-Id", "prof1").withHeader("Version-Number", "3")
                .withBody(content)));
    }

    @Test
    void getConfigurationReadsTheLatestHostedVersion() throws Exception {
        latest("{\"tableName\":\"orders\",\"limit\":5}");

        Outputs out = action("aws.appconfig.get-configuration").apply(inputs("application", "app1", "profile", "prof1"),
                new TestContext());

        assertThat(out.values()).containsEntry("version", 3).containsEntry("contentType", "application/json")
                .containsEntry("json", Map.of("tableName", "orders", "limit", 5));
    }

    @Test
    void setConfigurationCreatesAVersionFromTheLatestWithTheKeysChanged() throws Exception {
        latest("{\"tableName\":\"orders\",\"limit\":5}");
        wm.server.stubFor(post(urlEqualTo(HOSTED)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("Version-Number", "4").withBody("{}")));

        Outputs out = action("aws.appconfig.set-configuration").apply(inputs("application", "app1", "profile", "prof1",
                "set", Map.of("tableName", "orders-restored", "limit", 5L), "description", "restore drill"),
                new TestContext());

        assertThat(out.values()).containsEntry("version", 4).containsEntry("previousVersion", 3)
                .containsEntry("changes", List.of("tableName: \"orders\" -> \"orders-restored\""));
        wm.server.verify(postRequestedFor(urlEqualTo(HOSTED))
                .withHeader("Latest-Version-Number", equalTo("3"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Description", equalTo("restore drill"))
                .withRequestBody(equalToJson("{\"tableName\":\"orders-restored\",\"limit\":5}")));
    }

    @Test
    void setConfigurationCreatesNothingWhenEveryKeyHasItsValue() throws Exception {
        latest("{\"tableName\":\"orders\"}");

        Outputs out = action("aws.appconfig.set-configuration").apply(inputs("application", "app1", "profile", "prof1",
                "set", Map.of("tableName", "orders")), new TestContext());

        assertThat(out.values()).containsEntry("version", 3).containsEntry("changes", List.of());
        assertThat(wm.requests()).noneMatch(r -> r.getMethod().value().equals("POST"));
    }

    @Test
    void setConfigurationRefusesADocumentThatIsNotJson() {
        latest("tableName: orders\n");

        assertThatThrownBy(() -> action("aws.appconfig.set-configuration").apply(inputs("application", "app1",
                "profile", "prof1", "set", Map.of("tableName", "x")), new TestContext()))
                .hasMessageStartingWith("version 3 of configuration profile 'prof1' is not JSON (")
                .hasMessageEndingWith("): its keys cannot be set");
        assertThat(wm.requests()).noneMatch(r -> r.getMethod().value().equals("POST"));
    }

    @Test
    void setConfigurationPreviewShowsTheKeysToChangeWithoutReading() {
        var p = Aws.action("aws.appconfig.set-configuration", Aws.noClients()).preview(inputs("application", "app1",
                "profile", "prof1", "set", Map.of("tableName", "orders-restored")));

        assertThat(p.details()).contains("tableName: <read at run time> -> \"orders-restored\"");
    }

    @Test
    void startDeploymentSendsTheVersionAndStrategy() throws Exception {
        wm.server.stubFor(post(urlEqualTo(DEPLOYMENTS)).willReturn(json("{\"ApplicationId\":\"app1\","
                + "\"EnvironmentId\":\"env1\",\"DeploymentNumber\":7,\"State\":\"DEPLOYING\"}").withStatus(201)));

        Outputs out = action("aws.appconfig.start-deployment").apply(inputs("application", "app1", "environment",
                "env1", "profile", "prof1", "version", "4", "strategy", "AppConfig.AllAtOnce"), new TestContext());

        assertThat(out.values()).containsEntry("deployment", 7).containsEntry("state", "DEPLOYING");
        wm.server.verify(postRequestedFor(urlEqualTo(DEPLOYMENTS)).withRequestBody(equalToJson(
                "{\"ConfigurationProfileId\":\"prof1\",\"ConfigurationVersion\":\"4\","
                        + "\"DeploymentStrategyId\":\"AppConfig.AllAtOnce\"}")));
    }

    @Test
    void waitDeploymentShowsProgressUntilComplete() throws Exception {
        wm.server.stubFor(get(urlEqualTo(DEPLOYMENTS + "/7")).inScenario("d").whenScenarioStateIs(STARTED)
                .willReturn(json("{\"DeploymentNumber\":7,\"State\":\"DEPLOYING\",\"PercentageComplete\":50.0}"))
                .willSetStateTo("done"));
        wm.server.stubFor(get(urlEqualTo(DEPLOYMENTS + "/7")).inScenario("d").whenScenarioStateIs("done")
                .willReturn(json("{\"DeploymentNumber\":7,\"State\":\"COMPLETE\",\"PercentageComplete\":100.0}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.appconfig.wait-deployment").apply(inputs("application", "app1", "environment",
                "env1", "deployment", 7L), ctx);

        assertThat(out.values()).containsEntry("state", "COMPLETE").containsEntry("percentage", 100.0);
        assertThat(ctx.progress).containsExactly("deployment 7: DEPLOYING, 50.0% done, 0ms");
    }

    @Test
    void waitDeploymentFailsWithGuidanceWhenRolledBack() {
        wm.server.stubFor(get(urlEqualTo(DEPLOYMENTS + "/7")).willReturn(json(
                "{\"DeploymentNumber\":7,\"State\":\"ROLLED_BACK\",\"PercentageComplete\":40.0}")));

        assertThatThrownBy(() -> action("aws.appconfig.wait-deployment").apply(inputs("application", "app1",
                "environment", "env1", "deployment", 7L), new TestContext()))
                .hasMessageStartingWith("deployment 7 to environment 'env1' was rolled back: the previous "
                        + "configuration is live again. Look at the environment's CloudWatch alarms");
    }

    @Test
    void stopDeploymentSendsADelete() throws Exception {
        wm.server.stubFor(delete(urlEqualTo(DEPLOYMENTS + "/7")).willReturn(json(
                "{\"DeploymentNumber\":7,\"State\":\"ROLLED_BACK\"}").withStatus(202)));

        Outputs out = action("aws.appconfig.stop-deployment").apply(inputs("application", "app1", "environment",
                "env1", "deployment", 7L), new TestContext());

        assertThat(out.get("state")).isEqualTo("ROLLED_BACK");
        wm.server.verify(deleteRequestedFor(urlEqualTo(DEPLOYMENTS + "/7")));
    }
}
