package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import dev.runbook.action.Outputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * compare-table-settings and copy-table-settings: DynamoDB Local for the table's own settings (deletion protection,
 * stream, TTL), reached through WireMock, which proxies every DynamoDB call to it but those DynamoDB Local does
 * not have: point-in-time recovery (UpdateContinuousBackups switching it on), tags (TagResource then UntagResource
 * giving the target the source's) and Application Auto Scaling, stubbed as AWS documents them.
 */
@ExtendWith(DynamoDbLocal.class)
class TableSettingsTest {
    private static WireMockAws wm;
    private static AwsClients clients;
    private static AwsClients direct;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        wm = new WireMockAws();
        clients = new AwsClients(Aws.settings(wm.endpoint()));
        direct = new AwsClients(Aws.settings(DynamoDbLocal.endpoint()));
        dynamo = direct.dynamoDb();
    }

    @AfterAll
    static void stop() {
        clients.close();
        direct.close();
        wm.close();
    }

    @AfterEach
    void reset() {
        wm.server.resetAll();
    }

    static MappingBuilder aas(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AnyScaleFrontendService." + operation));
    }

    private static Action action(String name) {
        return Aws.action(name, () -> clients);
    }

    private static String table(boolean configured) {
        String name = "s-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(b -> {
            b.tableName(name).provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
            if (configured) {
                b.deletionProtectionEnabled(true).streamSpecification(s -> s.streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
            }
        });
        if (configured) {
            dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName("expiresAt")));
        }
        return name;
    }

    private static String target(String table) {
        return "{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/" + table + "\",\"ScalableDimension\":"
                + "\"dynamodb:table:ReadCapacityUnits\",\"MinCapacity\":5,\"MaxCapacity\":100,\"RoleARN\":"
                + "\"arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"
                + "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable\",\"CreationTime\":1.7E9}";
    }

    private static String policy(String table) {
        return "{\"PolicyARN\":\"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:resource/dynamodb/table/"
                + table + ":policyName/DynamoDBReadCapacityUtilization:table/" + table + "\",\"PolicyName\":"
                + "\"DynamoDBReadCapacityUtilization:table/" + table + "\",\"ServiceNamespace\":\"dynamodb\","
                + "\"ResourceId\":\"table/" + table + "\",\"ScalableDimension\":\"dynamodb:table:ReadCapacityUnits\","
                + "\"PolicyType\":\"TargetTrackingScaling\",\"TargetTrackingScalingPolicyConfiguration\":{"
                + "\"TargetValue\":70.0,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":"
                + "\"DynamoDBReadCapacityUtilization\"},\"ScaleOutCooldown\":60,\"ScaleInCooldown\":60},"
                + "\"Alarms\":[],\"CreationTime\":1.7E9}";
    }

    private static String pitr(String status) {
        return "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"" + status + "\","
                + "\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"" + status + "\"}}}";
    }

    /**
     * DynamoDB Local behind WireMock; PITR on for the source, off for the target until UpdateContinuousBackups (on at
     * once when {@code targetHasIt}); the source has a read scalable target with a target-tracking policy, the
     * target too when {@code targetHasIt}.
     */
    private static void autoScaling(String source, String target, boolean targetHasIt) {
        wm.server.stubFor(post(urlEqualTo("/")).atPriority(10).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .proxiedFrom(DynamoDbLocal.endpoint().toString())));
        wm.server.stubFor(WireMockAws.dynamo("DescribeContinuousBackups").withRequestBody(containing(source))
                .willReturn(WireMockAws.json10(pitr("ENABLED"))));
        wm.server.stubFor(WireMockAws.dynamo("DescribeContinuousBackups").withRequestBody(containing(target))
                .inScenario("pitr").whenScenarioStateIs(STARTED)
                .willReturn(WireMockAws.json10(pitr(targetHasIt ? "ENABLED" : "DISABLED"))));
        wm.server.stubFor(WireMockAws.dynamo("UpdateContinuousBackups").withRequestBody(containing(target))
                .inScenario("pitr").willSetStateTo("on").willReturn(WireMockAws.json10(pitr("ENABLED"))));
        wm.server.stubFor(WireMockAws.dynamo("DescribeContinuousBackups").withRequestBody(containing(target))
                .inScenario("pitr").whenScenarioStateIs("on").willReturn(WireMockAws.json10(pitr("ENABLED"))));
        String sourceTags = "{\"Tags\":[{\"Key\":\"env\",\"Value\":\"prod\"},{\"Key\":\"team\",\"Value\":\"orders\"}]}";
        wm.server.stubFor(WireMockAws.dynamo("ListTagsOfResource").withRequestBody(containing("table/" + source + "\""))
                .willReturn(WireMockAws.json10(sourceTags)));
        wm.server.stubFor(WireMockAws.dynamo("ListTagsOfResource").withRequestBody(containing("table/" + target + "\""))
                .inScenario("tags").whenScenarioStateIs(STARTED).willReturn(WireMockAws.json10(targetHasIt ? sourceTags
                        : "{\"Tags\":[{\"Key\":\"env\",\"Value\":\"staging\"},{\"Key\":\"stale\",\"Value\":\"yes\"}]}")));
        wm.server.stubFor(WireMockAws.dynamo("TagResource").inScenario("tags").willSetStateTo("tagged")
                .willReturn(WireMockAws.json10("{}")));
        wm.server.stubFor(WireMockAws.dynamo("UntagResource").inScenario("tags").willSetStateTo("done")
                .willReturn(WireMockAws.json10("{}")));
        wm.server.stubFor(WireMockAws.dynamo("ListTagsOfResource").withRequestBody(containing("table/" + target + "\""))
                .inScenario("tags").whenScenarioStateIs("done").willReturn(WireMockAws.json10(sourceTags)));
        wm.server.stubFor(aas("DescribeScalableTargets").withRequestBody(containing("table/" + source))
                .willReturn(json11("{\"ScalableTargets\":[" + target(source) + "]}")));
        wm.server.stubFor(aas("DescribeScalingPolicies").withRequestBody(containing("table/" + source))
                .willReturn(json11("{\"ScalingPolicies\":[" + policy(source) + "]}")));
        wm.server.stubFor(aas("DescribeScalableTargets").withRequestBody(containing("table/" + target))
                .willReturn(json11("{\"ScalableTargets\":[" + (targetHasIt ? target(target) : "") + "]}")));
        wm.server.stubFor(aas("DescribeScalingPolicies").withRequestBody(containing("table/" + target))
                .willReturn(json11("{\"ScalingPolicies\":[" + (targetHasIt ? policy(target) : "") + "]}")));
        wm.server.stubFor(aas("RegisterScalableTarget").willReturn(json11("{\"ScalableTargetARN\":\"arn:x\"}")));
        wm.server.stubFor(aas("PutScalingPolicy").willReturn(json11("{\"PolicyARN\":\"arn:y\",\"Alarms\":[]}")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void compareListsWhatDiffers() throws Exception {
        String source = table(true);
        String target = table(false);
        autoScaling(source, target, false);

        Outputs out = action("aws.dynamodb.compare-table-settings").apply(inputs("source", source, "target", target),
                new TestContext());

        assertThat(out.values()).containsEntry("equal", false).containsEntry("count", 8);
        assertThat(strings(out.get("differences"))).containsExactly(
                "deletion-protection: ENABLED on the source, DISABLED on the target",
                "stream: NEW_AND_OLD_IMAGES on the source, DISABLED on the target",
                "ttl: expiresAt on the source, DISABLED on the target",
                "pitr: ENABLED on the source, DISABLED on the target",
                "tag env: prod on the source, staging on the target",
                "tag stale: (none) on the source, yes on the target",
                "tag team: orders on the source, (none) on the target",
                "auto scaling table ReadCapacityUnits: min 5, max 100; TargetTrackingScaling 70.0 "
                        + "DynamoDBReadCapacityUtilization, in 60s, out 60s on the source, (none) on the target");
        assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/")))).extracting(r -> r.getHeader("X-Amz-Target"))
                .as("reads only").containsExactly("DynamoDB_20120810.DescribeTable",
                        "DynamoDB_20120810.DescribeTimeToLive", "DynamoDB_20120810.DescribeContinuousBackups",
                        "DynamoDB_20120810.ListTagsOfResource", "AnyScaleFrontendService.DescribeScalableTargets",
                        "AnyScaleFrontendService.DescribeScalingPolicies", "DynamoDB_20120810.DescribeTable",
                        "DynamoDB_20120810.DescribeTimeToLive", "DynamoDB_20120810.DescribeContinuousBackups",
                        "DynamoDB_20120810.ListTagsOfResource", "AnyScaleFrontendService.DescribeScalableTargets");
    }

    @Test
    void copyAppliesWhatDiffersWithBeforeAndAfterThenIsANoOp() throws Exception {
        String source = table(true);
        String target = table(false);
        autoScaling(source, target, false);
        TestContext ctx = new TestContext();

        Outputs out = action("aws.dynamodb.copy-table-settings").apply(inputs("source", source, "target", target),
                ctx);

        assertThat(strings(out.get("changes"))).containsExactly(
                "ttl: DISABLED -> expiresAt",
                "pitr: DISABLED -> ENABLED",
                "tags: env: staging -> prod, team: (none) -> orders",
                "tags: stale: yes -> (none)",
                "auto scaling table ReadCapacityUnits: (none) -> min 5, max 100",
                "auto scaling policy DynamoDBReadCapacityUtilization:table/" + target + " on table ReadCapacityUnits: "
                        + "(none) -> TargetTrackingScaling 70.0 DynamoDBReadCapacityUtilization, in 60s, out 60s",
                "deletion-protection: DISABLED -> ENABLED, stream: DISABLED -> NEW_AND_OLD_IMAGES");
        assertThat(out.get("changed")).isEqualTo(7);
        assertThat(ctx.lines).isEqualTo(out.get("changes"));
        assertThat(map(out.get("before"))).containsEntry("ttl", "DISABLED").containsEntry("pitr", "DISABLED");
        assertThat(map(out.get("after"))).containsEntry("ttl", "expiresAt").containsEntry("pitr", "ENABLED")
                .containsEntry("tags", Map.of("team", "orders", "env", "prod"));

        var t = dynamo.describeTable(b -> b.tableName(target)).table();
        assertThat(t.deletionProtectionEnabled()).isTrue();
        assertThat(t.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(dynamo.describeTimeToLive(b -> b.tableName(target)).timeToLiveDescription().attributeName())
                .isEqualTo("expiresAt");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.UpdateContinuousBackups")).withRequestBody(equalToJson("{\"TableName\":\""
                        + target + "\",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":true}}")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.TagResource")).withRequestBody(equalToJson("{\"ResourceArn\":\""
                        + t.tableArn() + "\",\"Tags\":[{\"Key\":\"env\",\"Value\":\"prod\"},{\"Key\":\"team\","
                        + "\"Value\":\"orders\"}]}")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.UntagResource")).withRequestBody(equalToJson("{\"ResourceArn\":\""
                        + t.tableArn() + "\",\"TagKeys\":[\"stale\"]}")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AnyScaleFrontendService.RegisterScalableTarget")).withRequestBody(equalToJson(
                        "{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/" + target + "\",\"ScalableDimension\":"
                                + "\"dynamodb:table:ReadCapacityUnits\",\"MinCapacity\":5,\"MaxCapacity\":100}")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("AnyScaleFrontendService.PutScalingPolicy")).withRequestBody(equalToJson(
                        "{\"PolicyName\":\"DynamoDBReadCapacityUtilization:table/" + target + "\",\"ServiceNamespace\":"
                                + "\"dynamodb\",\"ResourceId\":\"table/" + target + "\",\"ScalableDimension\":"
                                + "\"dynamodb:table:ReadCapacityUnits\",\"PolicyType\":\"TargetTrackingScaling\","
                                + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":70.0,"
                                + "\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":"
                                + "\"DynamoDBReadCapacityUtilization\"},\"ScaleOutCooldown\":60,"
                                + "\"ScaleInCooldown\":60}}")));

        // The target now has the source's settings: a second copy changes nothing and the probe sees it done.
        wm.server.resetAll();
        autoScaling(source, target, true);
        TestContext again = new TestContext();
        Outputs second = action("aws.dynamodb.copy-table-settings").apply(inputs("source", source, "target", target),
                again);

        assertThat(second.values()).containsEntry("changed", 0).containsEntry("changes", List.of());
        assertThat(again.lines).containsExactly("the settings of " + target + " already are those of " + source);
        assertThat(action("aws.dynamodb.copy-table-settings").alreadyDone(inputs("source", source, "target", target),
                new TestContext())).isPresent();
        assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/")))).extracting(r -> r.getHeader("X-Amz-Target"))
                .doesNotContain("AnyScaleFrontendService.RegisterScalableTarget",
                        "AnyScaleFrontendService.PutScalingPolicy");
    }

    @Test
    void copyOfSomeSettingsOnlyTouchesThose() throws Exception {
        String source = table(true);
        String target = table(false);
        autoScaling(source, target, false);

        Outputs out = action("aws.dynamodb.copy-table-settings").apply(inputs("source", source, "target", target,
                "settings", List.of("pitr")), new TestContext());

        assertThat(out.get("changes")).isEqualTo(List.of("pitr: DISABLED -> ENABLED"));
        assertThat(dynamo.describeTimeToLive(b -> b.tableName(target)).timeToLiveDescription()
                .timeToLiveStatusAsString()).isEqualTo("DISABLED");
        assertThat(action("aws.dynamodb.copy-table-settings").inputProblems(inputs("settings", List.of("ttls")),
                java.util.Set.of())).containsEntry("settings",
                        "unknown setting 'ttls': known are deletion-protection, stream, ttl, pitr, tags, auto-scaling");
    }

    @Test
    void aStreamOfAnotherViewTypeIsRefusedBeforeAnyChange() throws Exception {
        String source = table(true);
        String target = table(false);
        dynamo.updateTable(b -> b.tableName(target).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY)));
        autoScaling(source, target, false);

        assertThatThrownBy(() -> action("aws.dynamodb.copy-table-settings").apply(inputs("source", source,
                "target", target), new TestContext()))
                .hasMessage("the stream of '" + target + "' is KEYS_ONLY, the source's NEW_AND_OLD_IMAGES: disable the "
                        + "target's stream first (a view type cannot be changed); nothing was changed");
        wm.server.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.UpdateContinuousBackups")));
        assertThat(dynamo.describeTimeToLive(b -> b.tableName(target)).timeToLiveDescription()
                .timeToLiveStatusAsString()).isEqualTo("DISABLED");
    }

    @Test
    void aMissingTargetIsNamed() {
        String source = table(true);
        autoScaling(source, "no-such-table", false);

        assertThatThrownBy(() -> action("aws.dynamodb.compare-table-settings").apply(inputs("source", source,
                "target", "no-such-table"), new TestContext()))
                .hasMessageStartingWith("table 'no-such-table' not found (dynamodb:DescribeTable");
    }

    @Test
    void autoScalingAccessDeniedNamesTheIamActionAndThrottlingIsRetried() throws Exception {
        String source = table(true);
        String target = table(false);
        autoScaling(source, target, false);
        wm.server.stubFor(aas("DescribeScalableTargets").atPriority(1).willReturn(jsonError(400, "AccessDeniedException",
                "User is not authorized to perform: application-autoscaling:DescribeScalableTargets")));

        assertThatThrownBy(() -> action("aws.dynamodb.compare-table-settings").apply(inputs("source", source,
                "target", target), new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not application-autoscaling:"
                        + "DescribeScalableTargets on scalable targets of table '" + source + "'");

        wm.server.resetAll();
        autoScaling(source, target, false);
        wm.server.stubFor(aas("DescribeScalableTargets").atPriority(1).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(jsonError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok"));
        wm.server.stubFor(aas("DescribeScalableTargets").atPriority(1).inScenario("t").whenScenarioStateIs("ok")
                .willReturn(json11("{\"ScalableTargets\":[]}")));
        Outputs out = action("aws.dynamodb.compare-table-settings").apply(inputs("source", source, "target", source,
                "settings", List.of("auto-scaling")), new TestContext());
        assertThat(out.values()).containsEntry("equal", true);
    }
}
