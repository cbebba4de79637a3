package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.dynamo;
import static dev.runbook.actions.aws.WireMockAws.json10;
import static dev.runbook.actions.aws.WireMockAws.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB backup and global-table actions against WireMock: DynamoDB Local supports neither on-demand backups
 * nor global table replicas. Answers are shaped like the DynamoDB API reference's.
 */
class DynamoDbBackupWireMockTest extends ServiceTestBase {
    static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
    static final String B1 = TABLE_ARN + "/backup/01765000000000-aaaaaaaa";
    static final String B2 = TABLE_ARN + "/backup/01765100000000-bbbbbbbb";
    static final String B3 = TABLE_ARN + "/backup/01765200000000-cccccccc";

    static String summary(String arn, String name, long created, String status) {
        return "{\"TableName\":\"orders\",\"TableId\":\"e3b0c442\",\"TableArn\":\"" + TABLE_ARN + "\",\"BackupArn\":\""
                + arn + "\",\"BackupName\":\"" + name + "\",\"BackupCreationDateTime\":" + created
                + ",\"BackupStatus\":\"" + status + "\",\"BackupType\":\"USER\",\"BackupSizeBytes\":1024}";
    }

    static String describeBackup(String arn, String status) {
        return "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"" + arn + "\",\"BackupName\":\"nightly\","
                + "\"BackupSizeBytes\":1024,\"BackupStatus\":\"" + status + "\",\"BackupType\":\"USER\","
                + "\"BackupCreationDateTime\":1765100000},\"SourceTableDetails\":{\"TableName\":\"orders\","
                + "\"TableId\":\"e3b0c442\",\"TableArn\":\"" + TABLE_ARN + "\",\"TableCreationDateTime\":1700000000,"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"ProvisionedThroughput\":"
                + "{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5},\"ItemCount\":3}}}";
    }

    static String table(String name, String status, String restore) {
        return "{\"Table\":{\"TableName\":\"" + name + "\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/"
                + name + "\",\"TableStatus\":\"" + status + "\",\"KeySchema\":[{\"AttributeName\":\"pk\","
                + "\"KeyType\":\"HASH\"}]" + (restore == null ? "" : ",\"RestoreSummary\":" + restore) + "}}";
    }

