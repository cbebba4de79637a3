package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.xmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.action.Inputs;
import dev.runbook.action.Outputs;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The aws.rds.* actions against WireMock answering RDS's query protocol (form-encoded requests, XML answers). */
class RdsWireMockTest extends ServiceTestBase {
    static final String NS = "xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"";
    static final String SOURCE_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:orders";
    static final String DR_ARN = "arn:aws:rds:us-west-2:123456789012:cluster:orders-dr";

    static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** {@code POST /} with {@code Action=OPERATION}, and optionally a parameter written {@code Name=value}. */
    static MappingBuilder rds(String operation, String... params) {
        MappingBuilder b = post(urlEqualTo("/")).withRequestBody(containing("Action=" + operation + "&"));
        for (String p : params) {
            String[] kv = p.replace("&", "").split("=", 2);
            b = b.withFormParam(kv[0], equalTo(kv[1]));
        }
        return b;
    }

    static String response(String operation, String result) {
        return "<" + operation + "Response " + NS + "><" + operation + "Result>" + result + "</" + operation
                + "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + operation
                + "Response>";
    }

    static String instance(String id, String status, String cluster, String tags) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><DBInstanceClass>db.r6g.large"
                + "</DBInstanceClass><Engine>" + (cluster == null ? "postgres" : "aurora-postgresql") + "</Engine>"
                + "<DBInstanceStatus>" + status + "</DBInstanceStatus><Endpoint><Address>" + id
                + ".abc.us-east-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>"
                + "<BackupRetentionPeriod>7</BackupRetentionPeriod>"
                + "<LatestRestorableTime>2026-11-22T03:55:00Z</LatestRestorableTime><MultiAZ>true</MultiAZ>"
                + "<EngineVersion>16.4</EngineVersion>"
                + (cluster == null ? "" : "<DBClusterIdentifier>" + cluster + "</DBClusterIdentifier>")
                + "<DBInstanceArn>arn:aws:rds:us-east-1:123456789012:db:" + id + "</DBInstanceArn>"
                + (tags == null ? "" : "<TagList>" + tags + "</TagList>") + "</DBInstance>";
    }

    static String cluster(String id, String status, String writer, String reader, String tags) {
        return "<DBCluster><DBClusterIdentifier>" + id + "</DBClusterIdentifier><Status>" + status + "</Status>"
                + "<EarliestRestorableTime>2026-11-15T04:00:00Z</EarliestRestorableTime>"
                + "<LatestRestorableTime>2026-11-22T03:55:00Z</LatestRestorableTime>"
                + "<Endpoint>" + id + ".cluster-abc.us-east-1.rds.amazonaws.com</Endpoint>"
                + "<ReaderEndpoint>" + id + ".cluster-ro-abc.us-east-1.rds.amazonaws.com</ReaderEndpoint>"
                + "<MultiAZ>true</MultiAZ><Engine>aurora-postgresql</Engine><EngineVersion>16.4</EngineVersion>"
                + "<Port>5432</Port><DBClusterMembers>"
                + (writer == null ? "" : member(writer, true)) + (reader == null ? "" : member(reader, false))
                + "</DBClusterMembers><DBClusterArn>arn:aws:rds:us-east-1:123456789012:cluster:" + id
                + "</DBClusterArn>" + (tags == null ? "" : "<TagList>" + tags + "</TagList>") + "</DBCluster>";
    }

    private static String member(String id, boolean writer) {
        return "<DBClusterMember><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><IsClusterWriter>" + writer
                + "</IsClusterWriter><PromotionTier>1</PromotionTier></DBClusterMember>";
    }

    static String tag(String key, String value) {
        return "<Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag>";
    }

    static String instances(String... instances) {
        return response("DescribeDBInstances", "<DBInstances>" + String.join("", instances) + "</DBInstances>");
    }

    static String clusters(String... clusters) {
        return response("DescribeDBClusters", "<DBClusters>" + String.join("", clusters) + "</DBClusters>");
    }

    static String global(String status, String writerArn, String readerArn) {
        return response("DescribeGlobalClusters", "<GlobalClusters><GlobalClusterMember><GlobalClusterIdentifier>"
                + "orders-global</GlobalClusterIdentifier><GlobalClusterArn>arn:aws:rds::123456789012:global-cluster:"
                + "orders-global</GlobalClusterArn><Status>" + status + "</Status><Engine>aurora-postgresql</Engine>"
                + "<EngineVersion>16.4</EngineVersion><GlobalClusterMembers>"
                + globalMember(writerArn, true) + globalMember(readerArn, false)
                + "</GlobalClusterMembers></GlobalClusterMember></GlobalClusters>");
    }

    private static String globalMember(String arn, boolean writer) {
        return "<GlobalClusterMember><DBClusterArn>" + arn + "</DBClusterArn><IsWriter>" + writer + "</IsWriter>"
                + (writer ? "" : "<SynchronizationStatus>connected</SynchronizationStatus>") + "</GlobalClusterMember>";
    }

    static final String NOT_FOUND_INSTANCE = "DBInstance orders-copy not found.";

    /** The form parameters of one received request, decoded. */
    private static String form(LoggedRequest r) {
        return URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8);
    }

    private List<String> actions() {
        return wm.requests().stream().map(r -> form(r).replaceAll(".*Action=([A-Za-z]+).*", "$1")).toList();
    }

    // ---- describe ----

    @Test
    void describeAnInstanceReadsStatusEngineEndpointAndRestorableTime() throws Exception {
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders").willReturn(xml(
                instances(instance("orders", "available", null, null)))));

        Outputs out = action("aws.rds.describe").apply(inputs("instance", "orders"), new TestContext());

        assertThat(out.values()).containsEntry("kind", "instance").containsEntry("status", "available")
                .containsEntry("engine", "postgres").containsEntry("endpoint",
                        "orders.abc.us-east-1.rds.amazonaws.com").containsEntry("port", 5432)
                .containsEntry("latestRestorableTime", "2026-11-22T03:55:00Z").containsEntry("multiAz", true);
        assertThat(form(wm.requests().get(0))).isEqualTo("Action=DescribeDBInstances&Version=2014-10-31"
                + "&DBInstanceIdentifier=orders");
    }

    @Test
    void describeAClusterNamesItsWriterAndMembers() throws Exception {
        wm.server.stubFor(rds("DescribeDBClusters", "DBClusterIdentifier=orders").willReturn(xml(
                clusters(cluster("orders", "available", "orders-1", "orders-2", null)))));

        Outputs out = action("aws.rds.describe").apply(inputs("cluster", "orders"), new TestContext());

        assertThat(out.values()).containsEntry("kind", "cluster").containsEntry("writer", "orders-1")
                .containsEntry("readerEndpoint", "orders.cluster-ro-abc.us-east-1.rds.amazonaws.com")
                .containsEntry("earliestRestorableTime", "2026-11-15T04:00:00Z")
                .containsEntry("members", List.of(Map.of("instance", "orders-1", "writer", true),
                        Map.of("instance", "orders-2", "writer", false)));
    }

    @Test
    void describeAGlobalClusterNamesItsPrimaryRegionAndMembers() throws Exception {
        wm.server.stubFor(rds("DescribeGlobalClusters").willReturn(xml(global("available", SOURCE_ARN, DR_ARN))));

        Outputs out = action("aws.rds.describe").apply(inputs("global-cluster", "orders-global"), new TestContext());

        assertThat(out.values()).containsEntry("kind", "global-cluster").containsEntry("primary", SOURCE_ARN)
                .containsEntry("primaryRegion", "us-east-1");
        assertThat(out.get("members")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains(Map.of("cluster", DR_ARN, "region", "us-west-2", "writer", false,
                        "synchronization", "connected"));
    }

    @Test
    void describeWantsExactlyOneOfInstanceClusterOrGlobalCluster() {
        AwsAction describe = (AwsAction) action("aws.rds.describe");

        assertThat(describe.inputProblems(inputs(), Set.of())).containsEntry("instance",
                "give one of instance, cluster, global-cluster");
        assertThat(describe.inputProblems(inputs("instance", "a"), Set.of("cluster"))).containsEntry("cluster",
                "give only one of instance, cluster, global-cluster (instance and cluster given)");
        assertThat(describe.inputProblems(inputs(), Set.of("cluster"))).isEmpty();
        assertThat(describe.inputProblems(inputs(), Set.of("instance", "cluster"))).as("one may be null at run time")
                .isEmpty();
    }

    @Test
    void anInstanceThatDoesNotExistIsNamed() {
        wm.server.stubFor(rds("DescribeDBInstances").willReturn(xmlError(404, "DBInstanceNotFound",
                "DBInstance nope not found.")));

        assertThatThrownBy(() -> action("aws.rds.describe").apply(inputs("instance", "nope"), new TestContext()))
                .hasMessage("DB instance 'nope' not found (rds:DescribeDBInstances: DBInstanceNotFound: DBInstance "
                        + "nope not found.)");
    }

    @Test
    void aClusterThatDoesNotExistIsNamed() {
        wm.server.stubFor(rds("DescribeDBClusters").willReturn(xmlError(404, "DBClusterNotFoundFault",
                "DBCluster nope not found.")));

        assertThatThrownBy(() -> action("aws.rds.describe").apply(inputs("cluster", "nope"), new TestContext()))
                .hasMessage("DB cluster 'nope' not found (rds:DescribeDBClusters: DBClusterNotFoundFault: DBCluster "
                        + "nope not found.)");
    }

    @Test
    void accessDeniedNamesTheRdsAction() {
        wm.server.stubFor(rds("FailoverDBCluster").willReturn(xmlError(403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/op is not authorized to perform: rds:FailoverDBCluster")));
        wm.server.stubFor(rds("DescribeDBClusters").willReturn(xml(
                clusters(cluster("orders", "available", "orders-1", "orders-2", null)))));

        assertThatThrownBy(() -> action("aws.rds.failover-cluster").apply(inputs("cluster", "orders"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not rds:FailoverDBCluster on DB cluster "
                        + "'orders' (IAM action rds:FailoverDBCluster");
    }

    @Test
    void throttlingIsRetriedThenSucceeds() throws Exception {
        wm.server.stubFor(rds("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(xmlError(400, "Throttling", "Rate exceeded")).willSetStateTo("ok"));
        wm.server.stubFor(rds("DescribeDBInstances").inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(xml(instances(instance("orders", "available", null, null)))));

        Outputs out = action("aws.rds.describe").apply(inputs("instance", "orders"), new TestContext());

        assertThat(out.get("status")).isEqualTo("available");
        assertThat(actions()).containsExactly("DescribeDBInstances", "DescribeDBInstances");
    }

    @Test
    void noActionSendsARequestForItsPreview() {
        for (String name : List.of("aws.rds.describe", "aws.rds.restore-to-point-in-time", "aws.rds.failover-cluster",
                "aws.rds.failover-global-cluster", "aws.rds.wait-available")) {
            action(name).preview(inputs("instance", "orders", "cluster", "orders", "global-cluster", "g",
                    "source-cluster", "orders", "target", "copy", "time", "latest", "target-cluster", DR_ARN,
                    "mode", "switchover"));
        }

        assertThat(wm.requests()).isEmpty();
    }

    // ---- restore-to-point-in-time ----

    @Test
    void restoreAnInstanceChecksTheWindowThenRestoresAndTagsTheTarget() throws Exception {
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders&").willReturn(xml(
                instances(instance("orders", "available", null, null)))));
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders-copy").willReturn(
                xmlError(404, "DBInstanceNotFound", NOT_FOUND_INSTANCE)));
        wm.server.stubFor(rds("RestoreDBInstanceToPointInTime").willReturn(xml(response(
                "RestoreDBInstanceToPointInTime", instance("orders-copy", "creating", null, null)))));

        Outputs out = action("aws.rds.restore-to-point-in-time").apply(inputs("source-instance", "orders",
                "target", "orders-copy", "time", "2026-11-22T03:00:00Z", "instance-class", "db.t4g.large"),
                new TestContext());

        assertThat(out.values()).containsEntry("kind", "instance").containsEntry("target", "orders-copy")
                .containsEntry("status", "creating").containsEntry("restoreTime", "2026-11-22T03:00:00Z")
                .containsEntry("adopted", false).containsEntry("instance", "orders-copy");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=RestoreDBInstanceToPointInTime&Version=2014-10-31&SourceDBInstanceIdentifier=orders"
                        + "&TargetDBInstanceIdentifier=orders-copy&RestoreTime=2026-11-22T03%3A00%3A00Z"
                        + "&DBInstanceClass=db.t4g.large&Tags.Tag.1.Key=runbook%3Arestored-from"
                        + "&Tags.Tag.1.Value=orders")));
    }

    @Test
    void aRestoreTimeOutsideTheWindowRestoresNothing() {
        wm.server.stubFor(rds("DescribeDBInstances").willReturn(xml(
                instances(instance("orders", "available", null, null)))));

        assertThatThrownBy(() -> action("aws.rds.restore-to-point-in-time").apply(inputs("source-instance", "orders",
                "target", "orders-copy", "time", "2026-11-22T04:00:00Z"), new TestContext()))
                .hasMessage("restore time 2026-11-22T04:00:00Z is outside the restorable window of DB instance "
                        + "'orders' (the backup retention period to 2026-11-22T03:55:00Z): nothing was restored");
        assertThat(actions()).containsExactly("DescribeDBInstances");
    }

    @Test
    void restoreAClusterToLatestCreatesItsWriterInstance() throws Exception {
        wm.server.stubFor(rds("DescribeDBClusters", "DBClusterIdentifier=orders&").willReturn(xml(
                clusters(cluster("orders", "available", "orders-1", "orders-2", null)))));
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders-1&").willReturn(xml(
                instances(instance("orders-1", "available", "orders", null)))));
        wm.server.stubFor(rds("DescribeDBClusters", "DBClusterIdentifier=orders-copy").willReturn(
                xmlError(404, "DBClusterNotFoundFault", "DBCluster orders-copy not found.")));
        wm.server.stubFor(rds("RestoreDBClusterToPointInTime").willReturn(xml(response(
                "RestoreDBClusterToPointInTime", cluster("orders-copy", "creating", null, null, null)))));
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders-copy-1").willReturn(
                xmlError(404, "DBInstanceNotFound", "DBInstance orders-copy-1 not found.")));
        wm.server.stubFor(rds("CreateDBInstance").willReturn(xml(response("CreateDBInstance",
                instance("orders-copy-1", "creating", "orders-copy", null)))));

        Outputs out = action("aws.rds.restore-to-point-in-time").apply(inputs("source-cluster", "orders",
                "target", "orders-copy", "time", "latest"), new TestContext());

        assertThat(out.values()).containsEntry("kind", "cluster").containsEntry("status", "creating")
                .containsEntry("restoreTime", "2026-11-22T03:55:00Z").containsEntry("instance", "orders-copy-1")
                .containsEntry("engine", "aurora-postgresql").containsEntry("adopted", false);
        assertThat(actions()).containsExactly("DescribeDBClusters", "DescribeDBInstances", "DescribeDBClusters",
                "RestoreDBClusterToPointInTime", "DescribeDBInstances", "CreateDBInstance");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=RestoreDBClusterToPointInTime&Version=2014-10-31&DBClusterIdentifier=orders-copy"
                        + "&RestoreType=full-copy&SourceDBClusterIdentifier=orders&UseLatestRestorableTime=true")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=orders-copy-1"
                        + "&DBInstanceClass=db.r6g.large&Engine=aurora-postgresql&Tags.Tag.1.Key=runbook%3Arestored-from"
                        + "&Tags.Tag.1.Value=orders&DBClusterIdentifier=orders-copy")));
    }

    @Test
    void aTargetRestoredFromTheSameSourceIsAdoptedAndAnyOtherRefused() throws Exception {
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders&").willReturn(xml(
                instances(instance("orders", "available", null, null)))));
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=orders-copy").willReturn(xml(
                instances(instance("orders-copy", "creating", null, tag("runbook:restored-from", "orders"))))));
        wm.server.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier=other-copy").willReturn(xml(
                instances(instance("other-copy", "available", null, tag("team", "x"))))));
        Inputs adopt = inputs("source-instance", "orders", "target", "orders-copy", "time", "latest");

        Outputs out = action("aws.rds.restore-to-point-in-time").apply(adopt, new TestContext());

        assertThat(out.values()).containsEntry("adopted", true).containsEntry("status", "creating");
        assertThat(action("aws.rds.restore-to-point-in-time").alreadyDone(adopt, new TestContext())).isPresent();
        assertThatThrownBy(() -> action("aws.rds.restore-to-point-in-time").apply(inputs("source-instance", "orders",
                "target", "other-copy", "time", "latest"), new TestContext()))
                .hasMessage("DB instance 'other-copy' already exists and was not restored by runbook (no "
                        + "runbook:restored-from tag), not from 'orders': refusing to adopt it; choose another "
                        + "target or delete it first");
        assertThat(actions()).doesNotContain("RestoreDBInstanceToPointInTime");
    }

    // ---- failover-cluster ----

    @Test
    void failoverClusterWaitsForTheNewWriter() throws Exception {
        wm.server.stubFor(rds("DescribeDBClusters").inScenario("f").whenScenarioStateIs(STARTED)
                .willReturn(xml(clusters(cluster("orders", "available", "orders-1", "orders-2", null)))));
        wm.server.stubFor(rds("FailoverDBCluster", "TargetDBInstanceIdentifier=orders-2").inScenario("f")
                .willReturn(xml(response("FailoverDBCluster", cluster("orders", "failing-over", "orders-1",
                        "orders-2", null)))).willSetStateTo("failing"));
        wm.server.stubFor(rds("DescribeDBClusters").inScenario("f").whenScenarioStateIs("failing")
                .willReturn(xml(clusters(cluster("orders", "failing-over", "orders-1", "orders-2", null))))
                .willSetStateTo("done"));
        wm.server.stubFor(rds("DescribeDBClusters").inScenario("f").whenScenarioStateIs("done")
                .willReturn(xml(clusters(cluster("orders", "available", "orders-2", "orders-1", null)))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.rds.failover-cluster").apply(inputs("cluster", "orders", "target-instance",
                "orders-2", "interval", "5s"), ctx);

        assertThat(out.values()).containsEntry("writerBefore", "orders-1").containsEntry("writer", "orders-2")
                .containsEntry("status", "available").containsEntry("changed", true);
        assertThat(ctx.progress).containsExactly("DB cluster orders: failing over from orders-1, 0ms, status "
                + "failing-over, writer orders-1");
        assertThat(ctx.sleeps).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void failoverToTheWriterItselfIsAlreadyDone() throws Exception {
        wm.server.stubFor(rds("DescribeDBClusters").willReturn(xml(clusters(cluster("orders", "available",
                "orders-2", "orders-1", null)))));
        Inputs in = inputs("cluster", "orders", "target-instance", "orders-2");

        assertThat(action("aws.rds.failover-cluster").alreadyDone(in, new TestContext())).isPresent();
        Outputs out = action("aws.rds.failover-cluster").apply(in, new TestContext());

        assertThat(out.values()).containsEntry("changed", false).containsEntry("writer", "orders-2");
        assertThat(actions()).doesNotContain("FailoverDBCluster");
    }

    @Test
    void failoverToAnInstanceOutsideTheClusterIsRefusedBeforeCalling() {
        wm.server.stubFor(rds("DescribeDBClusters").willReturn(xml(clusters(cluster("orders", "available",
                "orders-1", "orders-2", null)))));

        assertThatThrownBy(() -> action("aws.rds.failover-cluster").apply(inputs("cluster", "orders",
                "target-instance", "orders-9"), new TestContext()))
                .hasMessage("DB instance 'orders-9' is not a member of DB cluster 'orders' (members: orders-1, "
                        + "orders-2)");
        assertThat(actions()).containsExactly("DescribeDBClusters");
    }

    // ---- failover-global-cluster ----

    @Test
    void switchoverOfAGlobalClusterWaitsForTheNewPrimaryRegion() throws Exception {
        wm.server.stubFor(rds("DescribeGlobalClusters").inScenario("g").whenScenarioStateIs(STARTED)
                .willReturn(xml(global("available", SOURCE_ARN, DR_ARN))));
        wm.server.stubFor(rds("SwitchoverGlobalCluster").inScenario("g").willReturn(xml(response(
                "SwitchoverGlobalCluster", "<GlobalCluster><GlobalClusterIdentifier>orders-global"
                        + "</GlobalClusterIdentifier><Status>switching-over</Status></GlobalCluster>")))
                .willSetStateTo("switching"));
        wm.server.stubFor(rds("DescribeGlobalClusters").inScenario("g").whenScenarioStateIs("switching")
                .willReturn(xml(global("available", DR_ARN, SOURCE_ARN))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.rds.failover-global-cluster").apply(inputs("global-cluster", "orders-global",
                "target-cluster", DR_ARN, "mode", "switchover"), ctx);

        assertThat(out.values()).containsEntry("primaryBefore", SOURCE_ARN)
                .containsEntry("primaryRegionBefore", "us-east-1").containsEntry("primary", DR_ARN)
                .containsEntry("primaryRegion", "us-west-2").containsEntry("operation", "SwitchoverGlobalCluster")
                .containsEntry("changed", true);
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=SwitchoverGlobalCluster&Version=2014-10-31&GlobalClusterIdentifier=orders-global"
                        + "&TargetDbClusterIdentifier=arn%3Aaws%3Ards%3Aus-west-2%3A123456789012%3Acluster"
                        + "%3Aorders-dr")));
    }

    @Test
    void failoverModeAllowsDataLossAndSaysSo() throws Exception {
        wm.server.stubFor(rds("DescribeGlobalClusters").inScenario("g").whenScenarioStateIs(STARTED)
                .willReturn(xml(global("available", SOURCE_ARN, DR_ARN))));
        wm.server.stubFor(rds("FailoverGlobalCluster").inScenario("g").willReturn(xml(response(
                "FailoverGlobalCluster", "<GlobalCluster><Status>failing-over</Status></GlobalCluster>")))
                .willSetStateTo("moved"));
        wm.server.stubFor(rds("DescribeGlobalClusters").inScenario("g").whenScenarioStateIs("moved")
                .willReturn(xml(global("available", DR_ARN, SOURCE_ARN))));

        Outputs out = action("aws.rds.failover-global-cluster").apply(inputs("global-cluster", "orders-global",
                "target-cluster", DR_ARN, "mode", "failover", "interval", "1s"), new TestContext());

        assertThat(out.values()).containsEntry("operation", "FailoverGlobalCluster")
                .containsEntry("primaryRegion", "us-west-2");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=FailoverGlobalCluster"))
                .withRequestBody(containing("AllowDataLoss=true")));
        assertThat(Aws.action("aws.rds.failover-global-cluster", Aws.noClients()).preview(inputs("global-cluster",
                "g", "target-cluster", DR_ARN, "mode", "failover")).details().get(0))
                .contains("rds:FailoverGlobalCluster").contains("\"AllowDataLoss\":true")
                .contains("unreplicated writes are lost");
    }

    @Test
    void aGlobalClusterTargetThatIsNotAMemberIsRefused() {
        wm.server.stubFor(rds("DescribeGlobalClusters").willReturn(xml(global("available", SOURCE_ARN, DR_ARN))));

        assertThatThrownBy(() -> action("aws.rds.failover-global-cluster").apply(inputs("global-cluster",
                "orders-global", "target-cluster", "elsewhere", "mode", "switchover"), new TestContext()))
                .hasMessageStartingWith("cluster 'elsewhere' is not a member of global cluster 'orders-global'");
        assertThat(((AwsAction) action("aws.rds.failover-global-cluster")).inputProblems(inputs("mode", "planned"),
                Set.of())).containsEntry("mode", "must be switchover or failover, got 'planned'");
    }

    // ---- wait-available ----

    @Test
    void waitAvailableForAClusterWaitsForItsInstancesToo() throws Exception {
        wm.server.stubFor(rds("DescribeDBClusters").willReturn(xml(clusters(cluster("orders-copy", "available",
                "orders-copy-1", null, null)))));
        wm.server.stubFor(rds("DescribeDBInstances", "Filters.Filter.1.Name=db-cluster-id").inScenario("w")
                .whenScenarioStateIs(STARTED).willReturn(xml(instances(instance("orders-copy-1", "creating",
                        "orders-copy", null)))).willSetStateTo("up"));
        wm.server.stubFor(rds("DescribeDBInstances", "Filters.Filter.1.Name=db-cluster-id").inScenario("w")
                .whenScenarioStateIs("up").willReturn(xml(instances(instance("orders-copy-1", "available",
                        "orders-copy", null)))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.rds.wait-available").apply(inputs("cluster", "orders-copy", "interval", "30s"), ctx);

        assertThat(out.values()).containsEntry("status", "available").containsEntry("polls", 2)
                .containsEntry("instances", Map.of("orders-copy-1", "available"));
        assertThat(ctx.progress).containsExactly("DB cluster orders-copy: waiting for available, 0ms, last: available, "
                + "instances: {orders-copy-1=creating}");
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=db-cluster-id"
                        + "&Filters.Filter.1.Values.Value.1=orders-copy")));
    }

    @Test
    void waitAvailableFailsAtOnceOnAStatusThatNeverBecomesAvailable() {
        wm.server.stubFor(rds("DescribeDBInstances").willReturn(xml(instances(instance("orders-copy",
                "incompatible-restore", null, null)))));

        assertThatThrownBy(() -> action("aws.rds.wait-available").apply(inputs("instance", "orders-copy"),
                new TestContext()))
                .hasMessage("DB instance orders-copy is incompatible-restore: it will not become available by itself");
    }
}
