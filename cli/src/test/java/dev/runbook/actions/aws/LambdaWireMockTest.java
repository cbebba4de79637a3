package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.restError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda actions against WireMock (REST JSON under /2015-03-31/functions). */
class LambdaWireMockTest extends ServiceTestBase {
    private static final String ALIAS = "/2015-03-31/functions/orders/aliases/live";

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String alias(String version, String routing) {
        return "{\"AliasArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders:live\",\"Name\":\"live\","
                + "\"FunctionVersion\":\"" + version + "\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{" + routing
                + "}},\"RevisionId\":\"r-1\"}";
    }

    private static void versions() {
        wm.server.stubFor(get(urlPathEqualTo("/2015-03-31/functions/orders/versions"))
                .withQueryParam("Marker", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(json("{\"Versions\":[{\"Version\":\"$LATEST\"},{\"Version\":\"1\"},{\"Version\":\"10\"}],"
                        + "\"NextMarker\":\"page2\"}")));
        wm.server.stubFor(get(urlPathEqualTo("/2015-03-31/functions/orders/versions"))
                .withQueryParam("Marker", equalTo("page2"))
                .willReturn(json("{\"Versions\":[{\"Version\":\"2\"},{\"Version\":\"9\"}]}")));
    }

    @Test
    void getAliasReadsTheVersionAndCanaryRouting() throws Exception {
        wm.server.stubFor(get(urlEqualTo(ALIAS)).willReturn(json(alias("9", "\"10\":0.1"))));

        Outputs out = action("aws.lambda.get-alias").apply(inputs("function", "orders", "alias", "live"),
                new TestContext());

        assertThat(out.values()).containsEntry("version", "9").containsEntry("routing", Map.of("10", 0.1));
        wm.server.verify(getRequestedFor(urlEqualTo(ALIAS)));
    }

    @Test
    void listVersionsReadsEveryPageInNumericOrder() throws Exception {
        versions();

        Outputs out = action("aws.lambda.list-versions").apply(inputs("function", "orders"), new TestContext());

        assertThat(out.values()).containsEntry("versions", List.of("1", "2", "9", "10")).containsEntry("latest", "10");
    }

    @Test
    void previousVersionIsThePublishedOneBeforeOrEmptyForTheFirst() throws Exception {
        versions();

        Outputs before10 = action("aws.lambda.previous-version").apply(inputs("function", "orders", "before", "10"),
                new TestContext());
        Outputs before1 = action("aws.lambda.previous-version").apply(inputs("function", "orders", "before", "1"),
                new TestContext());

        assertThat(before10.get("version")).isEqualTo("9");
        assertThat(before1.get("version")).isEqualTo("");
    }

    @Test
    void previousVersionOfAVersionThatDoesNotExistSaysWhichExist() {
        versions();

        assertThatThrownBy(() -> action("aws.lambda.previous-version").apply(inputs("function", "orders",
                "before", "7"), new TestContext()))
                .hasMessage("version 7 of function 'orders' does not exist (published: 1, 2, 9, 10)");
    }

    @Test
    void updateAliasSendsTheVersionAndClearsRoutingByDefault() throws Exception {
        wm.server.stubFor(put(urlEqualTo(ALIAS)).willReturn(json(alias("9", ""))));

        Outputs out = action("aws.lambda.update-alias").apply(inputs("function", "orders", "alias", "live",
                "version", "9"), new TestContext());

        assertThat(out.values()).containsEntry("version", "9").containsEntry("routing", Map.of());
        wm.server.verify(putRequestedFor(urlEqualTo(ALIAS)).withRequestBody(equalToJson(
                "{\"FunctionVersion\":\"9\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{}}}")));
    }

    @Test
    void updateAliasCanRouteACanaryWeight() throws Exception {
        wm.server.stubFor(put(urlEqualTo(ALIAS)).willReturn(json(alias("9", "\"10\":0.05"))));

        action("aws.lambda.update-alias").apply(inputs("function", "orders", "alias", "live", "version", "9",
                "routing", Map.of("10", 0.05)), new TestContext());

        wm.server.verify(putRequestedFor(urlEqualTo(ALIAS)).withRequestBody(equalToJson(
                "{\"FunctionVersion\":\"9\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"10\":0.05}}}")));
    }

    @Test
    void updateAliasRefusesAWeightOutsideZeroToOneBeforeCalling() {
        assertThatThrownBy(() -> action("aws.lambda.update-alias").apply(inputs("function", "orders", "alias", "live",
                "version", "9", "routing", Map.of("10", 5)), new TestContext()))
                .hasMessage("routing weight of version 10 must be between 0 and 1, got 5.0");
        assertThat(wm.requests()).isEmpty();
    }

    @Test
    void updateAliasToAVersionThatDoesNotExistNamesIt() {
        wm.server.stubFor(put(urlEqualTo(ALIAS)).willReturn(restError(404, "ResourceNotFoundException",
                "Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders:42")));

        assertThatThrownBy(() -> action("aws.lambda.update-alias").apply(inputs("function", "orders", "alias", "live",
                "version", "42"), new TestContext()))
                .hasMessageStartingWith("version 42 or alias 'live' of function 'orders' not found "
                        + "(lambda:UpdateAlias: ResourceNotFoundException");
    }

    @Test
    void updateAliasIsAlreadyDoneWhenTheAliasPointsThere() throws Exception {
        wm.server.stubFor(get(urlEqualTo(ALIAS)).willReturn(json(alias("9", ""))));

        boolean nine = action("aws.lambda.update-alias").alreadyDone(inputs("function", "orders", "alias", "live",
                "version", "9"), new TestContext()).isPresent();
        boolean ten = action("aws.lambda.update-alias").alreadyDone(inputs("function", "orders", "alias", "live",
                "version", "10"), new TestContext()).isPresent();

        assertThat(nine).isTrue();
        assertThat(ten).isFalse();
    }

    @Test
    void accessDeniedNamesTheLambdaActionAndTheAlias() {
        wm.server.stubFor(get(urlEqualTo(ALIAS)).willReturn(restError(403, "AccessDeniedException",
                "User is not authorized to perform: lambda:GetAlias")));

        assertThatThrownBy(() -> action("aws.lambda.get-alias").apply(inputs("function", "orders", "alias", "live"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not lambda:GetAlias on alias 'live' of "
                        + "function 'orders'");
    }

    @Test
    void getVersionReadsTheDescriptionCodeHashAndLastModifiedOfOneVersion() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo("/2015-03-31/functions/orders/configuration"))
                .withQueryParam("Qualifier", equalTo("9"))
                .willReturn(json("{\"FunctionName\":\"orders\",\"Version\":\"9\",\"Description\":\"release 9\","
                        + "\"CodeSha256\":\"abc=\",\"LastModified\":\"2026-11-21T10:00:00.000+0000\","
                        + "\"State\":\"Active\"}")));

        Outputs out = action("aws.lambda.get-version").apply(inputs("function", "orders", "version", "9"),
                new TestContext());

        assertThat(out.values()).containsEntry("version", "9").containsEntry("description", "release 9")
                .containsEntry("codeHash", "abc=").containsEntry("lastModified", "2026-11-21T10:00:00.000+0000")
                .containsEntry("state", "Active");
        assertThat(action("aws.lambda.get-version").preview(inputs("function", "orders", "version", "9")).summary())
                .isEqualTo("lambda:GetFunctionConfiguration {\"FunctionName\":\"orders\",\"Qualifier\":\"9\"}");
    }
}
