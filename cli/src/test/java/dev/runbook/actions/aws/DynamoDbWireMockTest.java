package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.dynamo;
import static dev.runbook.actions.aws.WireMockAws.json10;
import static dev.runbook.actions.aws.WireMockAws.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Outputs;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB calls DynamoDB Local does not support (continuous backups, point-in-time restore), and the error
 * paths (throttling, access denied, not found, 5xx, a slow answer), against WireMock with AWS-shaped answers.
 */
class DynamoDbWireMockTest {
    private static final String ORDERS_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
    static final String BACKUPS = "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\","
            + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"ENABLED\","
            + "\"EarliestRestorableDateTime\":1763780400,\"LatestRestorableDateTime\":1763794500}}}";
    // 1763780400 = 2025-11-22T03:00:00Z, 1763794500 = 2025-11-22T06:55:00Z
    private static WireMockAws wm;
    private static AwsClients clients;

    @BeforeAll
    static void start() {
        wm = new WireMockAws();
        clients = new AwsClients(Aws.settings(wm.endpoint()));
    }

    @AfterAll
    static void stop() {
        clients.close();
        wm.close();
    }

    @AfterEach
    void reset() {
        wm.server.resetAll();
    }

    private static Action action(String name) {
        return Aws.action(name, () -> clients);
    }

    private static String table(String name, String status, String restoredFrom) {
        return "{\"Table\":{\"TableName\":\"" + name + "\",\"TableStatus\":\"" + status + "\","
                + "\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/" + name + "\",\"ItemCount\":7,"
                + "\"TableSizeBytes\":700,\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]"
                + (restoredFrom == null ? "" : ",\"RestoreSummary\":{\"SourceTableArn\":\"" + restoredFrom
                        + "\",\"RestoreDateTime\":1763791200,\"RestoreInProgress\":false}")
                + "}}";
    }

