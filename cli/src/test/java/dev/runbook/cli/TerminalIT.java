package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook run} in a real pseudo-terminal: the built jar under util-linux {@code script}, so that
 * {@code System.console()} exists and prompts go through JLine's system terminal. The test types into the
 * terminal as an operator would, waiting (bounded) for each prompt to appear first.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TerminalIT {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void needsScript() {
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/script")) || Files.isExecutable(Paths.get("/bin/script")),
                "util-linux script is not installed");
    }

    @AfterEach
    void stopLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The jar run under a pseudo-terminal of 120 columns (a pty made by script from a pipe has no size). */
    private Screen start(String... runArgs) throws IOException {
        return startPiped(null, runArgs);
    }

    /** As {@link #start}, with the jar's standard output piped into {@code pipe} (a shell command) when not null. */
    private Screen startPiped(String pipe, String... runArgs) throws IOException {
        StringBuilder command = new StringBuilder("stty cols 120 rows 40; " + (pipe == null ? "exec " : "")
                // signals a launching shell ignored (a build started in the background ignores SIGINT) are reset:
                // the test is about what the program does with them
                + "env --default-signal java -jar ").append(quote(RepoPaths.jar().toString()));
        for (String a : runArgs) {
            command.append(' ').append(quote(a));
        }
        if (pipe != null) {
            command.append(" | ").append(pipe);
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command.toString(), "/dev/null");
        pb.environment().remove("NO_COLOR");
        pb.environment().put("RUNBOOK_AUDIT_LOG", tmp.resolve("audit.jsonl").toString());
        pb.environment().put("TERM", "xterm-256color");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        return new Screen(p);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void anOperatorTypesAWrongValueThenTheRightOneAndTheStepRuns() throws Exception {
        Path marker = tmp.resolve("marker");
        Screen screen = start("run", RunIT.runbook("typed.yaml"), "-p", "marker=" + marker);

        screen.waitFor("type \u001B[33morders-prod\u001B[0m exactly:");
        screen.waitFor("> ");
        screen.type("orders\r");
        screen.waitFor("That does not match.");
        screen.waitFor("(attempt 2 of 3)");
        screen.type("orders-prod\r");
        int exit = screen.exitCode();

        assertThat(exit).as(screen.text()).isZero();
        assertThat(marker).exists();
        String text = screen.text();
        assertThat(text).contains("  > orders-prod")
                .contains("\u001B[36m\u25B6\u001B[0m \u001B[1mDrop the table\u001B[0m")
                .contains("\u001B[32m\u2714\u001B[0m Drop the table")
                .containsPattern("run \\d{14}-[0-9a-f]{8} succeeded");
    }

    @Test
    void aSecretTypedConfirmationNamesTheParameterAndTheScreenNeverShowsTheValue() throws Exception {
        Path marker = tmp.resolve("marker");
        Screen screen = start("run", RunIT.runbook("typed-secret.yaml"), "-p", "marker=" + marker);

        screen.waitFor("type the value of parameter name (secret: not shown):");
        screen.waitFor("> ");
        screen.type("TypedSecret55\r");
        int exit = screen.exitCode();

        assertThat(exit).as(screen.text()).isZero();
        assertThat(marker).exists();
        assertThat(screen.text()).contains("  > *************").doesNotContain("TypedSecret55");
    }

    @Test
    void threeWrongValuesAtARealTerminalStopWithExit3() throws Exception {
        Path marker = tmp.resolve("marker");
        Screen screen = start("run", RunIT.runbook("typed.yaml"), "-p", "marker=" + marker);

        for (int attempt = 1; attempt <= 3; attempt++) {
            screen.waitFor(attempt == 1 ? "exactly:" : "(attempt " + attempt + " of 3)");
            screen.type("nope\r");
        }
        int exit = screen.exitCode();

        assertThat(exit).as(screen.text()).isEqualTo(3);
        assertThat(marker).doesNotExist();
        assertThat(screen.text()).contains("3 wrong answers to the typed confirmation");
    }

    @Test
    void ctrlCDuringAnExecStepAsksAndAnsweringNoLetsTheCommandFinish() throws Exception {
        Screen screen = start("--no-color", "run", RunIT.runbook("ctrlc.yaml"), "-p", "dir=" + tmp);
        screen.waitFor("waiting");

        // when: Ctrl-C at the terminal, then "no"
        screen.type("\u0003");
        screen.waitFor("Abort the run? [y/N] ");
        screen.type("n\r");
        screen.waitFor("Continuing.");
        Files.createFile(tmp.resolve("go"));
        int exit = screen.exitCode();

        // then: the command never saw the Ctrl-C
        assertThat(exit).as(screen.text()).isZero();
        assertThat(screen.text()).contains("finished").contains("ok A long command").contains("ok After the long");
    }

    @Test
    void afterCtrlCAndYesTheCleanupIsConfirmedAndRunsThenTheRunStillExits130() throws Exception {
        Screen screen = start("--no-color", "run", RunIT.runbook("ctrlc-cleanup.yaml"), "-p", "dir=" + tmp);
        screen.waitFor("waiting");

        // when: Ctrl-C, abort, then yes to the clean-up
        screen.type("\u0003");
        screen.waitFor("Abort the run? [y/N] ");
        screen.type("y\r");
        screen.waitFor("Run clean-up (1 step)? [y/N] ");
        screen.type("y\r");
        int exit = screen.exitCode();

        // then: the clean-up ran, the run stays interrupted
        assertThat(exit).as(screen.text()).isEqualTo(130);
        assertThat(Files.readString(tmp.resolve("cleaned")).trim()).isEqualTo("cleaned");
        assertThat(screen.text()).contains("Clean-up").contains("clean-up succeeded")
                .doesNotContain("After the long command");
        String audit = Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(audit).contains("\"event\":\"cleanup-started\"").contains("\"after\":\"interrupted\"")
                .contains("\"event\":\"step-succeeded\"").contains("\"event\":\"run-interrupted\"");
        assertThat(audit.indexOf("\"event\":\"cleanup-finished\"")).isGreaterThan(audit.indexOf("\"step\":\"tidy\""));
        assertThat(audit).containsPattern("\"event\":\"cleanup-finished\"[^\\n]*\"status\":\"succeeded\"");
    }

    @Test
    void ctrlCDuringAnExecStepThenYesEndsTheWholeTreeRecordsTheInterruptionAndExits130() throws Exception {
        Screen screen = start("--no-color", "run", RunIT.runbook("ctrlc.yaml"), "-p", "dir=" + tmp);
        screen.waitFor("waiting");
        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(tmp.resolve("child.pid")).trim()))
                .orElseThrow();
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(
                Files.readString(tmp.resolve("grandchild.pid")).trim())).orElseThrow();

        // when
        screen.type("\u0003");
        screen.waitFor("Abort the run? [y/N] ");
        screen.type("y\r");
        int exit = screen.exitCode();

        // then
        assertThat(exit).as(screen.text()).isEqualTo(130);
        assertThat(child.isAlive()).as("the command").isFalse();
        assertThat(grandchild.isAlive()).as("the command's background child").isFalse();
        assertThat(screen.text()).doesNotContain("finished").doesNotContain("After the long command")
                .containsPattern("to continue: runbook resume \\d{14}-[0-9a-f]{8}\r\n");
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"event\":\"step-interrupted\"")
                .contains("\"event\":\"run-interrupted\"");
    }

    @Test
    void promptsStillAskAtTheTerminalWhenStandardOutputIsPipedAndTheOutputStaysOnIt() throws Exception {
        Path marker = tmp.resolve("marker");
        Path log = tmp.resolve("incident.log");
        Screen screen = startPiped("tee " + quote(log.toString()), "run", RunIT.runbook("basic.yaml"), "-p",
                "marker=" + marker);

        screen.waitFor("[y/N] ");
        screen.type("y\r");
        int exit = screen.exitCode();

        assertThat(exit).as(screen.text()).isZero();
        assertThat(marker).exists();
        assertThat(Files.readString(log)).contains("ok Write the marker").contains("succeeded")
                .doesNotContain("\u001B[");
    }

    @Test
    void noColorAtARealTerminalIsPlainButPromptsStillWork() throws Exception {
        Path marker = tmp.resolve("marker");
        Screen screen = start("--no-color", "run", RunIT.runbook("basic.yaml"), "-p", "marker=" + marker);

        screen.waitFor("[y/N] ");
        screen.type("y\r");
        int exit = screen.exitCode();

        assertThat(exit).as(screen.text()).isZero();
        assertThat(marker).exists();
        assertThat(screen.text()).contains("ok Write the marker").contains("ok run ")
                .doesNotContain("\u001B[1m").doesNotContain("\u001B[32m")
                // nor the line editor's bracketed-paste mode, nor mode queries
                .doesNotContain("\u001B[?2004h").doesNotContain("$p");
    }

    @Test
    void outputOfAStepBesideAPromptIsHeldUntilTheAnswerAndCarriesItsStepId() throws Exception {
        Path ticks = tmp.resolve("ticks");
        Screen screen = start("--no-color", "run", RunIT.runbook("side-by-side.yaml"), "-p", "dir=" + tmp);

        screen.waitFor("[y/N] ");
        // the other step goes on printing while the question is on the screen
        int before = count(ticks);
        waitUntil(() -> count(ticks) >= before + 3);
        screen.type("y\r");
        int exit = screen.exitCode();

        String text = screen.text();
        assertThat(exit).as(text).isZero();
        String fromPrompt = text.substring(text.lastIndexOf("[y/N] "));
        String promptLine = fromPrompt.substring(0, fromPrompt.indexOf('\n'));
        assertThat(promptLine).as("the prompt line").doesNotContain("tick").doesNotContain("Tick");
        // what it printed meanwhile comes after the answer, and once another step's line came between, with its id
        assertThat(fromPrompt.substring(promptLine.length())).contains(" tick " + (before + 2) + "\r\n");
        assertThat(text).contains("    \u2502 ticker \u2502 gate open")
                .containsPattern("(?m)^ok Open the gate")
                .containsPattern("(?m)^ok Tick until the gate opens");
    }

    @Test
    void controlSequencesOfACommandAreNeutralisedCarriageReturnProgressShowsItsLastStateAndAQuietStepShowsItsTime()
            throws Exception {
        Screen screen = start("run", RunIT.runbook("unruly-output.yaml"), "-p", "dir=" + tmp);

        // the quiet step's elapsed time on the status line (its presence, not its value)
        screen.waitFor("\r\u001B[2K  \u001B[36m");
        screen.waitFor(" quiet ");
        Files.createFile(tmp.resolve("go"));
        int exit = screen.exitCode();

        String text = screen.text();
        assertThat(exit).as(text).isZero();
        assertThat(text).contains(" copy 100%").doesNotContain("copy 10%").doesNotContain("copy 50%")
                .contains("\\e[2J\\e[H\\e]0;owned\\aafter the escapes")
                .doesNotContain("\u001B[2J").doesNotContain("\u001B[H").doesNotContain("\u001B]0;")
                .containsPattern("run \\d{14}-[0-9a-f]{8} succeeded");
    }

    @Test
    void noColorDropsEveryEscapeCodeOfTheRunIncludingTheStatusLine() throws Exception {
        Screen screen = start("--no-color", "run", RunIT.runbook("unruly-output.yaml"), "-p", "dir=" + tmp);

        screen.waitFor("start A step that prints nothing");
        Files.createFile(tmp.resolve("go"));
        int exit = screen.exitCode();

        String text = screen.text();
        assertThat(exit).as(text).isZero();
        // not one escape code: no colour, no status line, and no query of the terminal's modes at start (JLine's
        // DECRQM / DA1 / cursor-report probes)
        assertThat(text.substring(0, text.indexOf("succeeded"))).as("the run's output").doesNotContain("\u001B")
                .contains(" copy 100%").contains("\\e[2J");
    }

    private static int count(Path ticks) {
        try {
            String s = Files.exists(ticks) ? Files.readString(ticks).trim() : "";
            return s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (IOException | NumberFormatException e) {
            return 0; // read while being written: the next poll sees it
        }
    }

    /** Polls a condition (bounded): waits for something to have happened, asserts nothing about time. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Screen.WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition never held");
            }
            Thread.sleep(20);
        }
    }
}
