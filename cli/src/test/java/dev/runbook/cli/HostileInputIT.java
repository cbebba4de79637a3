package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's hostile inputs through the command line: each is a located diagnostic or a parameter error with exit 2,
 * no stack trace and no Java exception name; one bad file never stops {@code validate DIR} from reporting the others.
 */
class HostileInputIT {
    /** A hang detector only: these answer in well under a second; the old code never did, or crashed. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String assertStep(String with) {
        return "runbook: 1\nname: hostile\nsteps:\n  - id: s\n    action: assert\n    with:\n      that: \"" + with
                + "\"\n";
    }

    @Test
    void deeplyNestedParenthesesAreADiagnosticAndTheRestOfTheFolderIsStillValidated() throws IOException {
        Path deep = write("a-deep.yaml", assertStep("${{ " + "(".repeat(400) + "1" + ")".repeat(400) + " == 1 }}"));
        Path other = write("b-other.yaml", "runbook: 1\nname: other\nsteps:\n  - id: s\n    action: sleep\n"
                + "    timeout: 999999999999h\n    with: { duration: 1s }\n");

        Cli.Result r = assertTimeoutPreemptively(HANG, () -> cli().run("validate", dir.toString()));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains(deep + ":7:13: expression '", "brackets are nested more than 64 deep")
                .contains(other + ":6:14: 'timeout' is out of range: '999999999999h' (a duration is at most 36500d");
        assertThat(r.out() + r.err()).doesNotContain("StackOverflowError", "Exception", "\tat ", "long overflow");
    }

    @Test
    void catastrophicPatternsDoNotHangValidate() throws IOException {
        Path f = write("re.yaml", "runbook: 1\nname: regex\nparameters:\n  p:\n    default: " + "a".repeat(60)
                + "!\n    pattern: '(.*a){20}'\nsteps:\n  - id: s\n    action: assert\n    with:\n"
                + "      that: \"${{ params.p =~ '(.*a){20}' }}\"\n");

        Cli.Result r = assertTimeoutPreemptively(HANG, () -> cli().run("validate", f.toString()));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains(f + ":5:14: default of parameter 'p'", "does not match the pattern (.*a){20}");
    }

    @Test
    void aBackReferenceInAPatternIsALocatedDiagnostic() throws IOException {
        Path f = write("backref.yaml", "runbook: 1\nname: backref\nparameters:\n  p:\n    pattern: '(a)\\1'\n"
                + "steps:\n  - id: s\n    action: sleep\n    with: { duration: 1s }\n");

        Cli.Result r = cli().run("validate", f.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains(f + ":5:14: 'pattern': '(a)\\1' is not a valid regular expression");
    }

    @Test
    void anIncidentStartOutOfRangeIsAnInputErrorNotAnInternalOne() throws IOException {
        Path f = write("drill.yaml", "runbook: 1\nname: drill\nsteps:\n  - id: s\n    action: sleep\n"
                + "    with: { duration: 1ms }\n");

        Cli.Result r = cli().run("run", "--drill", "--dry-run", "--incident-start", "now-999999999999d", f.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--incident-start: '999999999999d' is out of range")
                .doesNotContain("internal error", "DateTimeException");
    }

    @Test
    void aTimestampParameterOutOfRangeNamesTheParameter() throws IOException {
        Path f = write("param.yaml", "runbook: 1\nname: param\nparameters:\n  at: { type: timestamp }\nsteps:\n"
                + "  - id: s\n    action: sleep\n    with: { duration: 1ms }\n");

        Cli.Result r = cli().run("run", "--dry-run", "-p", "at=now+999999999999d", f.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("parameter 'at': 'now+999999999999d' is out of range")
                .doesNotContain("Exception", "overflow");
    }

    @Test
    void anEvidencePackThatCannotBeWrittenIsAPlainSentenceNotAnInternalError() throws IOException {
        Path f = write("ok.yaml", "runbook: 1\nname: okay\nsteps:\n  - id: s\n    action: sleep\n"
                + "    with: { duration: 1ms }\n");
        String log = dir.resolve("audit.jsonl").toString();
        Cli.Result run = cli().run("run", "--audit-log", log, f.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String runId = run.out().replaceAll("(?s).*run id: (\\S+).*", "$1");
        Path file = write("a-file", "x");

        Cli.Result r = cli().run("report", runId, "--audit-log", log, "--evidence", file.resolve("pack").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("runbook: cannot write the evidence pack to " + file.resolve("pack") + ": ")
                .doesNotContain("Exception", "internal error");
    }
}
