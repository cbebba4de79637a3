package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.audit.Sha256;
import dev.runbook.report.JUnitSchemaRules;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A drill through the built jar as a user runs it: {@code run --drill --incident-start now-10m}, then the report in
 * every format, the history, and an evidence pack, all from the audit log the run wrote.
 */
class DrillsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path log;
    static Path runbook;
    static Run drill;
    static String runId;

    @BeforeAll
    static void runADrill() throws Exception {
        log = dir.resolve("audit.jsonl");
        runbook = Files.copy(RepoPaths.repo().resolve("cli/src/test/resources/report/drill.yaml"),
                dir.resolve("drill.yaml"));
        drill = java("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log", log.toString(),
                "--incident-start", "now-10m");
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(drill.out());
        assertThat(m.find()).as(drill.toString()).isTrue();
        runId = m.group(1);
    }

    @Test
    void theDrillEndsWithItsSummaryAndTheLogStillVerifies() throws Exception {
        assertThat(drill.exit()).as(drill.toString()).isZero();
        assertThat(drill.out()).contains("drill summary (incident start ")
                .containsPattern("RTO  target 30m00s +achieved 10m\\d\\ds +met")
                .containsPattern("RPO  target 5m00s +achieved 2m00s +met")
                .contains("report: runbook report " + runId);

        Run verify = java("audit", "verify", log.toString());

        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(Files.readString(log)).contains("\"event\":\"objectives-measured\"");
    }

    @Test
    void theJsonReportHasTheObjectivesAndEveryStep() throws Exception {
        Run r = java("report", runId, "--format", "json", "--audit-log", log.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.path("run").path("id").asText()).isEqualTo(runId);
        assertThat(json.path("run").path("drill").asBoolean()).isTrue();
        JsonNode rto = json.path("objectives").path("rto");
        assertThat(rto.path("achievedSeconds").asDouble()).isGreaterThanOrEqualTo(600.0);
        assertThat(rto.path("met").asBoolean()).isTrue();
        assertThat(json.path("objectives").path("rpo").path("achievedSeconds").asDouble()).isEqualTo(120.0);
        List<String> ids = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        json.path("steps").forEach(s -> {
            ids.add(s.path("id").asText());
            phases.add(s.path("phase").asText());
        });
        assertThat(ids).containsExactly("detect", "decide", "restore", "check");
        assertThat(phases).containsExactly("detect", "decide", "recover", "verify");
        assertThat(json.path("steps").get(2).path("status").asText()).isEqualTo("succeeded");
        assertThat(json.path("steps").get(2).path("confirmedBy").get(0).asText()).isEqualTo("--yes");
    }

    @Test
    void theJunitReportFollowsTheJunitSchema() throws Exception {
        Run r = java("report", runId, "--format", "junit", "--audit-log", log.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        Document doc = JUnitSchemaRules.check(r.out());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(4 + 2);
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void theMarkdownReportHasTheTablesAndTheGanttChart() throws Exception {
        Run r = java("report", runId, "--audit-log", log.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("# Drill report: report-drill\n").contains("## Objectives")
                .contains("| RPO | 5m00s | 2m00s | ✅ met | objectives.rpo-from |").contains("```mermaid\ngantt\n")
                .contains("    section verify\n    check :done, ");
    }

    @Test
    void theHtmlReportIsWellFormedXhtml() throws Exception {
        Run r = java("report", runId, "--format", "html", "--audit-log", log.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        Document doc = JUnitSchemaRules.parseXml(r.out());
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "tr").getLength()).isGreaterThan(10);
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(1);
    }

    @Test
    void theHtmlReportOpensInAHeadlessBrowserWhenOneIsInstalled() throws Exception {
        String chromium = RepoPaths.onPath("chromium", "chromium-browser");
        Assumptions.assumeTrue(chromium != null, "no chromium on PATH");
        Path html = dir.resolve("report.html");
        Files.writeString(html, java("report", runId, "--format", "html", "--audit-log", log.toString()).out());

        Run r = run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                html.toUri().toString()));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Drill report: report-drill").contains("<svg");
    }

    @Test
    void historyShowsTheDrillWithItsRtoAndASparkline() throws Exception {
        Run text = java("history", "report-drill", "--audit-log", log.toString());
        Run json = java("history", "report-drill", "--output", "json", "--audit-log", log.toString());

        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains(runId).containsPattern("10m\\d\\ds \\(30m00s\\) met")
                .contains("RTO per drill, oldest to newest: =");
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode rows = JSON.readTree(json.out());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("objectives").path("rpo").path("met").asBoolean()).isTrue();
    }

    @Test
    void anEvidencePackHoldsTheReportsTheRunbookTheRecordsTheChainAndAManifest() throws Exception {
        Path pack = dir.resolve("evidence");

        Run r = java("report", runId, "--evidence", pack.toString(), "--audit-log", log.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(pack.resolve("drill.yaml")).hasSameTextualContentAs(runbook);
        JUnitSchemaRules.check(Files.readString(pack.resolve("report.junit.xml")));
        List<String> records = Files.readAllLines(pack.resolve("audit-records.jsonl"));
        assertThat(records).isNotEmpty().allMatch(l -> l.contains("\"runId\":\"" + runId + "\""));
        assertThat(records.get(records.size() - 1)).contains("objectives-measured");
        Run verify = java("audit", "verify", log.toString());
        String head = verify.out().lines().filter(l -> l.startsWith("head ")).findFirst().orElseThrow();
        assertThat(Files.readString(pack.resolve("chain.txt"))).contains("verify: intact")
                .contains(head.split(" ")[1]);
        JsonNode manifest = JSON.readTree(pack.resolve("manifest.json").toFile());
        assertThat(manifest.path("runbookFile").path("state").asText()).isEqualTo("as run");
        // the reports (4), the runbook, the records, chain.txt and checkpoints.json (no anchor: a note says so)
        assertThat(manifest.path("files")).hasSize(8);
        assertThat(JSON.readTree(pack.resolve("checkpoints.json").toFile()).path("note").asText())
                .startsWith("no anchor configured");
        for (JsonNode f : manifest.path("files")) {
            assertThat(Sha256.ofFile(pack.resolve(f.path("name").asText()))).as(f.toString())
                    .isEqualTo(f.path("sha256").asText());
        }
    }

    @Test
    void aTabletopOfAShippedRunbookThroughTheJarNeedsNoAwsCredentialsAndItsReportShowsTheNotes() throws Exception {
        Path tabletopLog = dir.resolve("tabletop.jsonl");
        Path shipped = RepoPaths.repo().resolve("runbooks-yaml/backup-restore-drill.yaml");
        noAws = true;
        Run walk;
        try {
            walk = java("run", shipped.toString(), "--tabletop", "-p", "table=orders", "-p", "spotKey=k1",
                    "--participants", "alice,bob", "--note", "restore=who checks the restore point?", "--note",
                    "record=gap: the DR register has no owner", "--audit-log", tabletopLog.toString());
        } finally {
            noAws = false;
        }
        assertThat(walk.exit()).as(walk.toString()).isZero();
        assertThat(walk.out()).contains("TABLETOP: nothing will be executed").contains("11. Record the drill")
                .contains("note (--note): who checks the restore point?");
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(walk.out());
        assertThat(m.find()).isTrue();

        Run report = java("report", m.group(1), "--audit-log", tabletopLog.toString());

        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out()).contains("# Tabletop report: backup-restore-drill")
                .contains("| Participants | alice, bob |")
                .contains("| 3 | Restore into a scratch table (`restore`) | who checks the restore point? | --note |")
                .contains("gap: the DR register has no owner");
        assertThat(java("audit", "verify", tabletopLog.toString()).exit()).isZero();
    }

    /** While true, children run with no AWS credentials, profile, region or instance metadata to find. */
    private static boolean noAws;

    private static Run java(String... args) throws IOException, InterruptedException {
        Path jar = RepoPaths.jar();
        assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return run(command);
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("NO_COLOR", "1");
        if (noAws) {
            pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
            pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
            pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        }
        Process p = pb.start();
        // A bound only against a hung child, never a timing assertion.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A finished child process. */
    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
