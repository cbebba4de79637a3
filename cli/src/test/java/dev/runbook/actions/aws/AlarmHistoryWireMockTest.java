package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.report.AlarmTransition;
import dev.runbook.report.AlarmVerdict;
import dev.runbook.report.SuccessAlarmRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DescribeAlarmHistory (query protocol, XML answers) feeding the success-alarm pass rule. */
class AlarmHistoryWireMockTest extends ServiceTestBase {
    private static final String CW = "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";
    private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");
    private static final Instant END = Instant.parse("2026-11-22T04:00:00Z");

    private static String item(String alarm, String at, String from, String to) {
        return "<member><AlarmName>" + alarm + "</AlarmName><AlarmType>MetricAlarm</AlarmType>"
                + "<Timestamp>" + at + "</Timestamp><HistoryItemType>StateUpdate</HistoryItemType>"
                + "<HistorySummary>Alarm updated from " + from + " to " + to + "</HistorySummary>"
                + "<HistoryData>{&quot;version&quot;:&quot;1.0&quot;,&quot;oldState&quot;:{&quot;stateValue&quot;:&quot;"
                + from + "&quot;},&quot;newState&quot;:{&quot;stateValue&quot;:&quot;" + to
                + "&quot;,&quot;stateReason&quot;:&quot;Threshold Crossed&quot;}}</HistoryData></member>";
    }

    private static String page(String token, String... items) {
        return "<DescribeAlarmHistoryResponse " + CW + "><DescribeAlarmHistoryResult><AlarmHistoryItems>"
                + String.join("", items) + "</AlarmHistoryItems>"
                + (token == null ? "" : "<NextToken>" + token + "</NextToken>")
                + "</DescribeAlarmHistoryResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                + "</DescribeAlarmHistoryResponse>";
    }

    private static void stub(String alarm, String body) {
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarmHistory"))
                .withRequestBody(containing("AlarmName=" + alarm)).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/xml").withBody(body)));
    }

    @Test
    void anAlarmThatRecoversThenFiresAgainFailsAndOneThatStaysOkPasses() throws Exception {
        stub("orders-errors", page(null,
                item("orders-errors", "2026-11-22T03:02:00Z", "OK", "ALARM"),
                item("orders-errors", "2026-11-22T03:20:00Z", "ALARM", "OK"),
                item("orders-errors", "2026-11-22T03:41:00Z", "OK", "ALARM")));
        stub("checkout-latency", page(null,
                item("checkout-latency", "2026-11-22T03:03:00Z", "OK", "ALARM"),
                item("checkout-latency", "2026-11-22T03:25:00Z", "ALARM", "OK")));
        List<AlarmTransition> history = new AlarmHistoryReader(clients)
                .read(List.of("orders-errors", "checkout-latency"), START, END);
        assertThat(history).hasSize(5);
        List<AlarmVerdict> v = SuccessAlarmRule.evaluate(List.of("orders-errors", "checkout-latency"), history, START,
                Duration.ofMinutes(30), END);
        assertThat(v).extracting(AlarmVerdict::passed).containsExactly(false, true);
        assertThat(v.get(0).reason()).contains("then ALARM again at 2026-11-22T03:41:00Z");
        assertThat(v.get(1).okFrom()).isEqualTo(Instant.parse("2026-11-22T03:25:00Z"));
        wm.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("HistoryItemType=StateUpdate"))
                .withRequestBody(containing("StartDate=2026-11-22T03%3A00%3A00Z"))
                .withRequestBody(containing("EndDate=2026-11-22T04%3A00%3A00Z")));
    }

    @Test
    void readsEveryPage() throws Exception {
        wm.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("NextToken=p2")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(page(null,
                        item("a", "2026-11-22T03:30:00Z", "ALARM", "OK")))));
        wm.server.stubFor(post(urlEqualTo("/")).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody(page("p2",
                        item("a", "2026-11-22T03:01:00Z", "OK", "ALARM")))));
        assertThat(new AlarmHistoryReader(clients).read("a", START, END)).extracting(AlarmTransition::state)
                .containsExactly("ALARM", "OK");
    }
}
