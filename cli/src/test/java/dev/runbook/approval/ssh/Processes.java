package dev.runbook.approval.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs OpenSSH's tools from tests, with a bounded wait, stdin from a file or nothing. */
final class Processes {
    /** Exit code, stdout and stderr (read after exit from a file, so neither pipe can fill up). */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n" + out + err;
        }
    }

    private Processes() {
    }

    static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/local/bin", tool));
    }

    static Result run(Path dir, Map<String, String> env, Path stdin, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), null, command);
    }
}
