package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.actions.aws.Aws.inputs;
import static dev.runbook.actions.aws.WireMockAws.xmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route 53 (REST XML), CloudWatch and STS (query protocol: form-encoded requests, XML answers) against WireMock. */
class Route53CloudWatchStsWireMockTest extends ServiceTestBase {
    private static final String R53 = "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"";
    private static final String CW = "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static String observation(String region, String status) {
        return "<HealthCheckObservation><Region>" + region + "</Region><IPAddress>15.177.2.1</IPAddress><StatusReport>"
                + "<Status>" + status + "</Status><CheckedTime>2026-11-22T04:00:00Z</CheckedTime></StatusReport>"
                + "</HealthCheckObservation>";
    }

    @Test
    void healthCheckStatusCountsCheckersAndRegions() throws Exception {
        wm.server.stubFor(get(urlEqualTo("/2013-04-01/healthcheck/hc-1/status")).willReturn(xml(
                "<GetHealthCheckStatusResponse " + R53 + "><HealthCheckObservations>"
                        + observation("us-east-1", "Success: HTTP Status Code 200, OK")
                        + observation("us-east-1", "Failure: Connection timed out.")
                        + observation("eu-west-1", "Failure: HTTP Status Code 503, Service Unavailable")
                        + "</HealthCheckObservations></GetHealthCheckStatusResponse>")));

        Outputs out = action("aws.route53.get-health-check-status").apply(inputs("health-check", "hc-1"),
                new TestContext());

        assertThat(out.values()).containsEntry("healthy", true).containsEntry("healthyCheckers", 1)
                .containsEntry("unhealthyCheckers", 2)
                .containsEntry("regions", Map.of("eu-west-1", Map.of("healthy", 0, "unhealthy", 1),
                        "us-east-1", Map.of("healthy", 1, "unhealthy", 1)));
    }

    @Test
    void aHealthCheckThatDoesNotExistNamesIt() {
        wm.server.stubFor(get(urlEqualTo("/2013-04-01/healthcheck/hc-9/status")).willReturn(
                xmlError(404, "NoSuchHealthCheck", "A health check with id hc-9 does not exist.")));

        assertThatThrownBy(() -> action("aws.route53.get-health-check-status").apply(inputs("health-check", "hc-9"),
                new TestContext()))
                .hasMessage("health check 'hc-9' not found (route53:GetHealthCheckStatus: NoSuchHealthCheck: A "
                        + "health check with id hc-9 does not exist.)");
    }

    @Test
    void testDnsAnswerAsksForTheRecordAndReturnsTheAnswer() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo("/2013-04-01/testdnsanswer")).willReturn(xml("<TestDNSAnswerResponse "
                + R53 + "><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>api.example.com</RecordName>"
                + "<RecordType>A</RecordType><RecordData><RecordDataEntry>192.0.2.20</RecordDataEntry></RecordData>"
                + "<ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>")));

        Outputs out = action("aws.route53.test-dns-answer").apply(inputs("hosted-zone", "Z1", "name",
                "api.example.com"), new TestContext());

        assertThat(out.values()).containsEntry("answers", List.of("192.0.2.20"))
                .containsEntry("responseCode", "NOERROR");
        wm.server.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/testdnsanswer"))
                .withQueryParam("hostedzoneid", equalTo("Z1")).withQueryParam("recordname", equalTo("api.example.com"))
                .withQueryParam("recordtype", equalTo("A")));
    }

    @Test
    void listRecordSetsPicksOutTheFailoverPair() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z1/rrset")).willReturn(xml(
                "<ListResourceRecordSetsResponse " + R53 + "><ResourceRecordSets>"
                        + record("primary", "PRIMARY", "192.0.2.10", "hc-1")
                        + record("secondary", "SECONDARY", "192.0.2.20", "hc-2")
                        + "<ResourceRecordSet><Name>www.example.com.</Name><Type>A</Type><TTL>60</TTL>"
                        + "<ResourceRecords><ResourceRecord><Value>192.0.2.30</Value></ResourceRecord>"
                        + "</ResourceRecords></ResourceRecordSet>"
                        + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
                        + "</ListResourceRecordSetsResponse>")));

        Outputs out = action("aws.route53.list-record-sets").apply(inputs("hosted-zone", "Z1", "name",
                "api.example.com"), new TestContext());

        assertThat(out.get("records")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
        assertThat(out.get("primary")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("values", List.of("192.0.2.10")).containsEntry("healthCheck", "hc-1");
        assertThat(out.get("secondary")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("setIdentifier", "secondary");
        wm.server.verify(getRequestedFor(urlPathEqualTo("/2013-04-01/hostedzone/Z1/rrset"))
                .withQueryParam("name", equalTo("api.example.com.")));
    }

    private static String record(String id, String role, String ip, String healthCheck) {
        return "<ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><SetIdentifier>" + id
                + "</SetIdentifier><Failover>" + role + "</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord>"
                + "<Value>" + ip + "</Value></ResourceRecord></ResourceRecords><HealthCheckId>" + healthCheck
                + "</HealthCheckId></ResourceRecordSet>";
    }

    private static String alarms(String state) {
        return "<DescribeAlarmsResponse " + CW + "><DescribeAlarmsResult><MetricAlarms><member>"
                + "<AlarmName>orders-errors</AlarmName><StateValue>" + state + "</StateValue>"
                + "<StateReason>Threshold Crossed</StateReason>"
                + "<StateUpdatedTimestamp>2026-11-22T03:59:00Z</StateUpdatedTimestamp></member></MetricAlarms>"
                + "</DescribeAlarmsResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                + "</DescribeAlarmsResponse>";
    }

    @Test
    void describeAlarmsSendsTheNamesAsAQueryAndReadsTheStates() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarms"))
                .willReturn(xml(alarms("ALARM"))));

        Outputs out = action("aws.cloudwatch.describe-alarms").apply(inputs("alarms", List.of("orders-errors")),
                new TestContext());

        assertThat(out.values()).containsEntry("states", Map.of("orders-errors", "ALARM")).containsEntry("inAlarm", 1);
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeAlarms"))
                .withRequestBody(containing("Version=2010-08-01"))
                .withRequestBody(containing("AlarmNames.member.1=orders-errors")));
    }

    @Test
    void waitAlarmShowsTheStateUntilItIsReached() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).inScenario("alarm").whenScenarioStateIs(STARTED)
                .willReturn(xml(alarms("ALARM"))).willSetStateTo("ok"));
        wm.server.stubFor(post(urlEqualTo("/")).inScenario("alarm").whenScenarioStateIs("ok")
                .willReturn(xml(alarms("OK"))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.cloudwatch.wait-alarm").apply(inputs("alarm", "orders-errors", "interval", "1m"),
                ctx);

        assertThat(out.values()).containsEntry("state", "OK").containsEntry("polls", 2);
        assertThat(ctx.progress).containsExactly("alarm orders-errors: ALARM, waiting for OK, 0ms");
    }

    @Test
    void waitAlarmForAnAlarmThatDoesNotExistFailsAtOnce() {
        wm.server.stubFor(post(urlEqualTo("/")).willReturn(xml("<DescribeAlarmsResponse " + CW
                + "><DescribeAlarmsResult><MetricAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>")));

        assertThatThrownBy(() -> action("aws.cloudwatch.wait-alarm").apply(inputs("alarm", "nope"), new TestContext()))
                .hasMessage("alarm 'nope' not found (cloudwatch:DescribeAlarms)");
    }

    @Test
    void getMetricStatisticsReadsTheWindowFromTheClock() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).willReturn(xml("<GetMetricStatisticsResponse " + CW
                + "><GetMetricStatisticsResult><Label>Errors</Label><Datapoints>"
                + "<member><Timestamp>2026-11-22T03:59:00Z</Timestamp><Sum>3.0</Sum><Unit>Count</Unit></member>"
                + "<member><Timestamp>2026-11-22T03:58:00Z</Timestamp><Sum>1.0</Sum><Unit>Count</Unit></member>"
                + "</Datapoints></GetMetricStatisticsResult></GetMetricStatisticsResponse>")));

        Outputs out = action("aws.cloudwatch.get-metric-statistics").apply(inputs("namespace", "AWS/Lambda",
                "metric", "Errors", "dimensions", Map.of("FunctionName", "orders"), "statistic", "Sum",
                "since", "10m"), new TestContext());

        assertThat(out.values()).containsEntry("latest", 3.0).containsEntry("max", 3.0).containsEntry("sum", 4.0);
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=GetMetricStatistics"))
                .withRequestBody(containing("Namespace=AWS%2FLambda"))
                .withRequestBody(containing("Dimensions.member.1.Name=FunctionName"))
                .withRequestBody(containing("Statistics.member.1=Sum"))
                .withRequestBody(containing("StartTime=2026-11-22T03%3A50%3A00Z"))
                .withRequestBody(containing("EndTime=2026-11-22T04%3A00%3A00Z")));
    }

    @Test
    void getCallerIdentitySendsTheQueryAndReadsTheXml() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).willReturn(xml("<GetCallerIdentityResponse "
                + "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<Arn>arn:aws:sts::123456789012:assumed-role/ops/alice</Arn><UserId>AROA:alice</UserId>"
                + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")));

        Outputs out = action("aws.sts.get-caller-identity").apply(inputs(), new TestContext());

        assertThat(out.values()).containsEntry("account", "123456789012").containsEntry("region", "us-east-1")
                .containsEntry("arn", "arn:aws:sts::123456789012:assumed-role/ops/alice");
        wm.server.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(equalTo("Action=GetCallerIdentity&Version=2011-06-15")));
    }

    @Test
    void invalidCredentialsOnStsSayHowToLogIn() {
        wm.server.stubFor(post(urlEqualTo("/")).willReturn(xmlError(403, "InvalidClientTokenId",
                "The security token included in the request is invalid.")));

        assertThatThrownBy(() -> action("aws.sts.get-caller-identity").apply(inputs(), new TestContext()))
                .hasMessageStartingWith("AWS refused the credentials for sts:GetCallerIdentity (InvalidClientTokenId")
                .hasMessageContaining("aws sso login --profile PROFILE");
    }
}
