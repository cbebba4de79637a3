package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import dev.runbook.audit.HashChainedAuditLog;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --drill --incident-start}, {@code report} and {@code history} in-process, with a fixed clock. */
class DrillRunIT {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path log;
    Path runbook;

    @BeforeEach
    void copyTheDrill() throws Exception {
        log = dir.resolve("audit.jsonl");
        runbook = Files.copy(RepoPaths.repo().resolve("cli/src/test/resources/report/drill.yaml"),
                dir.resolve("drill.yaml"));
    }

    @Test
    void withAFixedClockTheRtoIsExactlyTheTimeSinceTheIncidentStart() {
        Cli.Result r = cli().clock(FIXED).run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log",
                log.toString(), "--incident-start", "2026-11-22T02:45:00Z");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("drill summary (incident start 2026-11-22T02:45:00Z)")
                .containsPattern("RTO  target 30m00s +achieved 15m00s +met")
                .containsPattern("RPO  target 5m00s +achieved 2m00s +met")
                .contains("time: before the run 15m00s, detect 0ms, decide 0ms, recover 0ms, verify 0ms");
    }

    @Test
    void rpoFromMeasuresAPointInTimeRestoreAsTheIncidentStartMinusTheRestorePoint() throws Exception {
        Path pitr = Files.writeString(dir.resolve("pitr.yaml"), """
                runbook: 1
                name: pitr-drill
                objectives:
                  rto: 1h
                  rpo: 5m
                  rpo-from: '${{ seconds-between(steps.restore.outputs.restorePoint, run.incidentStart) }}'
                steps:
                  - id: restore
                    action: exec
                    with: { command: [echo, '2026-11-22T02:37:30Z'] }
                    outputs:
                      restorePoint: '${{ trim(outputs.stdout) }}'
                """);

        Cli.Result r = cli().clock(FIXED).run("run", pitr.toString(), "--drill", "--yes", "--ack", "all", "--audit-log",
                log.toString(), "--incident-start", "2026-11-22T02:40:00Z");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("RPO  target 5m00s +achieved 2m30s +met");
    }

    @Test
    void theMarkdownAndHtmlReportsListTheParametersWithSecretsMasked() throws Exception {
        Path withParams = Files.writeString(dir.resolve("params.yaml"), """
                runbook: 1
                name: params-drill
                parameters:
                  table: { type: string }
                  token: { type: string, secret: true }
                  percent: { type: integer, default: 5 }
                steps:
                  - id: look
                    action: exec
                    with: { command: [echo, '${{ params.table }}'] }
                """);
        String id = runId(cli().clock(FIXED).run("run", withParams.toString(), "--drill", "-p", "table=orders",
                "-p", "token=s3cr3t-value", "--audit-log", log.toString()));

        String markdown = cli().run("report", id, "--audit-log", log.toString()).out();
        String html = cli().run("report", id, "--format", "html", "--audit-log", log.toString()).out();

        assertThat(markdown).contains("## Parameters").contains("| table | `orders` |").contains("| token | `***` |")
                .contains("| percent | `5` |").doesNotContain("s3cr3t-value");
        assertThat(html).contains("<table id=\"params\">").contains("<td>table</td><td><code>orders</code></td>")
                .contains("<td>token</td><td><code>***</code></td>").doesNotContain("s3cr3t-value");
    }

    @Test
    void runIncidentStartIsKnownToRpoFromOnly() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                runbook: 1
                name: bad-drill
                steps:
                  - id: a
                    action: assert
                    with: { that: '${{ run.incidentStart != "" }}' }
                """);

        Cli.Result r = cli().run("validate", bad.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("unknown name 'run.incidentStart'");
    }

    @Test
    void aRelativeIncidentStartIsReadFromTheClock() {
        Cli.Result r = cli().clock(FIXED).run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log",
                log.toString(), "--incident-start", "now-1h");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("RTO  target 30m00s +achieved 1h00m +missed");
    }

    @Test
    void withJsonOutputTheDrillSummaryIsOneMoreJsonLine() throws Exception {
        Cli.Result r = cli().clock(FIXED).run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--output", "json",
                "--audit-log", log.toString(), "--incident-start", "now-20m");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(last.path("event").asText()).isEqualTo("drill-summary");
        assertThat(last.path("objectives").path("rto").path("achievedSeconds").asDouble()).isEqualTo(1200.0);
        assertThat(last.path("objectives").path("rpo").path("met").asBoolean()).isTrue();
    }

    @Test
    void aDrillStoppedAtAPromptAndResumedIsMeasuredAgainFromTheIncidentStartItDeclared() throws Exception {
        // the operator stops at the checklist (without a terminal the run would be refused before its first step)
        Cli.Result stopped = cli().clock(FIXED).terminal(true).env("NO_COLOR", "1").stdin("stop\n").run("run",
                runbook.toString(), "--drill", "--audit-log", log.toString(), "--incident-start",
                "2026-11-22T02:40:00Z");
        String id = runId(stopped, 3);
        assertThat(stopped.out()).containsPattern("RTO  target 30m00s +achieved - +not recovered \\(the run did not "
                + "succeed \\(declined\\): no RTO was achieved");

        Cli.Result resumed = cli().clock(FIXED).run("resume", id, "--yes", "--ack", "all", "--audit-log", log.toString());

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("drill summary (incident start 2026-11-22T02:40:00Z)")
                .containsPattern("RTO  target 30m00s +achieved 20m00s +met");
        JsonNode json = new ObjectMapper().readTree(cli().run("report", id, "--format", "json", "--audit-log",
                log.toString()).out());
        assertThat(json.path("run").path("status").asText()).isEqualTo("succeeded");
        assertThat(json.path("objectives").path("rto").path("met").asBoolean()).isTrue();
        assertThat(json.path("run").path("measuredAtEnd").asBoolean()).isTrue();
    }

    @Test
    void theStatedDetectionDeclarationAndExerciseReachTheScorecardAlsoAfterAResume() throws Exception {
        Cli.Result stopped = cli().clock(FIXED).terminal(true).env("NO_COLOR", "1").stdin("stop\n").run("run",
                runbook.toString(), "--drill", "--audit-log", log.toString(), "--incident-start",
                "2026-11-22T02:40:00Z", "--detected-at", "2026-11-22T02:45:00Z", "--declared-at", "now-5m",
                "--exercise", "simulation");
        String id = runId(stopped, 3);

        Cli.Result resumed = cli().clock(FIXED).run("resume", id, "--yes", "--ack", "all", "--audit-log", log.toString());

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        JsonNode card = new ObjectMapper().readTree(cli().run("report", id, "--format", "json", "--audit-log",
                log.toString()).out()).path("scorecard");
        assertThat(card.path("exercise").asText()).isEqualTo("simulation");
        assertThat(card.path("timestamps").path("detection").asText()).isEqualTo("2026-11-22T02:45:00Z");
        assertThat(card.path("timestamps").path("declaration").asText()).isEqualTo("2026-11-22T02:55:00Z");
        assertThat(card.path("achieved").path("timeToDetect").asDouble()).isEqualTo(300.0);
        assertThat(card.path("achieved").path("timeToDeclare").asDouble()).isEqualTo(600.0);
        assertThat(card.path("achieved").path("rtoFromDeclaration").asDouble()).isEqualTo(300.0);
        assertThat(cli().run("report", id, "--format", "markdown", "--audit-log", log.toString()).out())
                .contains("Exercise type: simulation", "| Detection | 2026-11-22T02:45:00Z |");
    }

    @Test
    void marksOutOfOrderOrWithoutDrillAreInvalidInputAndNothingRuns() {
        Cli.Result early = cli().clock(FIXED).run("run", runbook.toString(), "--drill", "--yes", "--ack", "all",
                "--audit-log", log.toString(), "--incident-start", "now-10m", "--detected-at", "now-20m");
        Cli.Result noDrill = cli().run("run", runbook.toString(), "--yes", "--ack", "all", "--audit-log",
                log.toString(), "--exercise", "full");
        Cli.Result tabletop = cli().run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log",
                log.toString(), "--exercise", "tabletop");

        assertThat(early.exitCode()).as(early.toString()).isEqualTo(2);
        assertThat(early.err()).contains("--detected-at 2026-11-22T02:40:00Z is before the incident start "
                + "2026-11-22T02:50:00Z");
        assertThat(noDrill.exitCode()).isEqualTo(2);
        assertThat(noDrill.err()).contains("--exercise is for drills: add --drill");
        assertThat(tabletop.exitCode()).isEqualTo(2);
        assertThat(tabletop.err()).contains("run it with --tabletop");
        assertThat(log).doesNotExist();
    }

    @Test
    void atATerminalThePeopleWhoAnsweredAreWhoConfirmed() throws Exception {
        Cli.Result run = cli().terminal(true).env("NO_COLOR", "1").stdin("\ny\n")
                .run("run", runbook.toString(), "--drill", "--audit-log", log.toString());
        String id = runId(run);

        JsonNode json = new ObjectMapper().readTree(cli().run("report", id, "--format", "json", "--audit-log",
                log.toString()).out());

        String operator = System.getProperty("user.name");
        assertThat(json.path("steps").get(1).path("confirmedBy").toString()).isEqualTo("[\"" + operator + "\"]");
        assertThat(json.path("steps").get(2).path("confirmedBy").toString()).isEqualTo("[\"" + operator + "\"]");
    }

    @Test
    void anIncidentStartWithoutDrillIsInvalidInputAndNothingRuns() {
        Cli.Result r = cli().run("run", runbook.toString(), "--yes", "--ack", "all", "--audit-log", log.toString(),
                "--incident-start", "now-10m");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--incident-start is for drills: add --drill");
        assertThat(log).doesNotExist();
    }

    @Test
    void anIncidentStartThatIsNotATimeOrInTheFutureIsInvalidInput() {
        Cli.Result bad = cli().run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log", log.toString(),
                "--incident-start", "yesterday");
        Cli.Result future = cli().clock(FIXED).run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log",
                log.toString(), "--incident-start", "2026-11-22T04:00:00Z");

        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("--incident-start: 'yesterday' is not a timestamp");
        assertThat(future.exitCode()).as(future.toString()).isEqualTo(2);
        assertThat(future.err()).contains("is in the future");
        assertThat(log).doesNotExist();
    }

    @Test
    void anOrdinaryRunIsReportedWithPhasesAndTargetsFromTheRunbookFileAsRun() throws Exception {
        Cli.Result run = cli().run("run", runbook.toString(), "--yes", "--ack", "all", "--audit-log", log.toString());
        String id = runId(run);

        Cli.Result r = cli().run("report", id, "--format", "json", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("run").path("drill").asBoolean()).isFalse();
        assertThat(json.path("run").path("measuredAtEnd").asBoolean()).isFalse();
        assertThat(json.path("objectives").path("rto").path("target").asText()).isEqualTo("30m00s");
        assertThat(json.path("objectives").path("rpo").path("achievedSeconds").asDouble()).isEqualTo(120.0);
        assertThat(json.path("steps").get(0).path("phase").asText()).isEqualTo("detect");
        assertThat(Files.readString(log)).doesNotContain("objectives-measured");
    }

    @Test
    void anEvidencePackOfARunbookChangedSinceTheRunIsRefusedUnlessAllowed() throws Exception {
        String id = runId(cli().run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log", log.toString()));
        Files.writeString(runbook, Files.readString(runbook) + "# edited after the drill\n");

        Cli.Result refused = cli().run("report", id, "--evidence", dir.resolve("pack").toString(), "--audit-log",
                log.toString());
        Cli.Result allowed = cli().run("report", id, "--evidence", dir.resolve("pack").toString(), "--allow-changed",
                "--audit-log", log.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("changed since run " + id).contains("--allow-changed");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.err()).contains("warning: the runbook file").contains("changed since the run");
        assertThat(dir.resolve("pack/CHANGED-drill.yaml")).exists();
    }

    @Test
    void historyIsOrderedByDrillDateTheIncidentStartAndSaysSo() {
        // run first (02:00) but for the later incident (01:50); run last (03:00) for an incident at 01:00
        String later = runId(cli().clock(Clock.fixed(Instant.parse("2026-11-22T02:00:00Z"), ZoneOffset.UTC))
                .run("run", runbook.toString(), "--drill", "--yes", "--ack", "all", "--audit-log", log.toString(),
                        "--incident-start", "2026-11-22T01:50:00Z"));
        String earlier = runId(cli().clock(FIXED).run("run", runbook.toString(), "--drill", "--yes", "--ack", "all",
                "--audit-log", log.toString(), "--incident-start", "2026-11-22T01:00:00Z"));

        Cli.Result r = cli().run("history", "report-drill", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("drills of report-drill, newest first by drill date (the incident start):");
        assertThat(lines.get(2)).startsWith("2026-11-22T01:50:00Z").contains(later);
        assertThat(lines.get(3)).startsWith("2026-11-22T01:00:00Z").contains(earlier);
    }

    @Test
    void historyOfARunbookWithoutDrillsSaysSo() {
        cli().run("run", runbook.toString(), "--yes", "--ack", "all", "--audit-log", log.toString());

        Cli.Result r = cli().run("history", "report-drill", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("no drills of 'report-drill' in " + log);
    }

    @Test
    void theSparklineOfAlongHistoryShowsTheLastSixtyDrillsOldestFirst() throws Exception {
        try (HashChainedAuditLog audit = HashChainedAuditLog.open(log, null, false, FIXED)) {
            for (int i = 0; i < 61; i++) {
                Instant start = NOW.plusSeconds(3600L * i);
                // the first drill (left out of the sparkline) is the slowest, the last the fastest, the rest alike
                long rto = i == 0 ? 5000 : i == 60 ? 100 : 1000;
                audit.appendFields(Map.of("runId", "r" + i, "event", "run-started", "ts", start.toString(),
                        "runbook", "report-drill", "drill", true, "mode", "run", "operator", "alice"));
                audit.appendFields(Map.of("runId", "r" + i, "event", "step-started", "ts", start.toString(),
                        "step", "restore", "attempt", 1));
                audit.appendFields(Map.of("runId", "r" + i, "event", "step-succeeded", "status", "succeeded",
                        "ts", start.plusSeconds(rto).toString(), "step", "restore", "attempts", 1));
                audit.appendFields(Map.of("runId", "r" + i, "event", "run-finished", "status", "succeeded",
                        "ts", start.plusSeconds(rto).toString()));
            }
        }

        Cli.Result r = cli().run("history", "report-drill", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).hasSize(2 + 61 + 2);
        assertThat(r.out()).contains("RTO per drill, oldest to newest (the last 60 of 61): " + "#".repeat(59) + "_"
                + "  min 1m40s, max 16m40s");
    }

    private static String runId(Cli.Result run) {
        return runId(run, 0);
    }

    private static String runId(Cli.Result run, int exitCode) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(run.out());
        assertThat(m.find()).as(run.toString()).isTrue();
        return m.group(1);
    }
}