    @Test
    void describeContinuousBackupsReturnsTheRestorableWindow() throws Exception {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10(BACKUPS)));

        Outputs out = action("aws.dynamodb.describe-continuous-backups").apply(inputs("table", "orders"),
                new TestContext());

        assertThat(out.values()).containsEntry("status", "ENABLED").containsEntry("pitr", "ENABLED")
                .containsEntry("earliestRestorableTime", "2025-11-22T03:00:00Z")
                .containsEntry("latestRestorableTime", "2025-11-22T06:55:00Z");
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.DescribeContinuousBackups"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=dummy/\\d+/us-east-1/dynamodb/.*"))
                .withRequestBody(equalToJson("{\"TableName\":\"orders\"}")));
    }

    @Test
    void restoreSendsTheExactRequestWhenTheTargetDoesNotExist() throws Exception {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10(BACKUPS)));
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(400, "ResourceNotFoundException",
                "Requested resource not found: Table: orders-restored not found")));
        wm.server.stubFor(dynamo("RestoreTableToPointInTime").willReturn(json10("{\"TableDescription\":"
                + table("orders-restored", "CREATING", ORDERS_ARN).substring(9))));

        Outputs out = action("aws.dynamodb.restore-table-to-point-in-time").apply(inputs("source", "orders",
                "target", "orders-restored", "time", "2025-11-22T06:00:00Z"), new TestContext());

        assertThat(out.values()).containsEntry("table", "orders-restored").containsEntry("status", "CREATING")
                .containsEntry("adopted", false);
        assertThat(wm.targets()).containsExactly("DescribeContinuousBackups", "DescribeTable",
                "RestoreTableToPointInTime");
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.RestoreTableToPointInTime"))
                .withRequestBody(equalToJson("{\"SourceTableName\":\"orders\",\"TargetTableName\":\"orders-restored\","
                        + "\"RestoreDateTime\":1763791200}")));
    }

    @Test
    void restoreToLatestAsksForTheLatestRestorableTime() throws Exception {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10(BACKUPS)));
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(400, "ResourceNotFoundException", "nope")));
        wm.server.stubFor(dynamo("RestoreTableToPointInTime").willReturn(json10("{\"TableDescription\":"
                + table("copy", "CREATING", ORDERS_ARN).substring(9))));

        action("aws.dynamodb.restore-table-to-point-in-time").apply(inputs("source", "orders", "target", "copy",
                "time", "latest"), new TestContext());

        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.RestoreTableToPointInTime"))
                .withRequestBody(equalToJson("{\"SourceTableName\":\"orders\",\"TargetTableName\":\"copy\","
                        + "\"UseLatestRestorableTime\":true}")));
    }

    @Test
    void restoreRefusesATimeOutsideTheWindowBeforeCallingTheRestore() {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10(BACKUPS)));

        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-to-point-in-time").apply(inputs("source",
                "orders", "target", "copy", "time", "2025-11-22T07:00:00Z"), new TestContext()))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("restore time 2025-11-22T07:00:00Z is outside the restorable window of table 'orders' "
                        + "(2025-11-22T03:00:00Z to 2025-11-22T06:55:00Z): nothing was restored");
        assertThat(wm.targets()).containsExactly("DescribeContinuousBackups");
    }

    @Test
    void restoreRefusesWhenPointInTimeRecoveryIsOff() {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10("{\"ContinuousBackupsDescription\":"
                + "{\"ContinuousBackupsStatus\":\"ENABLED\",\"PointInTimeRecoveryDescription\":"
                + "{\"PointInTimeRecoveryStatus\":\"DISABLED\"}}}")));

        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-to-point-in-time").apply(inputs("source",
                "orders", "target", "copy", "time", "latest"), new TestContext()))
                .hasMessage("point-in-time recovery is not enabled on table 'orders': it cannot be restored to a "
                        + "point in time");
        assertThat(wm.targets()).containsExactly("DescribeContinuousBackups");
    }

    @Test
    void restoreAdoptsATargetAlreadyRestoredFromTheSameSource() throws Exception {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10(BACKUPS)));
        wm.server.stubFor(dynamo("DescribeTable").willReturn(json10(table("copy", "ACTIVE", ORDERS_ARN))));
        Action restore = action("aws.dynamodb.restore-table-to-point-in-time");

        Outputs out = restore.apply(inputs("source", "orders", "target", "copy", "time", "latest"),
                new TestContext());
        boolean done = restore.alreadyDone(inputs("source", "orders", "target", "copy", "time", "latest"),
                new TestContext()).isPresent();

        assertThat(out.values()).containsEntry("adopted", true).containsEntry("status", "ACTIVE")
                .containsEntry("restoreTime", "2025-11-22T06:00:00Z");
        assertThat(done).isTrue();
        assertThat(wm.targets()).doesNotContain("RestoreTableToPointInTime");
    }

    @Test
    void restoreRefusesATargetThatExistsFromAnotherSource() {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(json10(BACKUPS)));
        wm.server.stubFor(dynamo("DescribeTable").willReturn(json10(table("copy", "ACTIVE",
                "arn:aws:dynamodb:us-east-1:123456789012:table/invoices"))));

        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-to-point-in-time").apply(inputs("source",
                "orders", "target", "copy", "time", "latest"), new TestContext()))
                .hasMessage("target table 'copy' already exists and was restored from "
                        + "arn:aws:dynamodb:us-east-1:123456789012:table/invoices, not from 'orders': refusing to "
                        + "adopt it; choose another target or delete it first");
        assertThat(wm.targets()).doesNotContain("RestoreTableToPointInTime");
    }

    @Test
    void restoreOfATableThatDoesNotExistSaysSo() {
        wm.server.stubFor(dynamo("DescribeContinuousBackups").willReturn(jsonError(400, "TableNotFoundException",
                "Table not found: orders")));

        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-to-point-in-time").apply(inputs("source",
                "orders", "target", "copy", "time", "latest"), new TestContext()))
                .hasMessage("table 'orders' not found (dynamodb:DescribeContinuousBackups: TableNotFoundException: "
                        + "Table not found: orders)");
    }

    @Test
    void waitTableShowsProgressUntilTheRestoredTableIsActive() throws Exception {
        wm.server.stubFor(dynamo("DescribeTable").inScenario("restore").whenScenarioStateIs(STARTED)
                .willReturn(json10(table("copy", "CREATING", ORDERS_ARN))).willSetStateTo("active"));
        wm.server.stubFor(dynamo("DescribeTable").inScenario("restore").whenScenarioStateIs("active")
                .willReturn(json10(table("copy", "ACTIVE", ORDERS_ARN))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.dynamodb.wait-table").apply(inputs("table", "copy", "interval", "20s"), ctx);

        assertThat(out.values()).containsEntry("status", "ACTIVE").containsEntry("polls", 2)
                .containsEntry("waited", "20.0s");
        assertThat(ctx.progress).containsExactly("table copy: waiting for ACTIVE, 0ms, last: CREATING");
        assertThat(ctx.sleeps).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void throttlingIsRetriedThenSucceeds() throws Exception {
        wm.server.stubFor(dynamo("DescribeTable").inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok"));
        wm.server.stubFor(dynamo("DescribeTable").inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(json10(table("orders", "ACTIVE", null))));

        Outputs out = action("aws.dynamodb.describe-table").apply(inputs("table", "orders"), new TestContext());

        assertThat(out.get("status")).isEqualTo("ACTIVE");
        assertThat(wm.targets()).containsExactly("DescribeTable", "DescribeTable");
    }

    @Test
    void throttlingThatNeverStopsFailsAfterEveryAttempt() {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")));

        assertThatThrownBy(() -> action("aws.dynamodb.describe-table").apply(inputs("table", "orders"),
                new TestContext()))
                .hasMessage("dynamodb:DescribeTable on table 'orders': AWS kept throttling the call, every retry "
                        + "included (ThrottlingException: Rate exceeded): wait and run the step again");
        assertThat(wm.targets()).hasSize(2);
    }

    @Test
    void accessDeniedNamesTheIamActionAndResource() {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/op is not authorized to perform: dynamodb:DescribeTable")));

        assertThatThrownBy(() -> action("aws.dynamodb.describe-table").apply(inputs("table", "orders"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not dynamodb:DescribeTable on table 'orders' "
                        + "(IAM action dynamodb:DescribeTable, resource table 'orders'): AccessDeniedException");
        assertThat(wm.targets()).hasSize(1);
    }

    @Test
    void expiredCredentialsSayHowToLogIn() {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(400, "ExpiredTokenException",
                "The security token included in the request is expired")));

        assertThatThrownBy(() -> action("aws.dynamodb.describe-table").apply(inputs("table", "orders"),
                new TestContext()))
                .hasMessageContaining("AWS refused the credentials for dynamodb:DescribeTable")
                .hasMessageContaining("aws sso login --profile PROFILE");
    }

    @Test
    void serverErrorsAreRetriedThenReported() {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(500, "InternalServerError",
                "Internal server error")));

        assertThatThrownBy(() -> action("aws.dynamodb.describe-table").apply(inputs("table", "orders"),
                new TestContext()))
                .hasMessage("dynamodb:DescribeTable on table 'orders' failed: AWS answered 500 InternalServerError: "
                        + "Internal server error after every retry");
        assertThat(wm.targets()).hasSize(2);
    }

    @Test
    void aSlowAnswerEndsTheCallAtTheStepsTimeout() {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(json10(table("orders", "ACTIVE", null))
                .withFixedDelay(5_000)));

        assertThatThrownBy(() -> action("aws.dynamodb.describe-table").apply(inputs("table", "orders"),
                new TestContext().remaining(Duration.ofMillis(300))))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("dynamodb:DescribeTable on table 'orders': no answer from AWS within the "
                        + "step's time");
    }
}
