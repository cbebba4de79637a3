package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aws.s3.get-replication-status against WireMock answering S3's REST XML (path-style) and CloudWatch's query API. */
class S3ReplicationWireMockTest extends ServiceTestBase {
    static final String S3 = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    static final String CW = "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";

    static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(body);
    }

    static ResponseDefinitionBuilder s3Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml").withBody(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><BucketName>orders-docs</BucketName><RequestId>r-1</RequestId><HostId>h-1"
                        + "</HostId></Error>");
    }

    static MappingBuilder versioning(String bucket) {
        return get(urlMatching("/" + bucket + "\\?versioning.*"));
    }

    static MappingBuilder replication(String bucket) {
        return get(urlMatching("/" + bucket + "\\?replication.*"));
    }

    static String versioningBody(String status) {
        return "<VersioningConfiguration " + S3 + ">" + (status == null ? "" : "<Status>" + status + "</Status>")
                + "</VersioningConfiguration>";
    }

    static final String RULES = "<ReplicationConfiguration " + S3 + "><Role>arn:aws:iam::123456789012:role/s3-repl"
            + "</Role><Rule><ID>to-dr</ID><Priority>1</Priority><Filter><Prefix>invoices/</Prefix></Filter>"
            + "<Status>Enabled</Status><DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication>"
            + "<Destination><Bucket>arn:aws:s3:::orders-docs-dr</Bucket><StorageClass>STANDARD</StorageClass>"
            + "<ReplicationTime><Status>Enabled</Status><Time><Minutes>15</Minutes></Time></ReplicationTime>"
            + "<Metrics><Status>Enabled</Status><EventThreshold><Minutes>15</Minutes></EventThreshold></Metrics>"
            + "</Destination></Rule><Rule><ID>archive</ID><Priority>2</Priority><Filter><Prefix>old/</Prefix>"
            + "</Filter><Status>Disabled</Status><DeleteMarkerReplication><Status>Disabled</Status>"
            + "</DeleteMarkerReplication><Destination><Bucket>arn:aws:s3:::orders-archive</Bucket></Destination>"
            + "</Rule></ReplicationConfiguration>";

    static String datapoints(String... values) {
        StringBuilder s = new StringBuilder("<GetMetricStatisticsResponse " + CW + "><GetMetricStatisticsResult>"
                + "<Datapoints>");
        for (int i = 0; i < values.length; i++) {
            s.append("<member><Timestamp>2026-11-22T03:5").append(i).append(":00Z</Timestamp><Maximum>")
                    .append(values[i]).append("</Maximum><Unit>Seconds</Unit></member>");
        }
        return s + "</Datapoints><Label>m</Label></GetMetricStatisticsResult></GetMetricStatisticsResponse>";
    }

    @Test
    void readsVersioningAndTheRulesWithoutMetricsByDefault() throws Exception {
        wm.server.stubFor(versioning("orders-docs").willReturn(xml(versioningBody("Enabled"))));
        wm.server.stubFor(replication("orders-docs").willReturn(xml(RULES)));

        Outputs out = action("aws.s3.get-replication-status").apply(inputs("bucket", "orders-docs"),
                new TestContext());

        assertThat(out.values()).containsEntry("versioning", "Enabled").containsEntry("replicating", true)
                .containsEntry("role", "arn:aws:iam::123456789012:role/s3-repl")
                .containsEntry("destinations", List.of("orders-docs-dr")).containsEntry("maxLatency", null);
        assertThat(out.get("rules")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2)
                .first().isEqualTo(rule());
        assertThat(wm.requests()).extracting(r -> r.getUrl()).containsExactly("/orders-docs?versioning",
                "/orders-docs?replication");
    }

    private static Map<String, Object> rule() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", "to-dr");
        m.put("status", "Enabled");
        m.put("priority", 1);
        m.put("prefix", "invoices/");
        m.put("destination", "orders-docs-dr");
        m.put("destinationArn", "arn:aws:s3:::orders-docs-dr");
        m.put("storageClass", "STANDARD");
        m.put("deleteMarkers", "Enabled");
        m.put("replicationTime", 15);
        m.put("metrics", "Enabled");
        return m;
    }

    @Test
    void withMetricsReadsLatencyAndPendingOperationsOfTheRulesThatHaveThem() throws Exception {
        wm.server.stubFor(versioning("orders-docs").willReturn(xml(versioningBody("Enabled"))));
        wm.server.stubFor(replication("orders-docs").willReturn(xml(RULES)));
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("MetricName=ReplicationLatency"))
                .willReturn(xml(datapoints("42.0", "12.0"))));
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("MetricName=OperationsPendingReplication"))
                .willReturn(xml(datapoints("3.0"))));

        Outputs out = action("aws.s3.get-replication-status").apply(inputs("bucket", "orders-docs", "metrics", true,
                "since", "10m"), new TestContext());

        assertThat(out.values()).containsEntry("maxLatency", 12.0).containsEntry("pendingOperations", 3.0);
        wm.server.verify(2, postRequestedFor(urlEqualTo("/")));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricStatistics"))
                .withRequestBody(containing("Namespace=AWS%2FS3"))
                .withRequestBody(containing("Dimensions.member.1.Name=SourceBucket&Dimensions.member.1.Value="
                        + "orders-docs&Dimensions.member.2.Name=DestinationBucket&Dimensions.member.2.Value="
                        + "orders-docs-dr&Dimensions.member.3.Name=RuleId&Dimensions.member.3.Value=to-dr"))
                .withRequestBody(containing("StartTime=2026-11-22T03%3A50%3A00Z")));
    }

    @Test
    void aBucketWithoutReplicationDoesNotReplicate() throws Exception {
        wm.server.stubFor(versioning("orders-docs").willReturn(xml(versioningBody(null))));
        wm.server.stubFor(replication("orders-docs").willReturn(s3Error(404, "ReplicationConfigurationNotFoundError",
                "The replication configuration was not found")));

        Outputs out = action("aws.s3.get-replication-status").apply(inputs("bucket", "orders-docs"),
                new TestContext());

        assertThat(out.values()).containsEntry("versioning", "").containsEntry("replicating", false)
                .containsEntry("rules", List.of()).containsEntry("role", null);
    }

    @Test
    void aBucketThatDoesNotExistIsNamed() {
        wm.server.stubFor(versioning("orders-docs").willReturn(s3Error(404, "NoSuchBucket",
                "The specified bucket does not exist")));

        assertThatThrownBy(() -> action("aws.s3.get-replication-status").apply(inputs("bucket", "orders-docs"),
                new TestContext()))
                .hasMessage("bucket 'orders-docs' not found (s3:GetBucketVersioning: NoSuchBucket: The specified "
                        + "bucket does not exist)");
    }

    @Test
    void accessDeniedNamesTheS3Action() {
        wm.server.stubFor(versioning("orders-docs").willReturn(xml(versioningBody("Enabled"))));
        wm.server.stubFor(replication("orders-docs").willReturn(s3Error(403, "AccessDenied", "Access Denied")));

        assertThatThrownBy(() -> action("aws.s3.get-replication-status").apply(inputs("bucket", "orders-docs"),
                new TestContext()))
                .hasMessage("access denied: the caller may not s3:GetReplicationConfiguration on bucket "
                        + "'orders-docs' (IAM action s3:GetReplicationConfiguration, resource bucket 'orders-docs'): "
                        + "AccessDenied: Access Denied");
    }

    @Test
    void slowDownIsRetriedThenSucceeds() throws Exception {
        wm.server.stubFor(versioning("orders-docs").inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(s3Error(503, "SlowDown", "Please reduce your request rate.")).willSetStateTo("ok"));
        wm.server.stubFor(versioning("orders-docs").inScenario("t").whenScenarioStateIs("ok")
                .willReturn(xml(versioningBody("Suspended"))));
        wm.server.stubFor(replication("orders-docs").willReturn(xml(RULES)));

        Outputs out = action("aws.s3.get-replication-status").apply(inputs("bucket", "orders-docs"),
                new TestContext());

        assertThat(out.values()).containsEntry("versioning", "Suspended").containsEntry("replicating", false);
        assertThat(wm.requests()).hasSize(3);
    }

    @Test
    void thePreviewSendsNoRequest() {
        action("aws.s3.get-replication-status").preview(inputs("bucket", "orders-docs", "metrics", true));

        assertThat(wm.requests()).isEmpty();
    }
}
