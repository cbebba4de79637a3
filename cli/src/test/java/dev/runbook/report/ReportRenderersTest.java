package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.VerifyResult;
import dev.runbook.error.RunbookException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportRenderersTest {
    @TempDir
    Path dir;

    private DrillReport report(String restoreStatus) {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, restoreStatus, Map.of("rpoSeconds", 90));
            RunTimeline t = log.timeline();
            log.measured(ObjectiveMeter.measure(DrillReportTest.runbook(""), t, DrillLog.at(-600),
                    ObjectiveMeter.scope(t)));
            return DrillReport.of(log.timeline(), null);
        }
    }

    @Test
    void jsonHasTheRunTheObjectivesAndEveryStepWithItsFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report("succeeded")));

        assertThat(json.path("run").path("id").asText()).isEqualTo("run-1");
        assertThat(json.path("run").path("incidentStart").asText()).isEqualTo("2026-11-22T02:50:00Z");
        assertThat(json.path("objectives").path("rto").path("achievedSeconds").asDouble()).isEqualTo(1320.0);
        assertThat(json.path("objectives").path("rto").path("target").asText()).isEqualTo("30m00s");
        assertThat(json.path("objectives").path("rto").path("met").asBoolean()).isTrue();
        assertThat(json.path("objectives").path("rpo").path("achievedSeconds").asDouble()).isEqualTo(90.0);
        JsonNode restore = json.path("steps").get(2);
        assertThat(restore.path("id").asText()).isEqualTo("restore");
        assertThat(restore.path("durationSeconds").asDouble()).isEqualTo(415.0);
        assertThat(restore.path("waitingSeconds").asDouble()).isEqualTo(60.0);
        assertThat(restore.path("phase").asText()).isEqualTo("recover");
        assertThat(restore.path("attempts").asInt()).isEqualTo(2);
        assertThat(restore.path("startedAt").asText()).isEqualTo("2026-11-22T03:05:05Z");
        assertThat(json.path("time").path("waitingSeconds").asDouble()).isEqualTo(325.0);
    }

    @Test
    void junitHasATestcasePerStepAndPerObjectiveAndFollowsTheSchema() throws Exception {
        Document doc = JUnitSchemaRules.check(JUnitReport.render(report("succeeded")));

        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(5 + 2);
        Element rto = (Element) cases.item(5);
        assertThat(rto.getAttribute("name")).isEqualTo("RTO within 30m00s");
        assertThat(rto.getAttribute("time")).isEqualTo("1320.000");
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void junitShowsAFailedStepAndTheMissedRtoAsFailuresAndASkippedStepAsSkipped() throws Exception {
        Document doc = JUnitSchemaRules.check(JUnitReport.render(report("failed")));

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("exit code 1");
        assertThat(failure.getAttribute("type")).isEqualTo("failed");
        Element missed = (Element) doc.getElementsByTagName("failure").item(1);
        assertThat(missed.getAttribute("type")).isEqualTo("objective-missed");
        // a failed drill achieved no RTO: the report never shows one as achieved
        assertThat(missed.getAttribute("message")).startsWith("RTO missed, target 30m00s: not recovered (the run did"
                + " not succeed (failed): no RTO was achieved").doesNotContain("achieved 22m00s");
    }

    @Test
    void aPreflightShowsItsPlannedStepsAsSkippedAndMeasuresNoObjective() throws Exception {
        DrillReport r;
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            log.record(0, "run-started", Map.of("runbook", "orders-restore", "drill", false, "mode", "preflight"))
                    .step(0, 5, "detect", "succeeded")
                    .record(6, "step-planned", Map.of("step", "restore", "action", "exec", "kind", "mutating",
                            "message", "preflight: mutating, not applied"))
                    .finished(7, "succeeded");
            r = DrillReport.of(log.timeline(), DrillReportTest.runbook(""));
        }

        Document doc = JUnitSchemaRules.check(JUnitReport.render(r));

        assertThat(r.rto().verdict()).isEqualTo("not measured");
        assertThat(r.rto().note()).isEqualTo("a preflight recovers nothing");
        assertThat(r.timeline().steps().get(1).status()).isEqualTo("planned");
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("skipped")).isEqualTo("3");
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void markdownHasTheTablesAndAMermaidGanttInSecondsFromTheIncidentStart() {
        String md = MarkdownReport.render(report("succeeded"));

        assertThat(md).startsWith("# Drill report: orders-restore")
                .contains("| RTO | 30m00s | 22m00s | ✅ met |")
                .contains("| RPO | 5m00s | 1m30s | ✅ met | steps.restore.outputs.rpoSeconds |")
                .contains("| Waiting for people (prompts, manual steps) | 5m25s |")
                .contains("| 3 | Title of restore (`restore`) | recover | 03:05:05 | 03:12:00 | 6m55s | 1m00s "
                        + "| succeeded | 2 | bob |")
                .contains("```mermaid\ngantt\n")
                .contains("    dateFormat X\n    axisFormat %s\n")
                .contains("    section decide\n    decide :done, s2, 632, 902\n")
                .contains("    before the run :b0, 0, 600\n");
    }

    @Test
    void htmlIsOneWellFormedSelfContainedXhtmlFileWithTheTablesAndAnSvgChart() throws Exception {
        String html = HtmlReport.render(report("failed"));

        Document doc = JUnitSchemaRules.parseXml(html);

        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("html");
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "table").getLength())
                .as("summary, parameters, objectives, scorecard objectives and timestamps, time, steps").isEqualTo(7);
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength()).isEqualTo(5);
        assertThat(html).doesNotContain("<script").doesNotContain("http://cdn").doesNotContain("https://")
                .contains("class=\"missed\"");
    }

    @Test
    void theSparklineGoesFromLowestToHighestAndMarksDrillsWithoutAnRto() {
        List<Duration> rtos = Arrays.asList(Duration.ofMinutes(40), Duration.ofMinutes(10), null,
                Duration.ofMinutes(25));

        assertThat(DrillHistory.sparkline(rtos)).isEqualTo("#_?=");
        assertThat(DrillHistory.sparkline(List.of(Duration.ofMinutes(3), Duration.ofMinutes(3)))).isEqualTo("==");
    }

    @Test
    void historyListsTheDrillsOfOneRunbookNewestFirst() throws Exception {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            log.run("old").started(0, "orders-restore", true).step(0, 100, "restore", "succeeded").finished(101, "succeeded");
            log.run("other").started(200, "something-else", true).step(200, 210, "x", "succeeded").finished(211, "succeeded");
            log.run("plain").started(300, "orders-restore", false).step(300, 310, "x", "succeeded").finished(311, "succeeded");
            log.run("new").started(400, "orders-restore", true).step(400, 450, "restore", "succeeded").finished(451, "succeeded");

            List<DrillReport> drills = DrillHistory.of(log.file(), "orders-restore");

            assertThat(drills).extracting(d -> d.timeline().runId()).containsExactly("new", "old");
            assertThat(drills).extracting(d -> d.rto().achieved())
                    .containsExactly(Duration.ofSeconds(50), Duration.ofSeconds(100));
        }
    }

    @Test
    void anEvidencePackRefusesARunbookThatChangedSinceTheRunUnlessAllowed() throws Exception {
        Path runbook = dir.resolve("orders-restore.yaml");
        Files.writeString(runbook, "changed");
        DrillReport r = report("succeeded");
        RunTimeline moved = new RunTimeline(r.timeline().runId(), r.timeline().runbook(), runbook.toString(),
                "0".repeat(64), "alice", "alice@ops-1", "test", true, "run", r.timeline().params(),
                r.timeline().startedAt(), r.timeline().endedAt(), "succeeded", r.timeline().steps(), List.of(),
                r.timeline().records(), r.timeline().measured(), r.timeline().superseded());
        DrillReport changed = DrillReport.of(moved, null);
        VerifyResult verify = new AuditVerifier().verify(dir.resolve("audit.jsonl"));

        assertThatThrownBy(() -> EvidencePack.write(dir.resolve("pack"), changed, dir.resolve("audit.jsonl"), verify,
                "1.0", false)).isInstanceOf(RunbookException.class).hasMessageContaining("changed since run run-1");
        EvidencePack.Written w = EvidencePack.write(dir.resolve("pack"), changed, dir.resolve("audit.jsonl"), verify,
                "1.0", true);

        assertThat(w.files()).contains("CHANGED-orders-restore.yaml", "report.md", "report.json",
                "report.junit.xml", "report.html", "audit-records.jsonl", "chain.txt", "manifest.json");
        assertThat(w.warnings()).singleElement().asString().contains("changed since the run");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("pack/manifest.json").toFile());
        assertThat(manifest.path("runbookFile").path("state").asText()).isEqualTo("changed since the run");
        assertThat(manifest.path("parameters").path("token").asText()).isEqualTo("***");
        // the temp dir of the test is outside this checkout or inside one: either way the field is there and says so
        assertThat(manifest.path("runbookFile").path("gitCommit").asText())
                .matches("[0-9a-f]{40} \\(.*\\)|" + GitCommit.NONE);
        assertThat(Files.readAllLines(dir.resolve("pack/audit-records.jsonl"))).hasSize(r.timeline().records().size());
        assertThat(Files.readString(dir.resolve("pack/chain.txt"))).contains("verify: intact").contains(verify.head());
    }

    @Test
    void anRpoFromThatOverflowsIsNotMeasuredInEveryFormatAndItsJUnitCaseFails() throws Exception {
        for (String rpoFrom : List.of("steps.restore.outputs.lag", "1e400", "to-number(steps.restore.outputs.lag)")) {
            DrillReport r;
            try (DrillLog log = new DrillLog(dir.resolve(rpoFrom.length() + "-audit.jsonl"))) {
                DrillReportTest.drill(log, "succeeded", Map.of("lag", "1e400"));
                RunTimeline t = log.timeline();
                log.measured(ObjectiveMeter.measure(DrillReportTest.runbook("  rpo-from: '${{ " + rpoFrom + " }}'"),
                        t, DrillLog.at(-600), ObjectiveMeter.scope(t)));
                r = DrillReport.of(log.timeline(), null);
            }

            assertThat(r.rpo().achieved()).as(rpoFrom).isNull();
            assertThat(r.rpo().met()).as(rpoFrom).isFalse();
            assertThat(r.rpo().verdict()).isEqualTo("not measured");
            JsonNode rpo = new ObjectMapper().readTree(JsonReport.render(r)).path("objectives").path("rpo");
            assertThat(rpo.path("met").asBoolean(true)).isFalse();
            assertThat(rpo.path("achievedSeconds").isNull()).as(rpo.toString()).isTrue();
            assertThat(MarkdownReport.render(r)).contains("not measured").doesNotContain("| ✅ met |\n| RPO");
            assertThat(HtmlReport.render(r)).contains("not measured");
            Document doc = JUnitSchemaRules.check(JUnitReport.render(r));
            NodeList cases = doc.getElementsByTagName("testcase");
            Element rpoCase = null;
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getAttribute("name").startsWith("RPO")) {
                    rpoCase = c;
                }
            }
            assertThat(rpoCase).isNotNull();
            assertThat(rpoCase.getElementsByTagName("failure").getLength()).as(rpoFrom).isEqualTo(1);
            assertThat(((Element) rpoCase.getElementsByTagName("failure").item(0)).getAttribute("message"))
                    .startsWith("RPO not measured");
        }
    }
}
