package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill that names success alarms and an MBCO alarm, through Main with a fixed clock, CloudWatch's
 * DescribeAlarmHistory on WireMock (query protocol, XML answers shaped like AWS's): the history is read at the end
 * of the drill, kept in the log, and judged by the pass rule in the summary, the reports and the evidence pack.
 */
class SuccessAlarmsDrillTest {
    private static final String CW = "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer cloudWatch;

    @TempDir
    Path dir;
    Path log;
    Path runbook;

    @BeforeAll
    static void start() {
        cloudWatch = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        cloudWatch.start();
    }

    @AfterAll
    static void stop() {
        cloudWatch.stop();
    }

    @BeforeEach
    void write() throws Exception {
        cloudWatch.resetAll();
        log = dir.resolve("audit.jsonl");
        runbook = Files.writeString(dir.resolve("alarms-drill.yaml"), """
                runbook: 1
                name: alarms-drill
                objectives:
                  rto: 30m
                  success-alarms: [orders-errors, checkout-latency]
                  mbco: {level: "catalogue readable", alarm: catalogue-reads}
                steps:
                  - id: restore
                    phase: recover
                    action: exec
                    with: { command: [echo, restored] }
                  - id: check
                    phase: verify
                    action: assert
                    with: { that: true }
                """);
    }

    private static String item(String alarm, String at, String from, String to) {
        return "<member><AlarmName>" + alarm + "</AlarmName><AlarmType>MetricAlarm</AlarmType>"
                + "<Timestamp>" + at + "</Timestamp><HistoryItemType>StateUpdate</HistoryItemType>"
                + "<HistorySummary>Alarm updated from " + from + " to " + to + "</HistorySummary>"
                + "<HistoryData>{&quot;version&quot;:&quot;1.0&quot;,&quot;oldState&quot;:{&quot;stateValue&quot;:&quot;"
                + from + "&quot;},&quot;newState&quot;:{&quot;stateValue&quot;:&quot;" + to
                + "&quot;,&quot;stateReason&quot;:&quot;Threshold Crossed&quot;}}</HistoryData></member>";
    }

    private static void history(String alarm, String... items) {
        String body = "<DescribeAlarmHistoryResponse " + CW + "><DescribeAlarmHistoryResult><AlarmHistoryItems>"
                + String.join("", items) + "</AlarmHistoryItems></DescribeAlarmHistoryResult><ResponseMetadata>"
                + "<RequestId>r-1</RequestId></ResponseMetadata></DescribeAlarmHistoryResponse>";
        cloudWatch.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarmHistory"))
                .withRequestBody(containing("AlarmName=" + alarm)).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/xml").withBody(body)));
    }

    private Cli.Result drill() {
        return cli().clock(FIXED).env("AWS_ACCESS_KEY_ID", "dummy").env("AWS_SECRET_ACCESS_KEY", "dummy")
                .run("run", runbook.toString(), "--drill", "--yes", "--audit-log", log.toString(), "--region",
                        "eu-west-1", "--endpoint", "cloudwatch=http://127.0.0.1:" + cloudWatch.port(),
                        "--incident-start", "2026-11-22T02:45:00Z", "--anchor", anchor());
    }

    private String anchor() {
        return dir.resolve("anchor").toUri().toString();
    }

    private static String runId(Cli.Result r) {
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private JsonNode measured() throws Exception {
        JsonNode last = null;
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("event").asText().equals("objectives-measured")) {
                last = n;
            }
        }
        assertThat(last).as("an objectives-measured record").isNotNull();
        return last;
    }

    @Test
    void anAlarmThatRecoversThenFiresAgainFailsTheDrillAndOneThatStaysOkPasses() throws Exception {
        history("orders-errors", item("orders-errors", "2026-11-22T02:46:00Z", "OK", "ALARM"),
                item("orders-errors", "2026-11-22T02:55:00Z", "ALARM", "OK"),
                item("orders-errors", "2026-11-22T02:58:00Z", "OK", "ALARM"));
        history("checkout-latency", item("checkout-latency", "2026-11-22T02:47:00Z", "OK", "ALARM"),
                item("checkout-latency", "2026-11-22T02:52:00Z", "ALARM", "OK"));
        history("catalogue-reads", item("catalogue-reads", "2026-11-22T01:00:00Z", "INSUFFICIENT_DATA", "OK"));

        Cli.Result r = drill();

        // the run itself succeeded: the pass rule judges the exercise, not the run's exit code
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("success alarm orders-errors: FAILED, recovered to OK at 2026-11-22T02:55:00Z, "
                        + "then ALARM again at 2026-11-22T02:58:00Z: it did not stay OK until the end",
                "success alarm checkout-latency: passed, OK from 2026-11-22T02:52:00Z",
                "MBCO catalogue readable: met", "scorecard: FAILED, 1 nonconformity (the report lists them)");
        // the window: a day before the disruption start (to know each alarm's state then) to the drill's end
        cloudWatch.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAlarmHistory"))
                .withRequestBody(containing("StartDate=2026-11-21T02%3A45%3A00Z"))
                .withRequestBody(containing("EndDate=2026-11-22T03%3A00%3A00Z")));

        JsonNode m = measured();
        assertThat(m.path("successAlarms").toString()).isEqualTo("[\"orders-errors\",\"checkout-latency\"]");
        assertThat(m.path("alarmHistory").path("transitions")).hasSize(6);
        assertThat(m.path("mbco").path("alarm").asText()).isEqualTo("catalogue-reads");
        assertThat(m.path("scorecard").path("passed").asBoolean(true)).isFalse();
        assertThat(m.path("scorecard").path("verdicts").path("mbco").asText()).isEqualTo("met");

        String id = runId(r);
        // the report is made from the log alone: CloudWatch is not asked again
        cloudWatch.resetRequests();
        Cli.Result json = cli().run("report", id, "--format", "json", "--audit-log", log.toString());
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode card = JSON.readTree(json.out()).path("scorecard");
        assertThat(card.path("passed").asBoolean(true)).isFalse();
        assertThat(card.path("successAlarms").get(0).path("passed").asBoolean(true)).isFalse();
        assertThat(card.path("successAlarms").get(1).path("okFrom").asText()).isEqualTo("2026-11-22T02:52:00Z");
        Cli.Result junit = cli().run("report", id, "--format", "junit", "--audit-log", log.toString());
        assertThat(junit.out()).contains("name=\"success alarm orders-errors OK within the RTO and until the end\"",
                "type=\"success-alarm-failed\"", "<property name=\"scorecard\" value=\"failed\"/>",
                "name=\"MBCO held: catalogue readable\"");
        Cli.Result html = cli().run("report", id, "--format", "html", "--audit-log", log.toString());
        assertThat(html.out()).contains("<ul id=\"scorecard-alarms\">", "<li class=\"missed\">orders-errors: failed");

        Path pack = dir.resolve("evidence");
        Cli.Result ev = cli().run("report", id, "--evidence", pack.toString(), "--audit-log", log.toString(),
                "--anchor", anchor());
        assertThat(ev.exitCode()).as(ev.toString()).isZero();
        JsonNode alarms = JSON.readTree(Files.readString(pack.resolve("alarm-history.json")));
        assertThat(alarms.path("transitions")).hasSize(6);
        assertThat(alarms.path("from").asText()).isEqualTo("2026-11-21T02:45:00Z");
        // the checkpoints the run posted to its anchor, each naming a record of the run with that record's hash
        JsonNode checkpoints = JSON.readTree(Files.readString(pack.resolve("checkpoints.json")));
        JsonNode posted = checkpoints.path("anchors").get(0).path("checkpoints");
        assertThat(posted.size()).isGreaterThanOrEqualTo(2);
        posted.forEach(c -> assertThat(c.path("matches").asBoolean(false)).as(c.toString()).isTrue());
        // the last one anchors the measurement itself, scorecard and alarm history included
        assertThat(posted.get(posted.size() - 1).path("event").asText()).isEqualTo("objectives-measured");
        Cli.Result bare = cli().run("report", id, "--evidence", dir.resolve("bare").toString(), "--audit-log",
                log.toString());
        assertThat(JSON.readTree(Files.readString(dir.resolve("bare/checkpoints.json"))).path("note").asText())
                .startsWith("no anchor configured");
        assertThat(cloudWatch.getAllServeEvents()).isEmpty();
    }

    @Test
    void aHistoryThatCannotBeReadIsRecordedAndTheAlarmsFailAsNotEvidenced() throws Exception {
        cloudWatch.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "text/xml").withBody("<ErrorResponse " + CW + "><Error><Type>Sender</Type>"
                        + "<Code>AccessDenied</Code><Message>User is not authorized to perform: "
                        + "cloudwatch:DescribeAlarmHistory</Message></Error><RequestId>r-2</RequestId></ErrorResponse>")));

        Cli.Result r = drill();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("success alarm orders-errors: FAILED, not evidenced: the alarm history could "
                + "not be read (", "MBCO catalogue readable: not measured");
        JsonNode m = measured();
        assertThat(m.path("alarmHistory").path("error").asText()).contains("AccessDenied");
    }
}
