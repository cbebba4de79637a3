package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it, {@code java -jar runbook.jar ...} in a child process: it starts, finds its actions
 * and its schema, and bad input gives exit 2 without a stack trace unless {@code --debug}.
 */
class JarIT {
    @TempDir
    Path dir;

    @Test
    void versionNamesTheProgramAndTheJava() throws Exception {
        // when
        Run r = java("--version");

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("runbook ").contains("Java ").doesNotContain("${");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        // when
        Run r = java("--help");

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: runbook").contains("  validate ").contains("  schema ")
                .contains("Exit codes:");
    }

    @Test
    void theShippedRunbookValidatesAndTheBuiltInActionsAreFoundThroughTheServiceFile() throws Exception {
        // when
        Run r = java("validate", RepoPaths.repo().resolve("runbooks-yaml").toString());

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).matches("ok [1-9][0-9]* runbooks? valid\n");
    }

    @Test
    void theSchemaPrintedByTheJarIsTheDocsCopy() throws Exception {
        // when
        Run r = java("schema");

        // then
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(RepoPaths.repo().resolve("docs/runbook.schema.json")));
    }

    @Test
    void aBadFileExits2WithItsDiagnosticAndNoStackTrace() throws Exception {
        // given
        Path f = Files.writeString(dir.resolve("bad.yaml"), "runbook: 1\nname: bad-one\nsteps:\n  - id: a\n    action: slep\n");

        // when
        Run r = java("validate", f.toString());

        // then
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).startsWith(f + ":5:13: unknown action 'slep', did you mean 'sleep'?\n");
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileExits2WithOneLineAndDebugAddsTheStackTrace() throws Exception {
        // given
        String missing = dir.resolve("missing.yaml").toString();

        // when
        Run plain = java("validate", missing);
        Run debug = java("--debug", "validate", missing);

        // then
        assertThat(plain.exit()).as(plain.toString()).isEqualTo(2);
        assertThat(plain.err()).isEqualTo("runbook: " + missing + ": no such file or folder\n");
        assertThat(debug.exit()).as(debug.toString()).isEqualTo(2);
        assertThat(debug.err()).startsWith("runbook: " + missing + ": no such file or folder\n")
                .contains("RunbookException").contains("\tat dev.runbook.");
    }

    private Run java(String... args) throws IOException, InterruptedException {
        Path jar = RepoPaths.jar();
        assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        // A bound only against a hung child, never a timing assertion.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A finished child process. */
    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
