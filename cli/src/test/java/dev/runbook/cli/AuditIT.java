package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log through the command line: run, runs, audit verify, audit show and resume. */
class AuditIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path log;
    private Path marker;
    private Path runbook;

    @BeforeEach
    void files() throws Exception {
        log = dir.resolve("state/audit.jsonl");
        marker = dir.resolve("marker");
        runbook = dir.resolve("deploy.yaml");
        write(false);
    }

    /** Three exec steps that each append their name to the marker; {@code failThird} makes the third one fail. */
    private void write(boolean failThird) throws Exception {
        Files.writeString(runbook, String.join("\n",
                "runbook: 1",
                "name: deploy",
                "parameters:",
                "  token: { type: string, secret: true }",
                "  region: { type: string, default: eu-west-1 }",
                "steps:",
                "  - id: first",
                "    action: exec",
                "    with:",
                "      command: [sh, -c, 'echo first >> " + marker + "; echo using ${{ params.token }}']",
                "  - id: second",
                "    action: exec",
                "    with:",
                "      command: [sh, -c, 'echo second >> " + marker + "']",
                "  - id: third",
                "    action: exec",
                "    with:",
                "      command: [sh, -c, 'echo third >> " + marker + (failThird ? "; exit 3" : "") + "']",
                ""));
    }

    private Cli cli() {
        return Cli.cli().env("RUNBOOK_AUDIT_LOG", log.toString());
    }

    private String runId() throws Exception {
        Cli.Result runs = cli().run("runs", "--output", "json");
        return JSON.readTree(runs.out()).get(0).path("id").asText();
    }

    private List<String> markerLines() throws Exception {
        return Files.exists(marker) ? Files.readAllLines(marker) : List.of();
    }

    @Test
    void aRunRecordsEveryEventWithoutEverStoringASecret() throws Exception {
        // when
        Cli.Result run = cli().run("run", runbook.toString(), "-p", "token=s3cr3t-value", "--yes", "--drill");

        // then
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String text = Files.readString(log);
        assertThat(text).doesNotContain("s3cr3t-value").contains("using ***");
        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            events.add(JSON.readTree(line).path("event").asText());
        }
        assertThat(events).containsExactly("run-started", "step-started", "step-succeeded", "step-started",
                "step-succeeded", "step-started", "step-succeeded", "run-finished", "objectives-measured");
        JsonNode runs = JSON.readTree(cli().run("runs", "--output", "json").out());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("runbook").asText()).isEqualTo("deploy");
        assertThat(runs.get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(runs.get(0).path("drill").asBoolean()).isTrue();
        assertThat(runs.get(0).path("finished").asText()).isNotEmpty();
    }

    @Test
    void aPreflightIsNotResumableAsARunAndRunsShowsEachRunsMode() throws Exception {
        // given: a preflight (mutating steps only shown), a run and a drill
        Cli.Result preflight = cli().run("run", runbook.toString(), "-p", "token=x", "--preflight");
        assertThat(preflight.exitCode()).as(preflight.toString()).isZero();
        String preflightId = runId();
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes", "--drill");

        // when
        Cli.Result resume = cli().run("resume", preflightId, "-p", "token=x", "--yes");
        Cli.Result text = cli().run("runs");
        JsonNode json = JSON.readTree(cli().run("runs", "--output", "json").out());

        // then
        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
        assertThat(resume.err()).contains("run " + preflightId + " was a preflight")
                .contains("start a real run: runbook run " + runbook);
        assertThat(markerLines()).containsExactly("first", "second", "third", "first", "second", "third");
        assertThat(json).extracting(r -> r.path("mode").asText()).containsExactly("drill", "run", "preflight");
        assertThat(text.out().lines().findFirst().orElseThrow()).contains("MODE");
        assertThat(text.out()).containsPattern(preflightId + " .* preflight\\n");
    }

    @Test
    void aDryRunWritesNothingToTheAuditLog() {
        // when
        Cli.Result run = cli().run("run", runbook.toString(), "-p", "token=x", "--dry-run");

        // then
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(log).doesNotExist();
    }

    @Test
    void aLogWithoutWritePermissionStopsTheRunWithExit4BeforeAnyStep() throws Exception {
        // given
        Files.createDirectories(log.getParent());
        Files.writeString(log, "");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("r--r-----"));

        // when
        Cli.Result run = cli().run("run", runbook.toString(), "-p", "token=x", "--yes");

        // then
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("runbook: cannot write the audit log " + log
                + ": it is read-only (mode r--r-----)\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aLogWhoseFirstLineIsNotARecordStopsTheRunWithExit4NamingLine1AndIsLeftAsItIs() throws Exception {
        // given: an intact log with a garbage line put before its first record
        Cli.Result first = cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String garbled = "garbage\n" + Files.readString(log);
        Files.writeString(log, garbled);
        Files.delete(marker);

        // when
        Cli.Result run = cli().run("run", runbook.toString(), "-p", "token=x", "--yes");

        // then
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.err()).startsWith("runbook: the audit log " + log + " does not start with a record: line 1: "
                + "it is not JSON").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(marker).doesNotExist();
        assertThat(Files.readString(log)).isEqualTo(garbled);
    }

    @Test
    void verifyPrintsTheHeadHashOfAnIntactLogAndExits0() throws Exception {
        // given
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        List<String> lines = Files.readAllLines(log);
        String head = JSON.readTree(lines.get(lines.size() - 1)).path("hash").asText();

        // when
        Cli.Result verify = cli().run("audit", "verify");

        // then
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).isEqualTo(log + ": intact, 8 records\nhead " + head + " (seq 8)\n");
    }

    @Test
    void verifyNamesTheFirstEditedLineAndExits4() throws Exception {
        // given
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        List<String> lines = Files.readAllLines(log);
        lines.set(2, lines.get(2).replace("\"exitCode\":0", "\"exitCode\":1"));
        Files.writeString(log, String.join("\n", lines) + "\n");

        // when
        Cli.Result verify = cli().run("audit", "verify", log.toString());

        // then
        assertThat(verify.exitCode()).isEqualTo(4);
        assertThat(verify.err()).startsWith("runbook: " + log + ":3: edited: line 3 (seq 3) was edited: its content "
                + "does not match its hash\nthe 2 records before line 3 are intact");
    }

    @Test
    void verifyOfAFileThatIsNotJsonExits4AndOfAMissingFileExits2() throws Exception {
        // given
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello\n");

        // when
        Cli.Result notJson = cli().run("audit", "verify", notes.toString());
        Cli.Result missing = cli().run("audit", "verify", dir.resolve("none.jsonl").toString());

        // then
        assertThat(notJson.exitCode()).isEqualTo(4);
        assertThat(notJson.err()).startsWith("runbook: " + notes + ":1: not json: line 1: it is not JSON\n");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("runbook: no audit log at " + dir.resolve("none.jsonl") + "\n");
    }

    @Test
    void showListsTheRecordsOfOneRunAsTextOrAsStored() throws Exception {
        // given
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        String id = runId();

        // when
        Cli.Result text = cli().run("audit", "show", "--run", id);
        Cli.Result json = cli().run("audit", "show", "--run", id, "--output", "json");
        Cli.Result unknown = cli().run("audit", "show", "--run", "nope");

        // then
        assertThat(text.exitCode()).isZero();
        assertThat(text.out().lines()).hasSize(8);
        assertThat(text.out().lines().findFirst().orElseThrow()).contains(id, "run-started", "deploy");
        assertThat(json.out()).isEqualTo(Files.readString(log));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("runbook: no run 'nope' in the audit log " + log
                + " (see 'runbook runs')\n");
    }

    @Test
    void resumeOfAnUnknownRunExits2() throws Exception {
        // given
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");

        // when
        Cli.Result resume = cli().run("resume", "20260101000000-deadbeef");

        // then
        assertThat(resume.exitCode()).isEqualTo(2);
        assertThat(resume.err()).isEqualTo("runbook: no run '20260101000000-deadbeef' in the audit log " + log
                + " (see 'runbook runs')\n");
    }

    @Test
    void resumeOfACompletedRunSaysSoAndExits0() throws Exception {
        // given
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        String id = runId();

        // when
        Cli.Result resume = cli().run("resume", id, "-p", "token=x", "--yes");

        // then
        assertThat(resume.exitCode()).isZero();
        assertThat(resume.out()).isEqualTo("run " + id + " already finished: succeeded; nothing to resume\n");
        assertThat(markerLines()).containsExactly("first", "second", "third");
    }

    @Test
    void resumeContinuesAFailedRunWithoutRunningCompletedStepsAgain() throws Exception {
        // given: the third step fails, then the runbook is fixed
        write(true);
        Cli.Result failed = cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        assertThat(failed.exitCode()).isEqualTo(1);
        String id = runId();
        write(false);

        // when
        Cli.Result changed = cli().run("resume", id, "-p", "token=x", "--yes");
        Cli.Result noSecret = cli().run("resume", id, "--yes", "--allow-changed");
        Cli.Result resumed = cli().run("resume", id, "-p", "token=x", "--yes", "--allow-changed");

        // then
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).startsWith("runbook: the runbook " + runbook + " changed since run " + id
                + " started (SHA-256 was ").endsWith("); pass --allow-changed to resume anyway\n");
        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.err()).endsWith("runbook: resume needs the secret parameter 'token' again (secret values"
                + " are not kept in the audit log): give -p token=VALUE\n");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(markerLines()).containsExactly("first", "second", "third", "third");
        JsonNode runs = JSON.readTree(cli().run("runs", "--output", "json").out());
        assertThat(runs.get(0).path("status").asText()).isEqualTo("succeeded");
        assertThat(cli().run("audit", "verify").exitCode()).isZero();
    }

    /** Cuts the log just after the "started" record of step {@code step}: as if the process died there. */
    private String crashAfterStartOf(String step) throws Exception {
        Files.deleteIfExists(log);
        cli().run("run", runbook.toString(), "-p", "token=x", "--yes");
        String id = runId();
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            kept.add(line);
            JsonNode r = JSON.readTree(line);
            if (r.path("event").asText().equals("step-started") && r.path("step").asText().equals(step)) {
                break;
            }
        }
        Files.writeString(log, String.join("\n", kept) + "\n");
        Files.writeString(marker, "first\nsecond\n");
        return id;
    }

    @Test
    void aMutatingStepInDoubtStopsAResumeWithoutTerminalWithExit3() throws Exception {
        // given
        String id = crashAfterStartOf("second");

        // when
        Cli.Result resume = cli().run("resume", id, "-p", "token=x", "--yes");

        // then
        assertThat(resume.exitCode()).isEqualTo(3);
        assertThat(resume.out()).contains("in doubt: step 'second' (exec, mutating) started at ");
        assertThat(resume.out() + resume.err()).contains("--in-doubt rerun|skip");
        assertThat(markerLines()).containsExactly("first", "second");
    }

    @Test
    void inDoubtSkipCountsTheStepAsDoneAndRerunAppliesItAgain() throws Exception {
        // given
        String id = crashAfterStartOf("second");

        // when
        Cli.Result skip = cli().run("resume", id, "-p", "token=x", "--yes", "--in-doubt", "skip");

        // then
        assertThat(skip.exitCode()).as(skip.toString()).isZero();
        assertThat(markerLines()).containsExactly("first", "second", "third");
        assertThat(Files.readString(log)).contains("in doubt, marked done by --in-doubt");

        // given
        String again = crashAfterStartOf("second");

        // when
        Cli.Result rerun = cli().run("resume", again, "-p", "token=x", "--yes", "--in-doubt", "rerun");

        // then
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(markerLines()).containsExactly("first", "second", "second", "third");
    }
}
