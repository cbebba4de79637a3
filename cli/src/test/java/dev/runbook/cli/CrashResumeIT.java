package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.VerifyResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: the built jar runs 20 mutating exec steps, each followed by a read-only one, and is killed with SIGKILL
 * at random points: half the trials while a mutating step runs, half while the read-only step after it runs, that is
 * between the mutating step's outcome and the next force of the group-committed log (the outcome is then lost with
 * the process). After each kill the log still verifies (a torn last line is the only finding allowed), every step
 * whose action ran has its start on disk (write-ahead), a step whose action ran and whose outcome is not in the log
 * is treated as in doubt by {@code resume} (asked about, never taken as not run or as done), and {@code resume}
 * completes the run without running again any step whose success was recorded.
 */
class CrashResumeIT {
    private static final int TRIALS = 50;
    private static final int STEPS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path runbook;
    private Path markerDir;
    /** A class-data archive of the jar made by the first (complete) run: it trims each child's start-up. */
    private Path archive;

    @Test
    void killedRunsLeaveAVerifiableLogAndResumeNeverRepeatsARecordedSuccess() throws Exception {
        // given
        runbook = dir.resolve("thirty.yaml");
        markerDir = Files.createDirectories(dir.resolve("markers"));
        List<String> yaml = new ArrayList<>(List.of("runbook: 1", "name: thirty", "parameters:",
                "  marker: { type: string }", "steps:"));
        for (int i = 1; i <= STEPS; i++) {
            yaml.add("  - id: s" + i);
            yaml.add("    action: exec");
            yaml.add("    with:");
            yaml.add("      command: [sh, -c, 'echo " + i + " >> ${{ params.marker }}']");
            yaml.add("  - id: r" + i);
            yaml.add("    action: exec");
            yaml.add("    with:");
            yaml.add("      command: [sh, -c, 'echo " + i + " >> ${{ params.marker }}.reads']");
            yaml.add("      read-only: true");
        }
        Files.write(runbook, yaml);
        Path warmMarker = markerDir.resolve("complete");
        Path jsa = dir.resolve("runbook.jsa");
        Result complete = exec(dir.resolve("complete.jsonl"), List.of("-XX:ArchiveClassesAtExit=" + jsa), "run",
                runbook.toString(), "-p", "marker=" + warmMarker, "--yes");
        assertThat(complete.code).as(complete.toString()).isZero();
        assertThat(Files.readAllLines(warmMarker)).hasSize(STEPS);
        archive = Files.exists(jsa) ? jsa : null;
        Random random = new Random(20261122L);
        List<Long> seeds = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            seeds.add(random.nextLong());
        }

