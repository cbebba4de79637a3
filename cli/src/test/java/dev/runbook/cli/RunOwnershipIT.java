package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run, one owner, and signals that end a run as an abort does: the built jar in child processes without a
 * terminal, a run blocked in a long {@code exec} step, then a second process or a signal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunOwnershipIT {
    private static final Pattern RUN_ID = Pattern.compile("run id: (\\d{14}-[0-9a-f]{8})");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Screen jar(String... args) throws IOException {
        // signals the build's launcher ignored (nohup ignores SIGHUP) are reset: the test is about what the program
        // does with them
        List<String> command = new ArrayList<>(List.of("env", "--default-signal",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", RepoPaths.jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RUNBOOK_AUDIT_LOG", tmp.resolve("audit.jsonl").toString());
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        started.add(p);
        return new Screen(p);
    }

    /** A run blocked in its long mutating step; returns its id. */
    private String runBlockedInTheChange(Screen run) throws Exception {
        run.waitFor("started");
        Matcher m = RUN_ID.matcher(run.text());
        assertThat(m.find()).as(run.text()).isTrue();
        return m.group(1);
    }

    private static void signal(String name, Process target) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(target.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private ProcessHandle child() throws IOException {
        return ProcessHandle.of(Long.parseLong(Files.readString(tmp.resolve("child.pid")).trim())).orElseThrow();
    }

    private String log() throws IOException {
        return Files.readString(tmp.resolve("audit.jsonl"));
    }

    @Test
    void aResumeOfARunStillRunningIsRefusedNamingTheOwnerThenSigtermEndsTheRunAndItsChild() throws Exception {
        Screen run = jar("run", RunIT.runbook("long-change.yaml"), "-p", "dir=" + tmp, "--yes");
        String runId = runBlockedInTheChange(run);
        ProcessHandle child = child();

        // when: a second process tries to take the run over, even saying to re-run the step in doubt
        Screen second = jar("resume", runId, "--yes", "--in-doubt", "rerun");
        int secondExit = second.exitCode();

        // then
        assertThat(secondExit).as(second.text()).isEqualTo(3);
        assertThat(second.text()).contains("run " + runId + " is owned by another runbook process: pid "
                + run.process().pid() + " on ").contains(", since ");
        assertThat(tmp.resolve("applied")).doesNotExist();

        // when: SIGTERM to the run (not Process.destroy(), which also closes the pipe the output is read from)
        signal("TERM", run.process());
        int exit = run.exitCode();

        // then: the child is ended, the interruption is recorded, the exit is 143
        assertThat(exit).as(run.text()).isEqualTo(143);
        assertThat(run.text()).contains("SIGTERM: aborting the run");
        assertThat(child.isAlive()).as("the step's command").isFalse();
        assertThat(log()).contains("\"event\":\"step-interrupted\"").contains("\"event\":\"run-interrupted\"");

        // and: a resume does not re-run the change blindly: it is in doubt, and without a terminal that needs a word
        Screen resume = jar("resume", runId, "--yes");
        assertThat(resume.exitCode()).as(resume.text()).isEqualTo(3);
        assertThat(resume.text()).contains("in doubt: step 'change'").contains("it was interrupted at ")
                .contains("--in-doubt");
        assertThat(tmp.resolve("applied")).doesNotExist();
    }

    @Test
    void sighupEndsTheRunAsAnAbortWithExit129() throws Exception {
        Screen run = jar("run", RunIT.runbook("long-change.yaml"), "-p", "dir=" + tmp, "--yes");
        runBlockedInTheChange(run);
        ProcessHandle child = child();

        signal("HUP", run.process());
        int exit = run.exitCode();

        assertThat(exit).as(run.text()).isEqualTo(129);
        assertThat(run.text()).contains("SIGHUP: aborting the run");
        assertThat(child.isAlive()).as("the step's command").isFalse();
        assertThat(log()).contains("\"event\":\"run-interrupted\"");
    }
}
