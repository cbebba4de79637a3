package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static dev.runbook.cli.RunIT.runbook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, black-box through {@link Main}: what the operator sees is what happens. The runbooks are in
 * {@code src/test/resources/run/} with RunIT's; they use only {@code exec}, {@code manual} and {@code sleep}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecutionSemanticsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path log() {
        return tmp.resolve("audit.jsonl");
    }

    private Cli ci() {
        return cli().terminal(false).env("RUNBOOK_AUDIT_LOG", log().toString());
    }

    private Cli terminal(String answers) {
        return RunIT.answering(answers).env("RUNBOOK_AUDIT_LOG", log().toString());
    }

    private static String runId(Cli.Result r) {
        Matcher m = RunIT.RUN_ID.matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private List<JsonNode> records() throws IOException {
        return RunIT.events(Files.readString(log()));
    }

    @Nested
    class FalseIf {

        @Test
        void aSkippedStepInTheMiddleOfAChecklistDoesNotSilenceTheStepsAfterIt() {
            Cli.Result r = ci().run("run", runbook("optional-middle.yaml"));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out())
                    .containsPattern("(?m)^ok First item ")
                    .containsPattern("(?m)^skipped Page the on-call \\(optional\\) \\d+ms: skipped: if params.notify"
                            + " is false$")
                    .containsPattern("(?m)^ok Second item ")
                    .containsPattern("(?m)^ok Third item ")
                    .containsPattern("(?m)^skipped Quote the page \\d+ms: skipped: reads steps.page.outputs.stdout,"
                            + " and page was skipped$")
                    .containsPattern("(?m)^ok Last item ")
                    .contains("(4 succeeded, 2 skipped)");
        }

        @Test
        void aStepAfterOneNotRunBecauseItsNeedsFailedIsNotRunEither() {
            Cli.Result r = ci().run("run", runbook("continue-chain.yaml"), "--parallel", "1");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out())
                    .containsPattern("skipped Use the probe skipped .*: not run: needs failed 'probe'")
                    .containsPattern("skipped After the use skipped .*: not run: needs failed 'probe'")
                    .containsPattern("(?m)^ok Unrelated ");
        }

        @Test
        void withTheConditionTrueEveryStepRuns() {
            Cli.Result r = ci().run("run", runbook("optional-middle.yaml"), "-p", "notify=true");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("(6 succeeded)");
        }
    }

    @Nested
    class IncompleteRollback {

        @Test
        void aDeclinedUndoAndAStepWithoutUndoAreNamedInTheSummaryTheLogAndEveryReport() throws IOException {
            // given: Enter at the failed step's question (its on-failure, rollback, decides), then the undo of
            // 'second' is declined, that of 'first' accepted; 'plain' has none
            Cli.Result r = terminal("\nn\ny\n").run("run", runbook("undo.yaml"), "-p", "dir=" + tmp);

            // then
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            String id = runId(r);
            assertThat(r.out()).contains("run " + id + " rollback-incomplete")
                    .contains("not undone: second - undo declined: the operator answered no")
                    .contains("not undone: plain - it has no undo")
                    .doesNotContain("not undone: first");
            assertThat(tmp.resolve("first")).doesNotExist();
            assertThat(tmp.resolve("second")).exists();
            JsonNode end = records().get(records().size() - 1);
            assertThat(end.path("event").asText()).isEqualTo("run-finished");
            assertThat(end.path("status").asText()).isEqualTo("rollback-incomplete");
            assertThat(end.path("notUndone").toString()).isEqualTo("[{\"step\":\"second\",\"why\":\"undo declined:"
                    + " the operator answered no\"},{\"step\":\"plain\",\"why\":\"it has no undo\"}]");

            for (String format : List.of("markdown", "json", "junit", "html")) {
                Cli.Result report = ci().run("report", id, "--format", format);
                assertThat(report.exitCode()).as(report.toString()).isZero();
                assertThat(report.out()).as(format).contains("rollback-incomplete").contains("second")
                        .contains("undo declined").contains("plain").contains("it has no undo");
            }
            Cli.Result junit = ci().run("report", id, "--format", "junit");
            assertThat(junit.out()).contains("every completed change undone").contains("type=\"rollback-incomplete\"");
        }

        @Test
        void aFailedUndoIsNamedInTheJsonSummaryAndTheRunIsNotRolledBack() throws IOException {
            Cli.Result r = ci().run("run", runbook("undo.yaml"), "-p", "dir=" + tmp, "-p", "undoFails=true", "--yes",
                    "--output", "json");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            String[] lines = r.out().strip().split("\n");
            JsonNode end = JSON.readTree(lines[lines.length - 1]);
            assertThat(end.path("event").asText()).isEqualTo("run-finished");
            assertThat(end.path("status").asText()).isEqualTo("rollback-incomplete");
            assertThat(end.path("notUndone").path("second").asText()).startsWith("undo failed: ");
            assertThat(end.path("notUndone").path("plain").asText()).isEqualTo("it has no undo");
            assertThat(end.path("notUndone").path("first").asText())
                    .isEqualTo("not undone: the rollback stopped (at second)");
            assertThat(tmp.resolve("first")).exists();
        }
    }

    @Nested
    class InDoubt {

        /** A run whose log ends right after the write-ahead record of 'change' (as a crash there leaves it). */
        private String crashedAfterChangeStarted(Path marker) throws IOException {
            Cli.Result r = ci().run("run", runbook("in-doubt.yaml"), "-p", "marker=" + marker);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<String> lines = Files.readAllLines(log());
            List<String> kept = new ArrayList<>();
            for (String line : lines) {
                kept.add(line);
                JsonNode n = JSON.readTree(line);
                if (n.path("event").asText().equals("step-started") && n.path("step").asText().equals("change")) {
                    break;
                }
            }
            Files.write(log(), kept);
            return runId(r);
        }

        @Test
        void aStepStaysInDoubtAfterTwoAbortsAndTheExplanationComesBeforeEachQuestion() throws IOException {
            // given
            Path marker = tmp.resolve("marker");
            String id = crashedAfterChangeStarted(marker);

            // when: the operator aborts at the in-doubt question, twice
            Cli.Result first = terminal("a\n").run("resume", id);
            Cli.Result second = terminal("a\n").run("resume", id);

            // then: both times the step is in doubt, explained before the question, and nothing ran again
            for (Cli.Result r : List.of(first, second)) {
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
                String out = r.out();
                int explained = out.indexOf("in doubt: step 'change' (exec, mutating) started at ");
                int probe = out.indexOf("the already-done check of exec did not find it done");
                int question = out.indexOf("[r]e-run it, [m]ark it done, or [a]bort?");
                assertThat(explained).as(out).isNotNegative();
                assertThat(probe).as(out).isNotNegative();
                assertThat(question).as(out).isGreaterThan(explained).isGreaterThan(probe);
                assertThat(out).contains("in doubt, the operator chose to stop");
            }
            assertThat(Files.readAllLines(marker)).containsExactly("applied");

            // and: a third resume settles it with --in-doubt skip, recorded as decided by that option
            Cli.Result third = ci().run("resume", id, "--in-doubt", "skip");
            assertThat(third.exitCode()).as(third.toString()).isZero();
            assertThat(third.out()).contains("in doubt: step 'change'").containsPattern("(?m)^ok Verify ");
            assertThat(Files.readAllLines(marker)).containsExactly("applied");
            List<String> decisions = new ArrayList<>();
            for (JsonNode n : records()) {
                if (n.path("event").asText().equals("prompt-answered") && n.path("prompt").asText().equals("in-doubt")) {
                    decisions.add(n.path("decision").asText() + " by " + n.path("decidedBy").get(0).asText());
                }
            }
            assertThat(decisions).hasSize(3).last().isEqualTo("mark-done by --in-doubt");
            assertThat(decisions.get(0)).startsWith("abort by ");
            assertThat(decisions.get(1)).startsWith("abort by ");

            // and: once settled, a fourth resume has nothing in doubt
            Cli.Result fourth = ci().run("resume", id);
            assertThat(fourth.out()).doesNotContain("in doubt: step");
        }
    }

    @Nested
    class Preflight {

        @Test
        void aPostChangeCheckAfterAMutatingStepIsPlannedNotRunAndReadOnlyStepsShowWhatTheyRead() {
            Cli.Result r = ci().run("run", runbook("preflight.yaml"), "-p", "dir=" + tmp, "--preflight",
                    "--parallel", "1");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            String out = r.out();
            assertThat(tmp.resolve("restored")).doesNotExist();
            assertThat(out).containsPattern("(?m)^ok Read the state before ")
                    .contains("read: stdout = state=old")
                    .contains("Restore the table [mutating]").contains("preflight: mutating, not applied")
                    .contains("Check the restored table [read-only]")
                    .contains("planned: depends on restore-table (mutating, not applied by a preflight)")
                    .doesNotContainPattern("(?m)^(ok|x) Check the restored table")
                    .containsPattern("(?m)^ok Report the count ").contains("read: stdout = count=42")
                    .contains("preflight: a manual step is never executed by a preflight")
                    .contains("asks: acknowledge: Writers scaled to zero")
                    .contains("preflight: a sleep step is never executed by a preflight");
            // the instructions of a step the preflight runs come with that step, not with the next planned one
            int instructions = out.indexOf("Compare the count with the");
            assertThat(instructions).as(out).isBetween(out.indexOf("report: instructions"),
                    out.indexOf("ok Report the count"));
        }
    }

    @Nested
    class FailedStepAtATerminal {

        private List<String> failureDecisions() throws IOException {
            List<String> out = new ArrayList<>();
            for (JsonNode n : records()) {
                if (n.path("event").asText().equals("prompt-answered") && n.path("prompt").asText().equals("step-failed")) {
                    out.add(n.path("step").asText() + ": " + n.path("decision").asText() + " by "
                            + n.path("decidedBy").get(0).asText());
                }
            }
            return out;
        }

        @Test
        void retryRunsTheStepAgain() throws IOException {
            Cli.Result r = terminal("r\n").run("run", runbook("fails.yaml"), "--parallel", "1", "-p", "dir=" + tmp);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Step 'flaky' failed: ")
                    .contains("[r]etry, [s]kip it and go on, roll [b]ack, or [a]bort? (Enter: continue, its on-failure)")
                    .containsPattern("(?m)^ok Check the service ").containsPattern("(?m)^ok Carry on ");
            assertThat(failureDecisions()).singleElement().asString().startsWith("flaky: retry by ")
                    .doesNotEndWith("by on-failure");
        }

        @Test
        void skipRecordsSkippedByOperatorAndTheRunGoesOn() throws IOException {
            Cli.Result r = terminal("s\n").run("run", runbook("fails.yaml"), "--parallel", "1", "-p", "dir=" + tmp, "-p", "always=true");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).containsPattern("skipped Check the service skipped-by-operator .*: skipped by the"
                    + " operator after: command exited with 1").containsPattern("(?m)^ok Carry on ");
            assertThat(failureDecisions()).singleElement().asString().startsWith("flaky: skip by ");
            assertThat(records()).anySatisfy(n -> assertThat(n.path("event").asText())
                    .isEqualTo("step-skipped-by-operator"));
        }

        @Test
        void rollBackUndoesTheCompletedStepsWhateverTheOnFailure() throws IOException {
            Cli.Result r = terminal("b\ny\n").run("run", runbook("fails.yaml"), "--parallel", "1", "-p", "dir=" + tmp, "-p",
                    "always=true");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("ok undo make").contains("rolled-back");
            assertThat(tmp.resolve("made")).doesNotExist();
            assertThat(failureDecisions()).containsExactly("flaky: rollback by " + RunCommand.operator());
        }

        @Test
        void abortStopsTheRunThoughTheStepWouldContinue() throws IOException {
            Cli.Result r = terminal("a\n").run("run", runbook("fails.yaml"), "--parallel", "1", "-p", "dir=" + tmp, "-p", "always=true");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).doesNotContainPattern("(?m)^ok Carry on");
            assertThat(failureDecisions()).containsExactly("flaky: abort by " + RunCommand.operator());
        }

        @Test
        void withoutATerminalTheOnFailureDecidesAndNothingIsAsked() throws IOException {
            Cli.Result r = ci().run("run", runbook("fails.yaml"), "--parallel", "1", "-p", "dir=" + tmp, "-p", "always=true");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).doesNotContain("[r]etry").containsPattern("(?m)^ok Carry on ");
            assertThat(failureDecisions()).isEmpty();
        }
    }
}
