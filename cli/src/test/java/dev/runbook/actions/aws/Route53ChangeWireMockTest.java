package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import dev.runbook.action.Inputs;
import dev.runbook.action.Outputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** aws.route53.change-record-set and aws.route53.wait-change against WireMock answering Route 53's REST XML. */
class Route53ChangeWireMockTest extends ServiceTestBase {
    static final String NS = "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"";
    static final String RRSET = "/2013-04-01/hostedzone/Z1/rrset";

    static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    static String failover(String id, String role, String ip, String healthCheck) {
        return "<ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><SetIdentifier>" + id
                + "</SetIdentifier><Failover>" + role + "</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord>"
                + "<Value>" + ip + "</Value></ResourceRecord></ResourceRecords>"
                + (healthCheck == null ? "" : "<HealthCheckId>" + healthCheck + "</HealthCheckId>")
                + "</ResourceRecordSet>";
    }

    static String list(String... records) {
        return "<ListResourceRecordSetsResponse " + NS + "><ResourceRecordSets>" + String.join("", records)
                + "<ResourceRecordSet><Name>www.example.com.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords>"
                + "<ResourceRecord><Value>192.0.2.99</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
                + "</ListResourceRecordSetsResponse>";
    }

    static String changeInfo(String operation, String status) {
        return "<" + operation + "Response " + NS + "><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>" + status
                + "</Status><SubmittedAt>2026-11-22T04:00:01.958Z</SubmittedAt></ChangeInfo></" + operation
                + "Response>";
    }

    private static Inputs primary(String ip) {
        return inputs("hosted-zone", "/hostedzone/Z1", "name", "api.example.com", "type", "a",
                "values", List.of(ip), "ttl", 60L, "set-identifier", "primary", "failover", "primary",
                "health-check", "hc-1");
    }

