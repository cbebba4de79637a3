package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook validate} black-box through {@link Main}: every kind of bad input the reader refuses (exit 2, one
 * located line, no stack trace), folders and several files, the JSON report and warnings with and without
 * {@code --strict}. The static checks of the language have their golden files in {@link ValidateGoldenIT}.
 */
class ValidateIT {
    private static final String VALID = """
            runbook: 1
            name: fine
            steps:
              - id: pause
                action: sleep
                with: { duration: 1s }
            """;

    @TempDir
    Path dir;

    // ---- what the reader refuses ----

    @Test
    void malformedYamlIsReportedAtItsLineAndColumnWithTheSourceLineACaretAndAHint() throws IOException {
        // given
        Path f = write("malformed.yaml", """
                runbook: 1
                name: malformed
                steps:
                  - id: a
                    action: manual
                    title: Step: with a colon
                """);

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":6:16: invalid YAML: mapping values are not allowed here");
        assertThat(r.out()).contains(" 6 |     title: Step: with a colon\n")
                .contains("   |                ^\n")
                .contains("hint: a value that contains ': ' must be quoted");
    }

    @Test
    void aSecretParametersDefaultIsNeverShownInTheSourceExcerptOrTheMessages() throws IOException {
        // given: two bad secret defaults, one in a flow mapping, one as a block
        Path f = write("secret-default.yaml", """
                runbook: 1
                name: secret-default
                parameters:
                  pin: { type: integer, secret: true, default: Hunter2Secret }
                  token:
                    type: string
                    pattern: '^[a-z]+$'
                    secret: true
                    default: "Hunter3Secret"
                steps:
                  - id: use
                    action: exec
                    with: { command: [echo, '${{ params.pin }}', '${{ params.token }}'], read-only: true }
                """);

        // when
        Cli.Result text = cli().run("validate", f.toString());
        Cli.Result json = cli().run("validate", "--output", "json", f.toString());

        // then
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(2);
        assertThat(text.out()).contains(f + ":4:48: default of parameter 'pin'")
                .contains(" 4 |   pin: { type: integer, secret: true, default: ***\n")
                .contains(" 9 |     default: ***\n")
                .doesNotContain("Hunter2Secret").doesNotContain("Hunter3Secret");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.out()).contains("default of parameter 'token'")
                .doesNotContain("Hunter2Secret").doesNotContain("Hunter3Secret");
    }

    @Test
    void aSecretDefaultShorterThanFourCharactersIsWarnedAboutWithoutShowingIt() throws IOException {
        // given
        Path f = write("short-secret.yaml", """
                runbook: 1
                name: short-secret
                parameters:
                  pin: { type: string, secret: true, default: q7 }
                steps:
                  - id: use
                    action: exec
                    with: { command: [echo, '${{ params.pin }}'], read-only: true }
                """);

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains(f + ":4:3: warning: the secret default of parameter 'pin' is shorter than 4 characters:"
                + " it cannot be masked reliably").doesNotContain("q7");
    }

    @Test
    void anUnclosedFlowListNamesWhereItStarted() throws IOException {
        // given
        Path f = write("unclosed.yaml", "runbook: 1\nname: unclosed\nsteps: [a, b\nother: 1\n");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":4:6: invalid YAML: expected ',' or ']', but got :");
        assertThat(r.out()).contains("that starts at 3:8");
    }

    @Test
    void tabsInIndentationAreRefusedAtTheTab() throws IOException {
        // given
        Path f = write("tabs.yaml", "runbook: 1\nname: tabs\nsteps:\n\t- id: a\n\t  action: manual\n");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":4:1: tabs are not allowed for indentation; use spaces");
    }

    @Test
    void aFileThatIsNotUtf8NamesTheFirstBadByteAndWhereItIs() throws IOException {
        // given: Latin-1 text, as an old editor would save it
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, "runbook: 1\nname: caf\u00e9\nsteps: []\n".getBytes(StandardCharsets.ISO_8859_1));

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":2:10: the file is not valid UTF-8 (byte 0xE9); save it as UTF-8");
    }

    @Test
    void aUtf16FileIsToldToBeSavedAsUtf8() throws IOException {
        // given
        Path f = dir.resolve("utf16.yaml");
        Files.write(f, VALID.getBytes(StandardCharsets.UTF_16));

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":1:1: the file is UTF-16 encoded; save it as UTF-8");
    }

    @Test
    void aBinaryFileIsRefusedAsBinary() throws IOException {
        // given: the start of a PNG image saved under a runbook's name; its first NUL starts line 3
        Path f = dir.resolve("image.yaml");
        Files.write(f, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":3:1: the file is binary (it contains a NUL byte); a runbook is UTF-8 text");
    }

    @Test
    void anEmptyFileSaysHowARunbookStarts() throws IOException {
        // given
        Path f = write("empty.yaml", "");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":1:1: the file is empty; a runbook starts with `runbook: 1`");
    }

    @Test
    void aFileOfOnlyCommentsIsEmptyToo() throws IOException {
        // given
        Path f = write("comments.yaml", "# TODO: write the runbook\n\n# later\n");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":1:1: the file is empty");
    }

    @Test
    void aTopLevelListIsNotARunbook() throws IOException {
        // given
        Path f = write("list.yaml", "- runbook: 1\n  name: in-a-list\n");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":1:1: expected a mapping with runbook:, name:, steps:, found a list");
    }

    @Test
    void aTopLevelScalarIsNotARunbook() throws IOException {
        // given
        Path f = write("scalar.yaml", "restore the table, then tell everyone\n");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":1:1: expected a mapping with runbook:, name:, steps:, found a string");
    }

    @Test
    void aTwentyMegabyteFileIsRefusedBeforeItIsParsed() throws IOException {
        // given: 20 MiB of well-formed steps
        Path f = dir.resolve("huge.yaml");
        String step = "  - {id: s, action: sleep, with: {duration: 1s}}\n";
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("runbook: 1\nname: huge\nsteps:\n");
            for (long written = 0; written < 20L * 1024 * 1024; written += step.length()) {
                w.write(step);
            }
        }

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, f + ":1:1: the file is 20.0 MiB, larger than 4 MiB, the limit for a runbook");
    }

    @Test
    void aBillionLaughsAliasBombIsRefusedAtItsFirstAnchorWithoutExpandingAnything() throws IOException {
        // given: ten levels of nine aliases each, 9^10 (about 3.5 billion) strings if expanded
        StringBuilder b = new StringBuilder("runbook: 1\nname: laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            b.append('l').append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            b.append("]\n");
        }
        b.append("steps: *l9\n");
        Path f = write("bomb.yaml", b.toString());

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then: refused where the first anchor is written, so nothing was ever expanded
        assertRefused(r, f + ":3:5: YAML anchors and aliases are not supported in runbooks");
        assertThat(r.out()).contains("hint: write the value out in full");
    }

    @Test
    void aDeeplyNestedFlowDocumentIsRefusedAtTheLimitWithoutOverflowingTheStack() throws IOException {
        // given: 100,000 nested lists
        Path f = write("deep.yaml", "runbook: 1\nname: deep\nsteps: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then: the top-level mapping is level 1, so the 64th list (column 8 + 63) is level 65
        assertRefused(r, f + ":3:71: lists and mappings are nested deeper than 64 levels");
    }

    @Test
    void aDeeplyNestedBlockDocumentIsRefusedAtTheLimit() throws IOException {
        // given: 200 levels of block mappings
        StringBuilder b = new StringBuilder("runbook: 1\nname: deep\nsteps:\n  - id: a\n    action: manual\n    with:\n");
        for (int i = 0; i < 200; i++) {
            b.append("  ".repeat(i + 3)).append("k").append(i).append(":\n");
        }
        Path f = write("deep-block.yaml", b.toString());

        // when
        Cli.Result r = cli().run("validate", f.toString());

        // then
        assertRefused(r, "lists and mappings are nested deeper than 64 levels");
        assertThat(r.out()).startsWith(f + ":");
    }

    @Test
    void aPathThatDoesNotExistIsAnErrorOnStandardError() {
        // given
        String missing = dir.resolve("nowhere.yaml").toString();

        // when
        Cli.Result r = cli().run("validate", missing);

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook: " + missing + ": no such file or folder\n");
        assertThat(r.out()).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void aFolderWithNoRunbooksIsAnError() throws IOException {
        // given: only a runbook test file and notes below it
        Path empty = Files.createDirectories(dir.resolve("empty/sub"));
        Files.writeString(empty.resolve("notes.txt"), "nothing here");
        Files.writeString(empty.resolve("restore.test.yaml"), VALID);

        // when
        Cli.Result r = cli().run("validate", dir.resolve("empty").toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(dir.resolve("empty") + ": no runbook files (*.yaml, *.yml) in this folder");
        assertNoStackTrace(r);
    }

    // ---- folders, several files, reports ----

    @Test
    void aFolderIsSearchedRecursivelyForYamlAndYmlButNotTestFiles() throws IOException {
        // given
        Path lib = Files.createDirectories(dir.resolve("lib"));
        write("lib/ok.yaml", VALID);
        Files.createDirectories(lib.resolve("db/deep"));
        write("lib/db/deep/broken.yml", "runbook: 1\nname: broken\nsteps:\n  - id: a\n    action: slep\n");
        write("lib/ok.test.yaml", "this is not: [a runbook\n");
        write("lib/readme.md", "# not yaml");

        // when
        Cli.Result r = cli().run("validate", lib.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains(lib.resolve("db/deep/broken.yml") + ":5:13: unknown action 'slep', did you mean 'sleep'?")
                .doesNotContain("ok.test.yaml").doesNotContain("readme")
                .endsWith("FAILED 1 error in 1 of 2 runbooks\n");
        assertNoStackTrace(r);
    }

    @Test
    void severalFilesAreCheckedInOneCallAndEveryProblemOfEveryFileIsReported() throws IOException {
        // given
        Path ok = write("ok.yaml", VALID);
        Path a = write("a.yaml", "runbook: 1\nname: a-one\nsteps:\n  - id: x\n    action: slep\n");
        Path b = write("b.yaml", "runbook: 1\nname: b\nsteps:\n  - id: x\n    action: manual\n");

        // when
        Cli.Result r = cli().run("validate", ok.toString(), a.toString(), b.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains(a + ":5:13: unknown action 'slep'")
                .contains(b + ":2:7: name 'b' must be 3 to 63 lowercase letters, digits and hyphens")
                .doesNotContain(ok + ":")
                .endsWith("FAILED 2 errors in 2 of 3 runbooks\n");
    }

    @Test
    void validFilesPrintOneLine() throws IOException {
        // given
        Path ok = write("ok.yaml", VALID);
        Path other = write("other.yml", VALID.replace("name: fine", "name: other"));

        // when
        Cli.Result r = cli().run("validate", ok.toString(), other.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("ok 2 runbooks valid\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonOutputGivesEveryDiagnosticWithFileLineColumnSeverityAndMessage() throws IOException {
        // given
        Path ok = write("ok.yaml", VALID);
        Path bad = write("bad.yaml", """
                runbook: 1
                name: bad-one
                parameters:
                  unused: { type: string }
                steps:
                  - id: a
                    action: slep
                """);

        // when
        Cli.Result r = cli().run("validate", "--output", "json", ok.toString(), bad.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(doc)).containsExactly("valid", "errors", "warnings", "files", "diagnostics");
        assertThat(doc.get("valid").asBoolean()).isFalse();
        assertThat(doc.get("errors").asInt()).isEqualTo(1);
        assertThat(doc.get("warnings").asInt()).isEqualTo(1);

        assertThat(doc.get("files")).hasSize(2);
        JsonNode first = doc.get("files").get(0);
        assertThat(fieldNames(first)).containsExactly("file", "name", "valid", "errors", "warnings");
        assertThat(first.get("file").asText()).isEqualTo(ok.toString());
        assertThat(first.get("name").asText()).isEqualTo("fine");
        assertThat(first.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("files").get(1).get("valid").asBoolean()).isFalse();

        JsonNode diagnostics = doc.get("diagnostics");
        assertThat(diagnostics).hasSize(2);
        JsonNode warning = diagnostics.get(0);
        assertThat(fieldNames(warning)).startsWith("file", "line", "column", "severity", "message");
        assertThat(warning.get("file").asText()).isEqualTo(bad.toString());
        assertThat(warning.get("line").asInt()).isEqualTo(4);
        assertThat(warning.get("column").asInt()).isEqualTo(3);
        assertThat(warning.get("severity").asText()).isEqualTo("warning");
        assertThat(warning.get("message").asText()).isEqualTo("parameter 'unused' is never used");
        JsonNode error = diagnostics.get(1);
        assertThat(error.get("line").asInt()).isEqualTo(7);
        assertThat(error.get("column").asInt()).isEqualTo(13);
        assertThat(error.get("severity").asText()).isEqualTo("error");
        assertThat(error.get("message").asText()).isEqualTo("unknown action 'slep', did you mean 'sleep'?");
        assertThat(error.get("hint").asText()).contains("runbook actions");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonOutputReportsAFileThatCannotBeReadAsADiagnosticToo() throws IOException {
        // given
        Path empty = write("empty.yaml", "");

        // when
        Cli.Result r = cli().run("validate", "--output", "json", empty.toString());

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("files").get(0).get("name").isNull()).isTrue();
        assertThat(doc.get("diagnostics").get(0).get("message").asText()).startsWith("the file is empty");
        assertThat(doc.get("diagnostics").get(0).get("line").asInt()).isEqualTo(1);
    }

    @Test
    void warningsAloneExitZeroAndStrictMakesThemFail() throws IOException {
        // given: a mutating step without confirm and a parameter nothing reads
        Path f = write("warn.yaml", """
                runbook: 1
                name: warn
                parameters:
                  unused: { type: string }
                steps:
                  - id: touch
                    action: exec
                    with: { command: [touch, /tmp/x] }
                """);

        // when
        Cli.Result relaxed = cli().run("validate", f.toString());
        Cli.Result strict = cli().run("validate", "--strict", f.toString());
        Cli.Result strictJson = cli().run("validate", "--strict", "--output", "json", f.toString());

        // then
        assertThat(relaxed.exitCode()).as(relaxed.toString()).isZero();
        assertThat(relaxed.out()).contains(f + ":4:3: warning: parameter 'unused' is never used")
                .contains(f + ":6:5: warning: step 'touch' changes things (exec is mutating) but has no confirm:")
                .contains("hint: add confirm: true")
                .endsWith("ok 1 runbook valid, 2 warnings\n");
        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(2);
        assertThat(strict.out()).contains("warning: parameter 'unused' is never used");
        assertThat(strictJson.exitCode()).isEqualTo(2);
        assertThat(new ObjectMapper().readTree(strictJson.out()).get("valid").asBoolean()).isFalse();
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() throws IOException {
        // given
        Path f = write("ok.yaml", VALID);

        // when
        Cli.Result r = cli().run("validate", "--output", "xml", f.toString());

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--output'").contains("xml");
        assertNoStackTrace(r);
    }

    @Test
    void validateWithoutAPathIsAUsageError() {
        // when
        Cli.Result r = cli().run("validate");

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'PATH'");
    }

    // ---- helpers ----

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    /** One located error, the summary, exit 2 and no stack trace. */
    private static void assertRefused(Cli.Result r, String firstLine) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as(r.toString()).contains(firstLine);
        assertThat(r.out()).endsWith("FAILED 1 error in 1 of 1 runbook\n");
        assertNoStackTrace(r);
    }

    static void assertNoStackTrace(Cli.Result r) {
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
