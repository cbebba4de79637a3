package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.json11;
import static dev.runbook.actions.aws.WireMockAws.jsonError;
import static dev.runbook.actions.aws.WireMockAws.ssm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSM actions against WireMock (JSON 1.1, {@code X-Amz-Target: AmazonSSM.<Operation>}). */
class SsmWireMockTest extends ServiceTestBase {

    @Test
    void getParameterOfASecureStringMakesItsValueSecret() throws Exception {
        wm.server.stubFor(ssm("GetParameter").willReturn(json11("{\"Parameter\":{\"Name\":\"/db/password\","
                + "\"Type\":\"SecureString\",\"Value\":\"hunter2\",\"Version\":3}}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ssm.get-parameter").apply(inputs("name", "/db/password"), ctx);

        assertThat(out.values()).containsEntry("value", "hunter2").containsEntry("version", 3L);
        assertThat(out.secret()).containsExactly("value");
        assertThat(ctx.secrets).containsExactly("hunter2");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .withRequestBody(equalToJson("{\"Name\":\"/db/password\",\"WithDecryption\":true}")));
    }

    @Test
    void getParameterThatDoesNotExistNamesIt() {
        wm.server.stubFor(ssm("GetParameter").willReturn(jsonError(400, "ParameterNotFound", "")));

        assertThatThrownBy(() -> action("aws.ssm.get-parameter").apply(inputs("name", "/nope"), new TestContext()))
                .hasMessage("parameter '/nope' not found (ssm:GetParameter: ParameterNotFound)");
    }

    @Test
    void putParameterSendsTheValueAndDeclaresASecureOneSecretFirst() throws Exception {
        wm.server.stubFor(ssm("PutParameter").willReturn(json11("{\"Version\":4,\"Tier\":\"Standard\"}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ssm.put-parameter").apply(inputs("name", "/db/password", "value", "s3cret",
                "type", "SecureString"), ctx);

        assertThat(out.get("version")).isEqualTo(4L);
        assertThat(ctx.secrets).containsExactly("s3cret");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.PutParameter"))
                .withRequestBody(equalToJson("{\"Name\":\"/db/password\",\"Value\":\"s3cret\","
                        + "\"Type\":\"SecureString\",\"Overwrite\":true}")));
    }

    @Test
    void startAutomationSendsTheDocumentAndItsParameters() throws Exception {
        wm.server.stubFor(ssm("StartAutomationExecution").willReturn(json11("{\"AutomationExecutionId\":\"e-1\"}")));

        Outputs out = action("aws.ssm.start-automation").apply(inputs("document", "AWS-RestartEC2Instance",
                "parameters", Map.of("InstanceId", List.of("i-1", "i-2"))), new TestContext());

        assertThat(out.get("executionId")).isEqualTo("e-1");
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.StartAutomationExecution"))
                .withRequestBody(equalToJson("{\"DocumentName\":\"AWS-RestartEC2Instance\","
                        + "\"Parameters\":{\"InstanceId\":[\"i-1\",\"i-2\"]}}")));
    }

    @Test
    void waitAutomationShowsProgressUntilSuccess() throws Exception {
        wm.server.stubFor(ssm("GetAutomationExecution").inScenario("a").whenScenarioStateIs(STARTED)
                .willReturn(json11("{\"AutomationExecution\":{\"AutomationExecutionId\":\"e-1\","
                        + "\"AutomationExecutionStatus\":\"InProgress\",\"CurrentStepName\":\"stop\"}}"))
                .willSetStateTo("done"));
        wm.server.stubFor(ssm("GetAutomationExecution").inScenario("a").whenScenarioStateIs("done")
                .willReturn(json11("{\"AutomationExecution\":{\"AutomationExecutionId\":\"e-1\","
                        + "\"AutomationExecutionStatus\":\"Success\",\"Outputs\":{\"stop.Id\":[\"i-1\"]}}}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.ssm.wait-automation").apply(inputs("execution-id", "e-1", "interval", "5s"), ctx);

        assertThat(out.values()).containsEntry("status", "Success")
                .containsEntry("outputs", Map.of("stop.Id", List.of("i-1")));
        assertThat(ctx.progress).containsExactly("automation e-1: InProgress at step stop, 0ms");
    }

    @Test
    void waitAutomationFailsWithAwssFailureMessage() {
        wm.server.stubFor(ssm("GetAutomationExecution").willReturn(json11("{\"AutomationExecution\":{"
                + "\"AutomationExecutionId\":\"e-1\",\"AutomationExecutionStatus\":\"Failed\","
                + "\"FailureMessage\":\"Step fails when it is verifying the command\"}}")));

        assertThatThrownBy(() -> action("aws.ssm.wait-automation").apply(inputs("execution-id", "e-1"),
                new TestContext()))
                .hasMessage("automation execution e-1 ended Failed: Step fails when it is verifying the command");
    }
}