    @Test
    void createBackupCreatesOneWhenNoneHasTheName() throws Exception {
        wm.server.stubFor(dynamo("ListBackups").willReturn(json10("{\"BackupSummaries\":[" + summary(B1, "weekly",
                1765000000L, "AVAILABLE") + "]}")));
        wm.server.stubFor(dynamo("CreateBackup").willReturn(json10("{\"BackupDetails\":{\"BackupArn\":\"" + B3
                + "\",\"BackupName\":\"before-restore\",\"BackupStatus\":\"CREATING\",\"BackupType\":\"USER\","
                + "\"BackupCreationDateTime\":1765200000}}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.dynamodb.create-backup").apply(inputs("table", "orders", "name", "before-restore"),
                ctx);

        assertThat(out.values()).containsEntry("arn", B3).containsEntry("status", "CREATING")
                .containsEntry("createdAt", "2025-12-08T13:20:00Z").containsEntry("adopted", false);
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.CreateBackup")).withRequestBody(equalToJson(
                        "{\"TableName\":\"orders\",\"BackupName\":\"before-restore\"}")));
        assertThat(ctx.lines).containsExactly("backup before-restore of orders: CREATING " + B3);
    }

    @Test
    void createBackupAdoptsTheBackupOfTheSameName() throws Exception {
        wm.server.stubFor(dynamo("ListBackups").willReturn(json10("{\"BackupSummaries\":[" + summary(B1,
                "before-restore", 1765000000L, "AVAILABLE") + "]}")));

        Outputs out = action("aws.dynamodb.create-backup").apply(inputs("table", "orders", "name", "before-restore"),
                new TestContext());

        assertThat(out.values()).containsEntry("arn", B1).containsEntry("adopted", true);
        assertThat(wm.targets()).containsExactly("ListBackups");
        assertThat(action("aws.dynamodb.create-backup").alreadyDone(inputs("table", "orders", "name",
                "before-restore"), new TestContext())).isPresent();
    }

    @Test
    void listBackupsReadsEveryPageNewestFirstAndLatestIsTheNewestAvailable() throws Exception {
        wm.server.stubFor(dynamo("ListBackups").withRequestBody(matchingJsonPath("$.ExclusiveStartBackupArn",
                absent())).willReturn(json10("{\"BackupSummaries\":[" + summary(B1, "a", 1765000000L, "AVAILABLE")
                        + "," + summary(B3, "c", 1765200000L, "CREATING") + "],\"LastEvaluatedBackupArn\":\"" + B3
                        + "\"}")));
        wm.server.stubFor(dynamo("ListBackups").withRequestBody(matchingJsonPath("$.ExclusiveStartBackupArn",
                equalTo(B3))).willReturn(json10("{\"BackupSummaries\":[" + summary(B2, "b", 1765100000L,
                        "AVAILABLE") + "]}")));

        Outputs out = action("aws.dynamodb.list-backups").apply(inputs("table", "orders",
                "before", "2025-12-09T00:00:00Z"), new TestContext());

        assertThat(out.values()).containsEntry("count", 3).containsEntry("latest", B2)
                .containsEntry("latestName", "b").containsEntry("latestCreatedAt", "2025-12-07T09:33:20Z");
        assertThat(((List<?>) out.get("backups")).stream().map(b -> (Object) ((Map<?, ?>) b).get("name")).toList())
                .containsExactly("c", "b", "a");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"TableName\":\"orders\",\"TimeRangeUpperBound\":1765238400,\"BackupType\":\"ALL\"}")));
    }

    @Test
    void listBackupsByNameAndNoneFoundGivesAnEmptyLatest() throws Exception {
        wm.server.stubFor(dynamo("ListBackups").willReturn(json10("{\"BackupSummaries\":[" + summary(B1, "a",
                1765000000L, "AVAILABLE") + "]}")));

        Outputs out = action("aws.dynamodb.list-backups").apply(inputs("table", "orders", "name", "zz"),
                new TestContext());

        assertThat(out.values()).containsEntry("count", 0).containsEntry("latest", "")
                .containsEntry("latestCreatedAt", null);
    }

    @Test
    void restoreFromBackupRestoresIntoANewTable() throws Exception {
        wm.server.stubFor(dynamo("DescribeBackup").willReturn(json10(describeBackup(B2, "AVAILABLE"))));
        wm.server.stubFor(dynamo("DescribeTable").willReturn(jsonError(400, "ResourceNotFoundException",
                "Requested resource not found: Table: orders-restored not found")));
        wm.server.stubFor(dynamo("RestoreTableFromBackup").willReturn(json10("{\"TableDescription\":"
                + table("orders-restored", "CREATING", "{\"SourceBackupArn\":\"" + B2
                        + "\",\"RestoreInProgress\":true,\"RestoreDateTime\":1765300000}").substring(9))));

        Outputs out = action("aws.dynamodb.restore-table-from-backup").apply(inputs("backup", B2,
                "target", "orders-restored"), new TestContext());

        assertThat(out.values()).containsEntry("table", "orders-restored").containsEntry("status", "CREATING")
                .containsEntry("sourceTable", "orders").containsEntry("adopted", false)
                .containsEntry("backupCreatedAt", "2025-12-07T09:33:20Z");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.RestoreTableFromBackup")).withRequestBody(equalToJson(
                        "{\"TargetTableName\":\"orders-restored\",\"BackupArn\":\"" + B2 + "\"}")));
    }

    @Test
    void restoreFromBackupRefusesABackupThatIsNotAvailable() {
        wm.server.stubFor(dynamo("DescribeBackup").willReturn(json10(describeBackup(B3, "CREATING"))));

        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-from-backup").apply(inputs("backup", B3,
                "target", "orders-restored"), new TestContext()))
                .hasMessage("backup '" + B3 + "' is CREATING, not AVAILABLE: it cannot be restored yet; wait for it "
                        + "or choose another");
        assertThat(wm.targets()).containsExactly("DescribeBackup");
    }

    @Test
    void restoreFromBackupAdoptsATargetRestoredFromItAndRefusesAnyOther() throws Exception {
        wm.server.stubFor(dynamo("DescribeBackup").willReturn(json10(describeBackup(B2, "AVAILABLE"))));
        wm.server.stubFor(dynamo("DescribeTable").willReturn(json10(table("orders-restored", "ACTIVE",
                "{\"SourceBackupArn\":\"" + B2 + "\",\"RestoreInProgress\":false,\"RestoreDateTime\":1765300000}"))));

        Outputs out = action("aws.dynamodb.restore-table-from-backup").apply(inputs("backup", B2,
                "target", "orders-restored"), new TestContext());

        assertThat(out.values()).containsEntry("adopted", true).containsEntry("status", "ACTIVE");
        assertThat(wm.targets()).doesNotContain("RestoreTableFromBackup");
        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-from-backup").apply(inputs("backup", B1,
                "target", "orders-restored"), new TestContext()))
                .hasMessageStartingWith("target table 'orders-restored' already exists and was restored from " + B2);
    }

    @Test
    void aMissingBackupIsNamed() {
        wm.server.stubFor(dynamo("DescribeBackup").willReturn(jsonError(400, "BackupNotFoundException",
                "Backup not found for the given BackupARN.")));

        assertThatThrownBy(() -> action("aws.dynamodb.restore-table-from-backup").apply(inputs("backup", B1,
                "target", "orders-restored"), new TestContext()))
                .hasMessageStartingWith("backup '" + B1 + "' not found (dynamodb:DescribeBackup: "
                        + "BackupNotFoundException");
    }

    @Test
    void createBackupAccessDeniedNamesTheIamAction() {
        wm.server.stubFor(dynamo("ListBackups").willReturn(json10("{\"BackupSummaries\":[]}")));
        wm.server.stubFor(dynamo("CreateBackup").willReturn(jsonError(400, "AccessDeniedException",
                "User is not authorized to perform: dynamodb:CreateBackup")));

        assertThatThrownBy(() -> action("aws.dynamodb.create-backup").apply(inputs("table", "orders", "name", "x"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not dynamodb:CreateBackup on table 'orders' "
                        + "(IAM action dynamodb:CreateBackup");
    }

    @Test
    void listBackupsThrottlingIsRetried() throws Exception {
        wm.server.stubFor(dynamo("ListBackups").inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok"));
        wm.server.stubFor(dynamo("ListBackups").inScenario("t").whenScenarioStateIs("ok")
                .willReturn(json10("{\"BackupSummaries\":[" + summary(B1, "a", 1765000000L, "AVAILABLE") + "]}")));

        Outputs out = action("aws.dynamodb.list-backups").apply(inputs("table", "orders"), new TestContext());

        assertThat(out.get("latest")).isEqualTo(B1);
        assertThat(wm.targets()).containsExactly("ListBackups", "ListBackups");
    }

    @Test
    void describeReplicasListsEachRegionsStatus() throws Exception {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(json10("{\"Table\":{\"TableName\":\"orders\","
                + "\"TableStatus\":\"ACTIVE\",\"GlobalTableVersion\":\"2019.11.21\",\"Replicas\":["
                + "{\"RegionName\":\"us-west-2\",\"ReplicaStatus\":\"ACTIVE\"},"
                + "{\"RegionName\":\"eu-west-1\",\"ReplicaStatus\":\"UPDATING\",\"ReplicaStatusPercentProgress\":\"40\"}"
                + "]}}")));

        Outputs out = action("aws.dynamodb.describe-replicas").apply(inputs("table", "orders"), new TestContext());

        assertThat(out.values()).containsEntry("regions", List.of("us-west-2", "eu-west-1"))
                .containsEntry("count", 2).containsEntry("allActive", false)
                .containsEntry("notActive", List.of("eu-west-1: UPDATING"))
                .containsEntry("globalTableVersion", "2019.11.21");
    }

    @Test
    void describeReplicasOfATableThatIsNotGlobalHasNone() throws Exception {
        wm.server.stubFor(dynamo("DescribeTable").willReturn(json10(table("orders", "ACTIVE", null))));

        Outputs out = action("aws.dynamodb.describe-replicas").apply(inputs("table", "orders"), new TestContext());

        assertThat(out.values()).containsEntry("count", 0).containsEntry("allActive", false)
                .containsEntry("globalTableVersion", null);
    }

    @Test
    void dryRunsSendNothing() {
        for (String name : List.of("aws.dynamodb.create-backup", "aws.dynamodb.list-backups",
                "aws.dynamodb.restore-table-from-backup", "aws.dynamodb.describe-replicas",
                "aws.dynamodb.compare-table-settings", "aws.dynamodb.copy-table-settings")) {
            assertThat(Aws.action(name, Aws.noClients()).preview(inputs("table", "orders", "name", "n",
                    "backup", B1, "source", "orders", "target", "orders-restored")).summary()).startsWith("dynamodb:");
        }
        assertThat(Aws.action("aws.dynamodb.restore-table-from-backup", Aws.noClients()).preview(inputs("backup", B1,
                "target", "copy")).details()).contains("then dynamodb:RestoreTableFromBackup {\"TargetTableName\":"
                        + "\"copy\",\"BackupArn\":\"" + B1 + "\"}  (only when the target does not exist)");
        assertThat(wm.requests()).isEmpty();
    }
}
