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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --tabletop}: every step walked through and nothing executed, the team's notes and participants in the
 * audit log and in every report format, {@code runs} showing the mode, and {@code resume} refusing the run.
 */
class TabletopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path log;
    Path runbook;
    Path touched;

    @BeforeEach
    void writeTheRunbook() throws Exception {
        log = dir.resolve("audit.jsonl");
        touched = dir.resolve("touched");
        runbook = Files.writeString(dir.resolve("restore.yaml"), """
                runbook: 1
                name: restore
                objectives:
                  rto: 30m
                parameters:
                  table: { type: string }
                steps:
                  - id: describe
                    title: Look at the table
                    action: aws.dynamodb.describe-table
                    with: { table: '${{ params.table }}' }
                  - id: mark
                    title: Mark the restore
                    instructions: Tell the incident channel before the restore starts.
                    action: exec
                    with: { command: [touch, '%s'] }
                    undo:
                      action: exec
                      with: { command: [rm, '%s'] }
                  - id: record
                    title: Record the drill
                    action: manual
                    with: { checklist: [Result written in the DR register] }
                """.formatted(touched, touched));
    }

    @Test
    void aTabletopExecutesNothingAndRecordsTheNotesAndParticipantsThatEveryReportShows() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.yaml"), """
                describe: "who has read access in the DR account?"
                mark: overridden by --note
                """);

        Cli.Result r = cli().clock(FIXED).run("run", runbook.toString(), "-p", "table=orders", "--tabletop",
                "--participants", "alice, bob,alice", "--notes-file", notes.toString(), "--note",
                "mark=gap: no channel named for the announcement", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(touched).as("a tabletop executes nothing").doesNotExist();
        assertThat(r.out()).contains("TABLETOP: nothing will be executed")
                .contains("participants: alice, bob")
                .contains("Tell the incident channel before the restore starts.")
                .contains("undo exec")
                .contains("asks: acknowledge: Result written in the DR register")
                .contains("note (--note): gap: no channel named for the announcement")
                .contains("walked through");
        String id = runId(r);

        List<JsonNode> records = records();
        assertThat(records.get(0).path("mode").asText()).isEqualTo("tabletop");
        assertThat(records.get(0).path("exercise").asText()).isEqualTo("tabletop");
        assertThat(events(records)).doesNotContain("step-started", "actor-identified")
                .contains("tabletop-participants", "tabletop-note");
        JsonNode who = records.stream().filter(n -> n.path("event").asText().equals("tabletop-participants"))
                .findFirst().orElseThrow();
        assertThat(who.path("participants").toString()).isEqualTo("[\"alice\",\"bob\"]");
        assertThat(records.stream().filter(n -> n.path("event").asText().equals("tabletop-note"))
                .map(n -> n.path("step").asText() + "=" + n.path("note").asText()).toList())
                .containsExactly("describe=who has read access in the DR account?",
                        "mark=gap: no channel named for the announcement");

        String markdown = report(id, "markdown");
        assertThat(markdown).startsWith("# Tabletop report: restore")
                .contains("| Exercise | tabletop (a walk-through: nothing was executed) |")
                .contains("| Participants | alice, bob |")
                .contains("## Tabletop notes")
                .contains("| 1 | Look at the table (`describe`) | who has read access in the DR account? | --note |")
                .contains("| 2 | Mark the restore (`mark`) | gap: no channel named for the announcement | --note |")
                .contains("| 3 | Record the drill (`record`) | no note | - |")
                .contains("not measured (a tabletop recovers nothing)");
        JsonNode json = JSON.readTree(report(id, "json"));
        assertThat(json.path("run").path("exercise").asText()).isEqualTo("tabletop");
        assertThat(json.path("run").path("participants").toString()).isEqualTo("[\"alice\",\"bob\"]");
        assertThat(json.path("steps").get(1).path("note").asText())
                .isEqualTo("gap: no channel named for the announcement");
        assertThat(json.path("steps").get(2).path("note").isNull()).isTrue();
        assertThat(report(id, "junit")).contains("<property name=\"exercise\" value=\"tabletop\"/>")
                .contains("<property name=\"participants\" value=\"alice, bob\"/>")
                .contains("note: who has read access in the DR account? (--note)");
        assertThat(report(id, "html")).contains("<h1>Tabletop report: restore</h1>")
                .contains("<table id=\"notes\">")
                .contains("<td>gap: no channel named for the announcement</td>");

        Cli.Result runs = cli().run("runs", "--output", "json", "--audit-log", log.toString());
        assertThat(JSON.readTree(runs.out()).get(0).path("mode").asText()).isEqualTo("tabletop");
        assertThat(cli().run("runs", "--audit-log", log.toString()).out()).containsPattern(id + ".*tabletop");
    }

    @Test
    void aTabletopCannotBeResumedAsARealRun() throws Exception {
        String id = runId(cli().run("run", runbook.toString(), "-p", "table=orders", "--tabletop",
                "--participants", "alice", "--audit-log", log.toString()));

        Cli.Result resume = cli().run("resume", id, "-p", "table=orders", "--yes", "--ack", "all", "--audit-log",
                log.toString());

        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(2);
        assertThat(resume.err()).contains("run " + id + " was a tabletop").contains("cannot be continued");
        assertThat(touched).doesNotExist();
    }

    @Test
    void atATerminalTheParticipantsAndANotePerStepAreAsked() throws Exception {
        // participants, then one note per step: the second is left empty (no note)
        Cli.Result r = cli().clock(FIXED).terminal(true).env("NO_COLOR", "1")
                .stdin("carol, dan\nok\n\nquestion: who signs the register?\n")
                .run("run", runbook.toString(), "-p", "table=orders", "--tabletop", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("participants (comma-separated):").contains("note on describe");
        String id = runId(r);
        String markdown = report(id, "markdown");
        String operator = RunCommand.operator();
        assertThat(markdown).contains("| Participants | carol, dan |")
                .contains("| 1 | Look at the table (`describe`) | ok | " + operator + " |")
                .contains("| 2 | Mark the restore (`mark`) | no note | - |")
                .contains("| 3 | Record the drill (`record`) | question: who signs the register? | " + operator + " |");
        assertThat(touched).doesNotExist();
    }

    @Test
    void withoutATerminalATabletopNeedsItsParticipantsAndRecordsNothingWithoutThem() {
        Cli.Result r = cli().run("run", runbook.toString(), "-p", "table=orders", "--tabletop", "--audit-log",
                log.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("--participants NAME,NAME");
        assertThat(log).doesNotExist();
    }

    @Test
    void aNoteForAStepTheRunbookDoesNotHaveAndTabletopOptionsWithoutTabletopAreInvalidInput() throws Exception {
        Cli.Result unknown = cli().run("run", runbook.toString(), "-p", "table=orders", "--tabletop",
                "--participants", "alice", "--note", "nope=hello", "--audit-log", log.toString());
        Path badNotes = Files.writeString(dir.resolve("bad.yaml"), "describe: ok\nnope: hello\n");
        Cli.Result unknownInFile = cli().run("run", runbook.toString(), "-p", "table=orders", "--tabletop",
                "--participants", "alice", "--notes-file", badNotes.toString(), "--audit-log", log.toString());
        Cli.Result stray = cli().run("run", runbook.toString(), "-p", "table=orders", "--note", "mark=x",
                "--audit-log", log.toString());
        Cli.Result both = cli().run("run", runbook.toString(), "-p", "table=orders", "--tabletop", "--dry-run",
                "--participants", "alice");

        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("--note names step 'nope'");
        assertThat(unknownInFile.exitCode()).as(unknownInFile.toString()).isEqualTo(2);
        assertThat(unknownInFile.err()).contains("bad.yaml:2:1").contains("names step 'nope'");
        assertThat(stray.exitCode()).as(stray.toString()).isEqualTo(2);
        assertThat(stray.err()).contains("--note is for a tabletop: add --tabletop");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(log).doesNotExist();
        assertThat(touched).doesNotExist();
    }

    private String report(String id, String format) {
        Cli.Result r = cli().run("report", id, "--format", format, "--audit-log", log.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out();
    }

    private List<JsonNode> records() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<String> events(List<JsonNode> records) {
        return records.stream().map(n -> n.path("event").asText()).toList();
    }

    private static String runId(Cli.Result run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Matcher m = Pattern.compile("run id: (\\S+)").matcher(run.out());
        assertThat(m.find()).as(run.toString()).isTrue();
        return m.group(1);
    }
}