    @Test
    void upsertOfAFailoverRecordShowsBeforeAndAfterAndReturnsTheChangeId() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list(
                failover("primary", "PRIMARY", "192.0.2.10", "hc-1"), failover("secondary", "SECONDARY",
                        "192.0.2.20", "hc-2")))));
        wm.server.stubFor(post(urlEqualTo(RRSET + "/")).willReturn(xml(changeInfo("ChangeResourceRecordSets",
                "PENDING"))));

        Outputs out = action("aws.route53.change-record-set").apply(primary("192.0.2.30"), new TestContext());

        assertThat(out.values()).containsEntry("changed", true).containsEntry("changeId", "C2682N5HXP0BZ4")
                .containsEntry("status", "PENDING");
        assertThat(out.get("before")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("values", List.of("192.0.2.10")).containsEntry("failover", "PRIMARY");
        assertThat(out.get("after")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("values", List.of("192.0.2.30")).containsEntry("healthCheck", "hc-1");
        wm.server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalToXml("<ChangeResourceRecordSetsRequest " + NS
                        + "><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet>"
                        + "<Name>api.example.com.</Name><Type>A</Type><SetIdentifier>primary</SetIdentifier>"
                        + "<Failover>PRIMARY</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"
                        + "192.0.2.30</Value></ResourceRecord></ResourceRecords><HealthCheckId>hc-1</HealthCheckId>"
                        + "</ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>")));
    }

    @Test
    void aRecordAlreadyAsAskedIsNotChanged() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list(
                failover("primary", "PRIMARY", "192.0.2.10", "hc-1")))));

        Outputs out = action("aws.route53.change-record-set").apply(primary("192.0.2.10"), new TestContext());

        assertThat(out.values()).containsEntry("changed", false).containsEntry("changeId", "")
                .containsEntry("status", "INSYNC");
        assertThat(action("aws.route53.change-record-set").alreadyDone(primary("192.0.2.10"), new TestContext()))
                .isPresent();
        assertThat(action("aws.route53.change-record-set").alreadyDone(primary("192.0.2.11"), new TestContext()))
                .isEmpty();
        assertThat(wm.requests()).noneMatch(r -> r.getMethod().getName().equals("POST"));
    }

    @Test
    void anAliasRecordIsSentWithItsTargetAndNoTtl() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list())));
        wm.server.stubFor(post(urlEqualTo(RRSET + "/")).willReturn(xml(changeInfo("ChangeResourceRecordSets",
                "PENDING"))));

        Outputs out = action("aws.route53.change-record-set").apply(inputs("hosted-zone", "Z1", "name",
                "api.example.com", "type", "A", "alias-target", Map.of("hosted-zone", "Z35SXDOTRQ7X7K",
                        "dns-name", "dr-lb-1.us-west-2.elb.amazonaws.com", "evaluate-target-health", true)),
                new TestContext());

        assertThat(out.get("before")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("absent", true);
        wm.server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalToXml("<ChangeResourceRecordSetsRequest " + NS
                        + "><ChangeBatch><Changes><Change><Action>UPSERT</Action><ResourceRecordSet>"
                        + "<Name>api.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K"
                        + "</HostedZoneId><DNSName>dr-lb-1.us-west-2.elb.amazonaws.com</DNSName>"
                        + "<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>"
                        + "</Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>")));
    }

    @Test
    void restoreWithTheBeforeOutputPutsTheRecordBackOrDeletesOneThatDidNotExist() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list(
                failover("primary", "PRIMARY", "192.0.2.30", "hc-1")))));
        wm.server.stubFor(post(urlEqualTo(RRSET + "/")).willReturn(xml(changeInfo("ChangeResourceRecordSets",
                "PENDING"))));
        Map<String, Object> before = Route53Records.toMap(Route53Records.fromMap(Map.of("name", "api.example.com.",
                "type", "A", "ttl", 60, "values", List.of("192.0.2.10"), "setIdentifier", "primary",
                "failover", "PRIMARY", "healthCheck", "hc-1")));

        Outputs back = action("aws.route53.change-record-set").apply(inputs("hosted-zone", "Z1", "restore", before),
                new TestContext());
        Outputs deleted = action("aws.route53.change-record-set").apply(inputs("hosted-zone", "Z1", "restore",
                Route53Records.absent("api.example.com", "A", "primary")), new TestContext());

        assertThat(back.get("after")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("values", List.of("192.0.2.10"));
        assertThat(deleted.get("after")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("absent", true);
        wm.server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("<Action>DELETE</Action>"
                        + "<ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><SetIdentifier>primary"
                        + "</SetIdentifier><Failover>PRIMARY</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord>"
                        + "<Value>192.0.2.30</Value>")));
        wm.server.verify(postRequestedFor(urlEqualTo(RRSET + "/")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("<Action>UPSERT</Action>"
                        + "<ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><SetIdentifier>primary"
                        + "</SetIdentifier><Failover>PRIMARY</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord>"
                        + "<Value>192.0.2.10</Value>")));
    }

    @Test
    void aRecordWithRoutingTheActionDoesNotManageIsRefused() {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list("<ResourceRecordSet><Name>api.example.com."
                + "</Name><Type>A</Type><SetIdentifier>primary</SetIdentifier><GeoLocation><ContinentCode>EU"
                + "</ContinentCode></GeoLocation><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1"
                + "</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"))));

        assertThatThrownBy(() -> action("aws.route53.change-record-set").apply(primary("192.0.2.30"),
                new TestContext()))
                .hasMessage("record api.example.com. A [primary] uses geolocation routing, which "
                        + "aws.route53.change-record-set does not manage: nothing was changed");
    }

    @Test
    void validateWantsNameTypeAndValuesOrAliasOrARestore() {
        AwsAction change = (AwsAction) action("aws.route53.change-record-set");

        assertThat(change.inputProblems(inputs("hosted-zone", "Z1"), Set.of())).containsKeys("name", "type", "values");
        assertThat(change.inputProblems(inputs("hosted-zone", "Z1", "name", "a", "type", "A", "values", List.of("x"),
                "failover", "TERTIARY"), Set.of())).containsEntry("failover",
                "must be PRIMARY or SECONDARY, got 'TERTIARY'");
        assertThat(change.inputProblems(inputs("hosted-zone", "Z1"), Set.of("restore"))).isEmpty();
        assertThat(change.inputProblems(inputs("hosted-zone", "Z1", "name", "a", "type", "A", "values", List.of("x"),
                "set-identifier", "w", "weight", 300L), Set.of())).containsEntry("weight",
                "must be between 0 and 255, got 300");
    }

    @Test
    void aHostedZoneThatDoesNotExistIsNamed() {
        wm.server.stubFor(get(urlPathEqualTo("/2013-04-01/hostedzone/Z9/rrset")).willReturn(xmlError(404,
                "NoSuchHostedZone", "No hosted zone found with ID: Z9")));

        assertThatThrownBy(() -> action("aws.route53.change-record-set").apply(inputs("hosted-zone", "Z9", "name",
                "a.example.com", "type", "A", "values", List.of("192.0.2.1")), new TestContext()))
                .hasMessage("hosted zone 'Z9' not found (route53:ListResourceRecordSets: NoSuchHostedZone: No hosted "
                        + "zone found with ID: Z9)");
    }

    @Test
    void accessDeniedNamesTheRoute53Action() {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list())));
        wm.server.stubFor(post(urlEqualTo(RRSET + "/")).willReturn(xmlError(403, "AccessDenied",
                "User: op is not authorized to perform: route53:ChangeResourceRecordSets")));

        assertThatThrownBy(() -> action("aws.route53.change-record-set").apply(primary("192.0.2.30"),
                new TestContext()))
                .hasMessageStartingWith("access denied: the caller may not route53:ChangeResourceRecordSets on hosted "
                        + "zone 'Z1' (IAM action route53:ChangeResourceRecordSets");
    }

    @Test
    void priorRequestNotCompleteIsRetriedAsThrottling() throws Exception {
        wm.server.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(list())));
        wm.server.stubFor(post(urlEqualTo(RRSET + "/")).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(xmlError(400, "PriorRequestNotComplete", "The request was rejected because Route 53 "
                        + "was still processing a prior request.")).willSetStateTo("ok"));
        wm.server.stubFor(post(urlEqualTo(RRSET + "/")).inScenario("t").whenScenarioStateIs("ok")
                .willReturn(xml(changeInfo("ChangeResourceRecordSets", "PENDING"))));

        Outputs out = action("aws.route53.change-record-set").apply(primary("192.0.2.30"), new TestContext());

        assertThat(out.get("changeId")).isEqualTo("C2682N5HXP0BZ4");
        assertThat(wm.requests().stream().filter(r -> r.getMethod().getName().equals("POST")).count()).isEqualTo(2);
    }

    @Test
    void waitChangePollsUntilInsync() throws Exception {
        wm.server.stubFor(get(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).inScenario("c")
                .whenScenarioStateIs(STARTED).willReturn(xml(changeInfo("GetChange", "PENDING"))).willSetStateTo("in"));
        wm.server.stubFor(get(urlEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).inScenario("c")
                .whenScenarioStateIs("in").willReturn(xml(changeInfo("GetChange", "INSYNC"))));
        TestContext ctx = new TestContext();

        Outputs out = action("aws.route53.wait-change").apply(inputs("change", "/change/C2682N5HXP0BZ4",
                "interval", "5s"), ctx);

        assertThat(out.values()).containsEntry("status", "INSYNC").containsEntry("polls", 2)
                .containsEntry("waited", "5.0s").containsEntry("submittedAt", "2026-11-22T04:00:01.958Z");
        assertThat(ctx.progress).containsExactly("change C2682N5HXP0BZ4: PENDING, waiting for INSYNC, 0ms");
        assertThat(ctx.sleeps).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void waitChangeOfNoChangeIsInsyncWithoutARequestAndAnUnknownChangeIsNamed() throws Exception {
        Outputs out = action("aws.route53.wait-change").apply(inputs("change", ""), new TestContext());
        assertThat(out.values()).containsEntry("status", "INSYNC").containsEntry("polls", 0);
        assertThat(wm.requests()).isEmpty();

        wm.server.stubFor(get(urlEqualTo("/2013-04-01/change/C9")).willReturn(xmlError(404, "NoSuchChange",
                "A change with the specified change ID does not exist.")));
        assertThatThrownBy(() -> action("aws.route53.wait-change").apply(inputs("change", "C9"), new TestContext()))
                .hasMessage("change 'C9' not found (route53:GetChange: NoSuchChange: A change with the specified "
                        + "change ID does not exist.)");
    }

    @Test
    void previewsSendNoRequest() {
        action("aws.route53.change-record-set").preview(primary("192.0.2.30"));
        action("aws.route53.change-record-set").preview(inputs("hosted-zone", "Z1", "restore",
                new dev.runbook.expr.Unknown("steps.flip.outputs.before")));
        action("aws.route53.wait-change").preview(inputs("change", "C1"));

        assertThat(wm.requests()).isEmpty();
    }
}
