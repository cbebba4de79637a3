package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script beside the jar ({@code cli/target/runbook}): it gives the same output and exit code as
 * {@code java -jar runbook.jar}, records a class-data archive in the cache folder on first use, uses it afterwards,
 * and still works when the archive is unusable.
 */
class LauncherIT {
    /** Generous: only there so that a broken training run fails the test instead of hanging it. */
    private static final long ARCHIVE_WAIT_MS = 180_000;

    @TempDir
    Path dir;

    @Test
    void theFirstRunRecordsAnArchiveTheSecondUsesItAndBothMatchThePlainJar() throws Exception {
        // given a valid runbook under a path with a space, and a broken one
        Path spaced = Files.createDirectories(dir.resolve("with space"));
        Path good = Files.copy(RepoPaths.repo().resolve("runbooks-yaml/lambda-alias-rollback.yaml"),
                spaced.resolve("good.yaml"));
        Path bad = Files.writeString(spaced.resolve("bad.yaml"),
                "runbook: 1\nname: bad-one\nsteps:\n  - id: a\n    action: slep\n");
        Run plainGood = run(plain("validate", good.toString()), Map.of());
        Run plainBad = run(plain("validate", bad.toString()), Map.of());

        // when the launcher runs for the first time
        Run first = run(launcher("validate", good.toString()), Map.of());
        Path archive = awaitArchive();
        // and again, told to fail unless the archive is mapped
        Run second = run(launcher("validate", good.toString()), Map.of("RUNBOOK_JAVA_OPTS", "-Xshare:on"));
        Run secondBad = run(launcher("validate", bad.toString()), Map.of("RUNBOOK_JAVA_OPTS", "-Xshare:on"));

        // then
        assertThat(plainGood.exit()).as(plainGood.toString()).isZero();
        assertThat(plainBad.exit()).as(plainBad.toString()).isEqualTo(2);
        assertThat(first).isEqualTo(plainGood);
        assertThat(archive.getFileName().toString()).startsWith("runbook-").endsWith(".jsa");
        assertThat(Files.size(archive)).isPositive();
        assertThat(second).isEqualTo(plainGood);
        assertThat(secondBad).isEqualTo(plainBad);
        assertTheArchiveCoversEveryClassOf("validate", good.toString());
        assertTheArchiveCoversEveryClassOf("run", "--dry-run", "-p", "function=checkout-api", good.toString());
        for (String shipped : List.of("dynamodb-pitr-restore", "regional-failover-verification",
                "backup-restore-drill", "feature-flag-kill-switch")) {
            assertTheArchiveCoversEveryClassOf("validate",
                    RepoPaths.repo().resolve("runbooks-yaml/" + shipped + ".yaml").toString());
        }
    }

    /**
     * The training run covers what the common commands load: with the archive, not one class is read from the jar
     * (each would cost a read and a verification, and with none the JVM does not even open the 30 MB jar).
     */
    private void assertTheArchiveCoversEveryClassOf(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "classes", ".log");
        Run r = run(launcher(args), Map.of("RUNBOOK_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + log));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> fromJar = Files.readAllLines(log).stream().filter(l -> l.contains("source: file:")).toList();
        assertThat(fromJar).as("classes read from the jar by 'runbook %s'", String.join(" ", args)).isEmpty();
    }

    @Test
    void anUnusableArchiveFallsBackToARunWithoutIt() throws Exception {
        // given an archive recorded by a first run, then overwritten with garbage (as a foreign JDK's would be)
        run(launcher("--version"), Map.of());
        Path archive = awaitArchive();
        archive.toFile().setWritable(true);
        Files.writeString(archive, "not a class-data archive");
        Run plain = run(plain("--version"), Map.of());

        // when
        Run launched = run(launcher("--version"), Map.of());

        // then
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(launched).isEqualTo(plain);
    }

    @Test
    void withoutAJavaTheLauncherSaysSoAndExits127() throws Exception {
        // given a PATH with the tools the script needs but no java, and a JAVA_HOME without one
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("dirname"), Paths.get(which("dirname")));

        // when
        Run r = run(launcher("--version"), Map.of("JAVA_HOME", dir.resolve("no-jdk").toString(), "PATH",
                bin.toString()), true);

        // then
        assertThat(r).isEqualTo(new Run(127, "",
                "runbook: java not found: install Java 17 or later, or set JAVA_HOME\n"));
    }

    private static String which(String tool) {
        for (String d : List.of("/usr/bin", "/bin")) {
            if (Files.isExecutable(Paths.get(d, tool))) {
                return Paths.get(d, tool).toString();
            }
        }
        throw new IllegalStateException(tool + " not found in /usr/bin or /bin");
    }

    private Path cache() {
        return dir.resolve("cache");
    }

    /** Waits for the training run in the background to leave an archive and release its lock. */
    private Path awaitArchive() throws IOException, InterruptedException {
        Path folder = cache().resolve("runbook");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARCHIVE_WAIT_MS);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    List<Path> all = files.toList();
                    boolean locked = all.stream().anyMatch(p -> p.toString().endsWith(".lock"));
                    List<Path> archives = all.stream().filter(p -> p.toString().endsWith(".jsa")).toList();
                    if (!locked && archives.size() == 1) {
                        return archives.get(0);
                    }
                    if (!locked && !all.isEmpty() && archives.isEmpty()) {
                        throw new AssertionError("the training run finished without an archive: " + all);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no archive in " + folder + " after " + ARCHIVE_WAIT_MS + " ms");
    }

    private static List<String> plain(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                RepoPaths.jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> launcher(String... args) {
        List<String> command = new ArrayList<>(List.of(RepoPaths.jar().resolveSibling("runbook").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, env, false);
    }

    private Run run(List<String> command, Map<String, String> env, boolean noJava)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        Map<String, String> e = pb.environment();
        e.put("XDG_CACHE_HOME", cache().toString());
        e.put("HOME", dir.toString());
        e.put("NO_COLOR", "1");
        if (!noJava) {
            e.put("JAVA_HOME", System.getProperty("java.home"));
        }
        e.putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
