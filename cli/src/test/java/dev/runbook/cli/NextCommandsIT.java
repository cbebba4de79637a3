package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static dev.runbook.cli.RunIT.runbook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every failed, interrupted or declined run ends with the exact command that continues it; a drill with its report's. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NextCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String runId(Cli.Result r) {
        Matcher m = RunIT.RUN_ID.matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private static String lastLine(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void aFailedRunEndsWithTheResumeCommandNamingItsAuditLogAndThatCommandContinuesIt() throws Exception {
        Path log = tmp.resolve("incident log.jsonl");
        Cli.Result failed = cli().run("run", runbook("check.yaml"), "--audit-log", log.toString());
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        String id = runId(failed);

        assertThat(lastLine(failed.out())).isEqualTo("to continue: runbook resume " + id + " --audit-log '" + log + "'");

        // the printed command, as a shell would split it, is one the tool takes
        Cli.Result resumed = cli().run("resume", id, "--audit-log", log.toString());
        assertThat(resumed.out()).as(resumed.toString()).contains("(resumed)");
        Cli.Result dry = cli().run("run", runbook("check.yaml"), "--dry-run");
        assertThat(dry.out()).as("a dry-run has nothing to continue").doesNotContain("runbook resume");
    }

    @Test
    void aDeclinedRunWithTheDefaultLogEndsWithTheBareResumeCommand() {
        Cli.Result r = cli().env("RUNBOOK_AUDIT_LOG", tmp.resolve("audit.jsonl").toString()).terminal(true).stdin("n\n")
                .run("--no-color", "run", runbook("basic.yaml"), "-p", "marker=" + tmp.resolve("marker"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(lastLine(r.out())).isEqualTo("to continue: runbook resume " + runId(r));
    }

    @Test
    void withOutputJsonRunFinishedCarriesTheCommands() throws Exception {
        Path log = tmp.resolve("audit.jsonl");
        Cli.Result failed = cli().run("run", runbook("check.yaml"), "--output", "json", "--audit-log", log.toString());
        Cli.Result ok = cli().run("run", runbook("basic.yaml"), "--output", "json", "--yes", "--audit-log",
                log.toString(), "-p", "marker=" + tmp.resolve("marker"));

        JsonNode end = JSON.readTree(lastLine(failed.out()));
        assertThat(end.get("event").asText()).as(failed.toString()).isEqualTo("run-finished");
        assertThat(end.get("resumeCommand").asText())
                .isEqualTo("runbook resume " + end.get("runId").asText() + " --audit-log " + log);
        assertThat(end.get("reportCommand").isNull()).isTrue();
        JsonNode done = JSON.readTree(lastLine(ok.out()));
        assertThat(done.get("status").asText()).as(ok.toString()).isEqualTo("succeeded");
        assertThat(done.get("resumeCommand").isNull()).isTrue();
    }

    @Test
    void aDrillsSummaryNamesTheReportCommandWithItsAuditLog() throws Exception {
        Path log = tmp.resolve("audit.jsonl");
        Path drill = Files.copy(RepoPaths.repo().resolve("cli/src/test/resources/report/drill.yaml"),
                tmp.resolve("drill.yaml"));
        Cli.Result r = cli().run("run", drill.toString(), "--drill", "--yes", "--ack", "all", "--audit-log",
                log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String id = runId(r);
        assertThat(r.out()).contains("drill summary")
                .contains("  report: runbook report " + id + " --audit-log " + log + " --format markdown|json|junit|html")
                .as("a run that succeeded has nothing to continue").doesNotContain("runbook resume");
        Cli.Result report = cli().run("report", id, "--audit-log", log.toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
    }
}
