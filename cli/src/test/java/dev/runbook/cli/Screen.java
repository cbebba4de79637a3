package dev.runbook.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A child process's output (a terminal's screen under {@code script}, or standard output and error merged) read on
 * a thread of its own as it comes, and its standard input (the keyboard). Waits are bounded and end early when the
 * output ends, never a timing assertion.
 */
final class Screen {
    static final long WAIT_MILLIS = 30_000;

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

    Process process() {
        return process;
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
        // what the process wrote last is read once its output ends (a descendant may hold it open: bounded)
        reader.join(WAIT_MILLIS);
        return process.exitValue();
    }
}
