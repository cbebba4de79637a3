package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.json11;
import static dev.runbook.actions.aws.WireMockAws.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Secrets Manager actions against WireMock (JSON 1.1, X-Amz-Target: secretsmanager.OPERATION). */
class SecretsManagerWireMockTest extends ServiceTestBase {
    static final String ARN_EAST = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/db-AbCdEf";
    static final String ARN_WEST = "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/orders/api-GhIjKl";

    static MappingBuilder sm(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + operation));
    }

    /** A DescribeSecret answer shaped like the API reference's example. */
    static String describe(String arn, String primary, String replication) {
        return "{\"ARN\":\"" + arn + "\",\"Name\":\"prod/orders/db\",\"RotationEnabled\":true,"
                + "\"RotationLambdaARN\":\"arn:aws:lambda:us-east-1:123456789012:function:rotate\","
                + "\"LastRotatedDate\":1.765000000E9,\"LastChangedDate\":1.765000100E9,\"LastAccessedDate\":1.7649216E9,"
                + (primary == null ? "" : "\"PrimaryRegion\":\"" + primary + "\",")
                + "\"VersionIdsToStages\":{\"v-old\":[\"AWSPREVIOUS\"],\"v-cur\":[\"AWSCURRENT\"]},"
                + "\"ReplicationStatus\":[" + replication + "]}";
    }

    @Test
    void describeReplicationReportsEveryReplicaAndWhichAreNotInSync() throws Exception {
        wm.server.stubFor(sm("DescribeSecret").willReturn(json11(describe(ARN_EAST, "us-east-1",
                "{\"Region\":\"us-west-2\",\"Status\":\"InSync\",\"StatusMessage\":\"Replication succeeded\","
                        + "\"LastAccessedDate\":1.7649216E9},"
                        + "{\"Region\":\"eu-west-1\",\"Status\":\"Failed\",\"StatusMessage\":\"KMS key is disabled\"}"))));

        Outputs out = action("aws.secretsmanager.describe-replication").apply(inputs("secret", "prod/orders/db"),
                new TestContext());

        assertThat(out.values()).containsEntry("name", "prod/orders/db").containsEntry("arn", ARN_EAST)
                .containsEntry("region", "us-east-1").containsEntry("primaryRegion", "us-east-1")
                .containsEntry("replicaRegions", List.of("us-west-2", "eu-west-1"))
                .containsEntry("inSync", false)
                .containsEntry("notInSync", List.of("eu-west-1: Failed (KMS key is disabled)"))
                .containsEntry("currentVersion", "v-cur").containsEntry("rotationEnabled", true)
                .containsEntry("lastRotatedDate", "2025-12-06T05:46:40Z")
                .containsEntry("lastAccessedDate", "2025-12-05T08:00:00Z");
        assertThat((List<?>) out.get("replicas")).first().isEqualTo(Map.of("region", "us-west-2",
                "status", "InSync", "statusMessage", "Replication succeeded",
                "lastAccessedDate", "2025-12-05T08:00:00Z"));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"SecretId\":\"prod/orders/db\"}")));
    }

    @Test
    void describeReplicationOfAnArnIsAskedInTheArnsRegion() throws Exception {
        wm.server.stubFor(sm("DescribeSecret").willReturn(json11(describe(ARN_WEST, null, ""))));

        Outputs out = action("aws.secretsmanager.describe-replication").apply(inputs("secret", ARN_WEST),
                new TestContext());

        assertThat(out.values()).containsEntry("region", "us-west-2").containsEntry("inSync", true)
                .containsEntry("primaryRegion", "us-west-2");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("Authorization",
                containing("/us-west-2/secretsmanager/aws4_request")));
    }

    @Test
    void describeReplicationOfSeveralSecretsListsThoseNotRotatedSinceATimeAndEveryReplicaNotInSync()
            throws Exception {
        wm.server.stubFor(sm("DescribeSecret").withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN_EAST)))
                .willReturn(json11(describe(ARN_EAST, null, "{\"Region\":\"eu-west-1\",\"Status\":\"InProgress\"}"))));
        wm.server.stubFor(sm("DescribeSecret").withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN_WEST)))
                .willReturn(json11(describe(ARN_WEST, null, "").replace("\"LastRotatedDate\":1.765000000E9,", ""))));

        Outputs out = action("aws.secretsmanager.describe-replication").apply(inputs("secrets", List.of(ARN_EAST,
                ARN_WEST), "rotated-since", "2025-12-06T00:00:00Z"), new TestContext());

        assertThat(out.values()).containsEntry("count", 2).containsEntry("inSync", false)
                .containsEntry("notInSync", List.of("prod/orders/db eu-west-1: InProgress"))
                .containsEntry("notRotated", List.of("prod/orders/db (us-west-2): last rotated never"));
        Outputs later = action("aws.secretsmanager.describe-replication").apply(inputs("secrets", List.of(ARN_EAST),
                "rotated-since", "2025-12-07T00:00:00Z"), new TestContext());
        assertThat(later.get("notRotated")).isEqualTo(List.of(
                "prod/orders/db (us-east-1): last rotated 2025-12-06T05:46:40Z"));
    }

    @Test
    void listSecretsTakesTheRegionsAsOneCommaSeparatedText() throws Exception {
        wm.server.stubFor(sm("ListSecrets").willReturn(json11("{\"SecretList\":[]}")));

        Outputs out = action("aws.secretsmanager.list-secrets").apply(inputs("prefix", "prod/",
                "regions", "us-east-1,eu-west-1"), new TestContext());

        assertThat(out.get("regions")).isEqualTo(List.of("us-east-1", "eu-west-1"));
        wm.server.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("Authorization",
                containing("/eu-west-1/secretsmanager/aws4_request")));
        assertThat(Aws.action("aws.secretsmanager.list-secrets", Aws.noClients()).preview(inputs("prefix", "p/",
                "regions", "us-east-1,eu-west-1")).details()).containsExactly("then secretsmanager:ListSecrets "
                        + "{\"MaxResults\":100,\"Filters\":[{\"Key\":\"name\",\"Values\":[\"p/\"]}]}  (every page, in eu-west-1)");
    }

    @Test
    void aMissingSecretIsNamed() {
        wm.server.stubFor(sm("DescribeSecret").willReturn(jsonError(400, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.")));

        assertThatThrownBy(() -> action("aws.secretsmanager.describe-replication").apply(
                inputs("secret", "prod/nope"), new TestContext()))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("secret 'prod/nope' not found (secretsmanager:DescribeSecret: "
                        + "ResourceNotFoundException");
    }

    @Test
    void rotateSecretShowsTheVersionBeforeAndAfterAndRotatesNow() throws Exception {
        wm.server.stubFor(sm("DescribeSecret").willReturn(json11(describe(ARN_EAST, null, ""))));
        wm.server.stubFor(sm("RotateSecret").willReturn(json11("{\"ARN\":\"" + ARN_EAST
                + "\",\"Name\":\"prod/orders/db\",\"VersionId\":\"v-new\"}")));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.secretsmanager.rotate-secret").apply(inputs("secret", "prod/orders/db"), ctx);

        assertThat(out.values()).containsEntry("count", 1).containsEntry("versionBefore", "v-cur")
                .containsEntry("versionAfter", "v-new").containsEntry("skipped", List.of());
        assertThat(ctx.lines).containsExactly("prod/orders/db (us-east-1): AWSCURRENT v-cur -> new version v-new");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.RotateSecret")).withRequestBody(matchingJsonPath("$.SecretId",
                        equalTo("prod/orders/db"))).withRequestBody(matchingJsonPath("$.RotateImmediately",
                        equalTo("true"))));
        assertThat(ctx.progress).containsExactly("rotated 1 of 1 secrets");
    }

    @Test
    void rotateSecretsRotatesEachInItsRegionAndSkipsReplicas() throws Exception {
        String replica = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/db-AbCdEf";
        wm.server.stubFor(sm("DescribeSecret").withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN_WEST)))
                .willReturn(json11(describe(ARN_WEST, null, ""))));
        wm.server.stubFor(sm("DescribeSecret").withRequestBody(matchingJsonPath("$.SecretId", equalTo(replica)))
                .willReturn(json11(describe(replica, "us-east-1", ""))));
        wm.server.stubFor(sm("RotateSecret").willReturn(json11("{\"ARN\":\"" + ARN_WEST
                + "\",\"Name\":\"prod/orders/api\",\"VersionId\":\"v-2\"}")));

        Outputs out = action("aws.secretsmanager.rotate-secret").apply(inputs("secrets", List.of(ARN_WEST, replica),
                "rotate-immediately", false), new TestContext());

        assertThat(out.values()).containsEntry("count", 1).containsEntry("skipped",
                List.of(replica + " (eu-west-1): replica of us-east-1, rotated with its primary"));
        assertThat((List<?>) out.get("rotated")).singleElement().asString().contains("region=us-west-2")
                .contains("versionAfter=v-2");
        wm.server.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.RotateSecret")).withHeader("Authorization",
                        containing("/us-west-2/secretsmanager/aws4_request"))
                .withRequestBody(matchingJsonPath("$.RotateImmediately", equalTo("false"))));
    }

    @Test
    void rotateAccessDeniedNamesTheIamAction() {
        wm.server.stubFor(sm("DescribeSecret").willReturn(json11(describe(ARN_EAST, null, ""))));
        wm.server.stubFor(sm("RotateSecret").willReturn(jsonError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: secretsmanager:RotateSecret")));

        assertThatThrownBy(() -> action("aws.secretsmanager.rotate-secret").apply(inputs("secret", "prod/orders/db"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not secretsmanager:RotateSecret on secret "
                        + "'prod/orders/db' in us-east-1 (IAM action secretsmanager:RotateSecret");
    }

    @Test
    void rotateWithoutASecretIsAValidationProblem() {
        Action a = Aws.action("aws.secretsmanager.rotate-secret", Aws.noClients());

        assertThat(a.inputProblems(inputs(), java.util.Set.of())).containsKey("secret");
        assertThat(a.inputProblems(inputs(), java.util.Set.of("secrets"))).isEmpty();
    }

    @Test
    void listSecretsReadsEveryPageOfEveryRegionAndKeepsOnlyTheTagPairs() throws Exception {
        wm.server.stubFor(sm("ListSecrets").withHeader("Authorization", containing("/us-east-1/"))
                .withRequestBody(matchingJsonPath("$.NextToken", com.github.tomakehurst.wiremock.client.WireMock
                        .absent()))
                .willReturn(json11("{\"SecretList\":[{\"ARN\":\"" + ARN_EAST + "\",\"Name\":\"prod/orders/db\","
                        + "\"Tags\":[{\"Key\":\"team\",\"Value\":\"orders\"}],\"LastChangedDate\":1.765000100E9}],"
                        + "\"NextToken\":\"p2\"}")));
        wm.server.stubFor(sm("ListSecrets").withHeader("Authorization", containing("/us-east-1/"))
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo("p2")))
                .willReturn(json11("{\"SecretList\":[{\"ARN\":\"arn:aws:secretsmanager:us-east-1:1:secret:x\","
                        + "\"Name\":\"prod/orders/other\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"payments\"}]}]}")));
        wm.server.stubFor(sm("ListSecrets").withHeader("Authorization", containing("/us-west-2/"))
                .willReturn(json11("{\"SecretList\":[{\"ARN\":\"" + ARN_WEST + "\",\"Name\":\"prod/orders/api\","
                        + "\"Tags\":[{\"Key\":\"team\",\"Value\":\"orders\"}]},{\"ARN\":\"arn:aws:secretsmanager:"
                        + "us-west-2:1:secret:prod/orders/db-AbCdEf\",\"Name\":\"prod/orders/db\",\"PrimaryRegion\":"
                        + "\"us-east-1\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"orders\"}]}]}")));

        Outputs out = action("aws.secretsmanager.list-secrets").apply(inputs("prefix", "prod/orders/",
                "tags", Map.of("team", "orders"), "regions", List.of("us-east-1", "us-west-2"),
                "primaries-only", true), new TestContext());

        assertThat(out.values()).containsEntry("arns", List.of(ARN_EAST, ARN_WEST)).containsEntry("count", 2)
                .containsEntry("names", List.of("prod/orders/db", "prod/orders/api"))
                .containsEntry("regions", List.of("us-east-1", "us-west-2"));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson("{\"MaxResults\":100,"
                + "\"Filters\":[{\"Key\":\"name\",\"Values\":[\"prod/orders/\"]},{\"Key\":\"tag-key\",\"Values\":"
                + "[\"team\"]},{\"Key\":\"tag-value\",\"Values\":[\"orders\"]}]}")));
    }

    @Test
    void listSecretsWithoutPrefixOrTagsIsRefused() {
        assertThatThrownBy(() -> action("aws.secretsmanager.list-secrets").apply(inputs(), new TestContext()))
                .hasMessageStartingWith("give prefix or tags");
        assertThat(wm.requests()).isEmpty();
    }

    @Test
    void throttlingIsRetriedThenSucceeds() throws Exception {
        wm.server.stubFor(sm("ListSecrets").inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok"));
        wm.server.stubFor(sm("ListSecrets").inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(json11("{\"SecretList\":[{\"ARN\":\"" + ARN_EAST + "\",\"Name\":\"prod/orders/db\"}]}")));

        Outputs out = action("aws.secretsmanager.list-secrets").apply(inputs("prefix", "prod/"), new TestContext());

        assertThat(out.get("count")).isEqualTo(1);
        assertThat(wm.requests()).hasSize(2);
    }

    @Test
    void dryRunsSendNothing() {
        for (String name : List.of("aws.secretsmanager.describe-replication", "aws.secretsmanager.rotate-secret",
                "aws.secretsmanager.list-secrets")) {
            Preview p = Aws.action(name, Aws.noClients()).preview(inputs("secret", ARN_WEST, "prefix", "prod/",
                    "regions", List.of("us-east-1", "eu-west-1")));
            assertThat(p.summary()).startsWith("secretsmanager:");
        }
        Preview rotate = Aws.action("aws.secretsmanager.rotate-secret", Aws.noClients())
                .preview(inputs("secrets", List.of(ARN_WEST)));
        assertThat(rotate.summary()).isEqualTo("secretsmanager:DescribeSecret {\"SecretId\":\"" + ARN_WEST
                + "\"}  (reads the AWSCURRENT version in us-west-2)");
        assertThat(rotate.details()).containsExactly("then secretsmanager:RotateSecret {\"SecretId\":\"" + ARN_WEST
                + "\",\"ClientRequestToken\":\"<a new version id, made by the SDK>\",\"RotateImmediately\":true}"
                + "  (only when it is not a replica in us-west-2)");
        assertThat(wm.requests()).isEmpty();
    }
}
