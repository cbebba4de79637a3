package dev.runbook.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The launcher's training run: runs the common commands once, in-process and with their output discarded, on a
 * bundled sample runbook, so that the class-data archive the launcher records at the end of it covers the classes
 * those commands load. Never part of a user's command; nothing is executed ({@code run} is a dry-run).
 */
public final class Training {
    private Training() {
    }

    /** Runs the training commands; the exit code is 0 even when one of them fails, as the archive is still useful. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("runbook-training");
        Path sample = dir.resolve("training.yaml");
        try (InputStream in = Training.class.getResourceAsStream("training.yaml")) {
            if (in == null) {
                throw new IllegalStateException("training.yaml is missing from the jar");
            }
            Files.copy(in, sample);
        }
        try {
            String file = sample.toString();
            run("--help");
            run("validate", file);
            run("validate", "--output=json", file);
            run("graph", file);
            run("list", dir.toString());
            run("actions");
            run("schema");
            run("run", "--dry-run", file);
            run("run", "--dry-run", "--output=json", "-p", "service=payments", file);
        } finally {
            Files.deleteIfExists(sample);
            Files.deleteIfExists(dir);
        }
    }

    private static void run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(sink, true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(out, out, new ByteArrayInputStream(new byte[0]),
                Map.of("NO_COLOR", "1"), false, Clock.systemUTC(), false);
        try {
            Main.execute(args, context);
        } catch (RuntimeException e) {
            // a failing training command still loaded most of what it needs; the archive is kept
        }
    }
}
