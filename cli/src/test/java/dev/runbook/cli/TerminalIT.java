package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    private static final long WAIT_MILLIS = 30_000;

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
        StringBuilder command = new StringBuilder("stty cols 120 rows 40; exec java -jar ")
                .append(quote(RepoPaths.jar().toString()));
        for (String a : runArgs) {
            command.append(' ').append(quote(a));
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command.toString(), "/dev/null");
        pb.environment().remove("NO_COLOR");
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
    void noColorAtARealTerminalIsPlainButPromptsStillWork() throws Exception {
        Path marker = tmp.resolve("marker");
        Screen screen = start("--no-color", "run", RunIT.runbook("basic.yaml"), "-p", "marker=" + marker);

        screen.waitFor("[y/N] ");
        screen.type("y\r");
        int exit = screen.exitCode();

        assertThat(exit).as(screen.text()).isZero();
        assertThat(marker).exists();
        assertThat(screen.text()).contains("ok Write the marker").contains("ok run ")
                .doesNotContain("\u001B[1m").doesNotContain("\u001B[32m");
    }

    /** What the terminal has shown so far, read on a thread of its own, and the keyboard. */
    private static final class Screen {
        private final Process process;
        private final OutputStream keyboard;
        private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
        private final Thread reader;

        Screen(Process process) {
            this.process = process;
            this.keyboard = process.getOutputStream();
            this.reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = process.getInputStream()) {
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        synchronized (shown) {
                            shown.write(buffer, 0, n);
                            shown.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // The process ended; what was read stands.
                }
            }, "terminal-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            synchronized (shown) {
                return shown.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits until the screen shows {@code expected}; fails after 30 s, or once the output has ended without it. */
        void waitFor(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            synchronized (shown) {
                while (!shown.toString(StandardCharsets.UTF_8).contains(expected)) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || !reader.isAlive()) {
                        throw new AssertionError("the terminal never showed '" + expected + "'; it shows:\n"
                                + shown.toString(StandardCharsets.UTF_8));
                    }
                    shown.wait(Math.min(left, 200));
                }
            }
        }

        void type(String keys) throws IOException {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the run did not end; the terminal shows:\n" + text());
            }
            return process.exitValue();
        }
    }
}