        // when / then: two trials at a time, each on its own log and marker file
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Boolean>> trials = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            int n = trial;
            trials.add(pool.submit(() -> trial(n, new Random(seeds.get(n)))));
        }
        int killedMidRun = 0;
        try {
            for (Future<Boolean> f : trials) {
                killedMidRun += f.get(5, TimeUnit.MINUTES) ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(killedMidRun).as("trials killed before the run finished").isGreaterThan(TRIALS / 2);
        assertThat(lostOutcomes.get()).as("mutating steps whose action ran and whose outcome the kill lost")
                .isPositive();
    }

    /** Over all trials: steps whose action ran, whose start is on disk and whose outcome is not. */
    private final java.util.concurrent.atomic.AtomicInteger lostOutcomes = new java.util.concurrent.atomic.AtomicInteger();

    /** One kill and resume; true when the kill came before the run finished. */
    private boolean trial(int trial, Random random) throws Exception {
        Path log = dir.resolve("audit-" + trial + ".jsonl");
        Path marker = markerDir.resolve("marker-" + trial);
        Files.createFile(marker);
        Files.createFile(Path.of(marker + ".reads"));

        // when: started, then killed once k steps have appended their line (plus a little jitter)
        Process run = start(log, "run", runbook.toString(), "-p", "marker=" + marker, "--yes", "--output", "json");
        int k = random.nextInt(STEPS + 1);
        // even trials: once k mutating steps ran; odd ones: once k read-only steps after them ran (their mutating
        // step's outcome then waits for the next force)
        waitForLines(trial % 2 == 0 ? marker : Path.of(marker + ".reads"), k, run);
        Thread.sleep(random.nextInt(15));
        run.destroyForcibly();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

        if (!Files.exists(log) || Files.size(log) == 0) {
            // killed before the run's first record: nothing may have run
            assertThat(Files.readAllLines(marker)).as("trial %d", trial).isEmpty();
            return true;
        }
        Result verify = exec(log, List.of(), "audit", "verify", log.toString());
        assertThat(verify.code == 0 || verify.err.contains(": torn: ")).as("trial %d: %s", trial, verify).isTrue();
        List<JsonNode> before = records(log);
        String runId = before.get(0).path("runId").asText();
        Set<String> recordedSuccess = new HashSet<>();
        Set<String> recordedStart = new HashSet<>();
        boolean finished = false;
        for (JsonNode r : before) {
            if (r.path("event").asText().equals("step-succeeded")) {
                recordedSuccess.add(r.path("step").asText());
            }
            if (r.path("event").asText().equals("step-started")) {
                recordedStart.add(r.path("step").asText());
            }
            finished |= r.path("event").asText().equals("run-finished");
        }
        Set<String> ranBefore = new HashSet<>();
        for (String line : Files.readAllLines(marker)) {
            ranBefore.add("s" + line.trim());
        }
        Set<String> inDoubt = new HashSet<>();
        for (String step : ranBefore) {
            assertThat(recordedStart).as("trial %d: %s ran, so its start was on disk before", trial, step)
                    .contains(step);
            if (!recordedSuccess.contains(step)) {
                inDoubt.add(step);
            }
        }
        lostOutcomes.addAndGet(inDoubt.size());

        Result resume = exec(log, List.of(), "resume", runId, "--yes", "--in-doubt", "rerun");

        // then
        assertThat(resume.code).as("trial %d: %s", trial, resume).isZero();
        VerifyResult after = new AuditVerifier().verify(log);
        assertThat(after.valid()).as("trial %d: %s", trial, after).isTrue();
        Map<String, Integer> runs = new HashMap<>();
        for (String line : Files.readAllLines(marker)) {
            runs.merge("s" + line.trim(), 1, Integer::sum);
        }
        for (int i = 1; i <= STEPS; i++) {
            String step = "s" + i;
            assertThat(runs.getOrDefault(step, 0)).as("trial %d: times %s ran", trial, step).isPositive();
            if (recordedSuccess.contains(step)) {
                assertThat(runs.get(step)).as("trial %d: %s succeeded before the kill", trial, step).isOne();
            }
        }
        List<JsonNode> all = records(log);
        assertThat(all.get(all.size() - 1).path("status").asText()).as("trial %d", trial).isEqualTo("succeeded");
        Set<String> askedInDoubt = new HashSet<>();
        for (JsonNode r : all.subList(before.size(), all.size())) {
            if (r.path("event").asText().equals("prompt-answered") && r.path("prompt").asText().equals("in-doubt")) {
                askedInDoubt.add(r.path("step").asText());
            }
        }
        assertThat(askedInDoubt).as("trial %d: steps resume treated as in doubt", trial).containsAll(inDoubt);
        return !finished;
    }

    private static void waitForLines(Path marker, int k, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (k == 0 || Files.readAllLines(marker).size() >= k) {
                return;
            }
            Thread.sleep(2);
        }
    }

    private static List<JsonNode> records(Path log) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.has("seq")) {
                    out.add(n);
                }
            } catch (IOException torn) {
                // a torn line: not a record
            }
        }
        return out;
    }

    private List<String> java(List<String> options, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (archive != null) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        cmd.addAll(options);
        cmd.add("-jar");
        cmd.add(RepoPaths.jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process start(Path log, String... args) throws IOException {
        List<String> cmd = java(List.of(), args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("RUNBOOK_AUDIT_LOG", log.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private Result exec(Path log, List<String> options, String... args) throws Exception {
        List<String> cmd = java(options, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("RUNBOOK_AUDIT_LOG", log.toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("runbook " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Result(int code, String out, String err) {
    }
}
