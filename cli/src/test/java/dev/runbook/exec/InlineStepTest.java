package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that is the only one able to run (a chain) runs on the run's own thread instead of a step worker; its action
 * still runs on an action thread. These tests pin where steps run and that timeouts, aborts, failures, rollbacks and
 * the audit log behave as they do on a step worker.
 */
class InlineStepTest {
    private final TestSupport.FakeClock clock = new TestSupport.FakeClock();
    private final TestActions actions = new TestActions();
    /** The thread that recorded each step's (first) step-started event. */
    private final Map<String, String> startedOn = new ConcurrentHashMap<>();
    /** The thread each step's action ran on. */
    private final Map<String, String> appliedOn = new ConcurrentHashMap<>();

    private final ExecutionListener threads = e -> {
        if (e instanceof RunEvent.StepStarted) {
            startedOn.putIfAbsent(((RunEvent.StepStarted) e).step(), Thread.currentThread().getName());
        }
    };

    private Executor.Builder executor() {
        return Executor.builder().registry(actions.registry()).clock(clock)
                .sleeper(new TestSupport.FakeSleeper(clock)).listener(threads).operator("alice")
                .cancelGrace(Duration.ofSeconds(5));
    }

    /** An action that notes its thread and returns its inputs. */
    private void noting(String name, Kind kind) {
        actions.add(name, kind, (in, ctx, n) -> {
            appliedOn.put(ctx.stepId(), Thread.currentThread().getName());
            return Outputs.of(in.values());
        });
    }

    @Test
    void aChainRunsOnTheRunThreadWhileItsActionsKeepTheirActionThreads() {
        // given
        noting("t.note", Kind.READ_ONLY);
        Runbook rb = runbook().step(step("a", "t.note").with("v", 1))
                .step(step("b", "t.note").with("v", "${{ steps.a.outputs.v }}"))
                .step(step("c", "t.note").with("v", "${{ steps.b.outputs.v }}")).build();

        // when
        RunResult result = executor().build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.step("c").outputs()).containsEntry("v", 1L);
        assertThat(startedOn).containsOnlyKeys("a", "b", "c");
        assertThat(startedOn.values()).allMatch(t -> t.startsWith("runbook-run-"));
        assertThat(appliedOn.values()).hasSize(3).allMatch(t -> t.startsWith("runbook-action-"));
    }

    @Test
    void stepsReadyTogetherStillRunSideBySideOnStepWorkersAndTheChainGoesOnAfterThem() {
        // given: b and c both need only a, and each waits until the other has started
        noting("t.note", Kind.READ_ONLY);
        actions.meetingEachOther("t.b", "t.c");
        Runbook rb = runbook().step(step("a", "t.note")).step(step("b", "t.b").needs("a"))
                .step(step("c", "t.c").needs("a")).step(step("d", "t.note").needs("b", "c")).build();

        // when
        RunResult result = executor().parallelism(2).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.step("b").outputs()).containsEntry("sawOther", true);
        assertThat(result.step("c").outputs()).containsEntry("sawOther", true);
        assertThat(startedOn.get("a")).startsWith("runbook-run-");
        assertThat(startedOn.get("b")).startsWith("runbook-step-");
        assertThat(startedOn.get("c")).startsWith("runbook-step-");
        assertThat(startedOn.get("d")).startsWith("runbook-run-");
    }

    @Test
    void aStepThatMayPromptRunsOnAStepWorker() {
        // given: a confirmation and instructions are prompts, which an abort may not be able to cut short
        noting("t.note", Kind.MUTATING);
        Runbook rb = runbook().step(step("asks", "t.note").confirmYesNo())
                .step(step("shows", "t.note").instructions("check the dashboard"))
                .step(step("plain", "t.note")).build();
        FakeTerminal terminal = new FakeTerminal();

        // when
        RunResult result = executor().confirmer(terminal).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(terminal.asked()).hasSize(1);
        assertThat(startedOn.get("asks")).startsWith("runbook-step-");
        assertThat(startedOn.get("shows")).startsWith("runbook-step-");
        assertThat(startedOn.get("plain")).startsWith("runbook-run-");
    }

    @Test
    void aTimeoutInAChainStillInterruptsTheActionAndTheRollbackUndoesTheStepsBefore() {
        // given
        AtomicBoolean interrupted = new AtomicBoolean();
        noting("t.change", Kind.MUTATING);
        noting("t.revert", Kind.MUTATING);
        actions.hanging("t.hang", Kind.READ_ONLY, new CountDownLatch(1), interrupted);
        Runbook rb = runbook().step(step("one", "t.change").undo("t.revert"))
                .step(step("hang", "t.hang").timeout("200ms").onFailure(OnFailure.ROLLBACK))
                .step(step("after", "t.change")).build();

        // when
        RunResult result = executor().confirmer(new FakeTerminal()).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(result.message()).isEqualTo("step 'hang' timed out: timed out after 200ms; rolled back one");
        assertThat(result.step("hang").status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(interrupted).isTrue();
        assertThat(startedOn.get("hang")).startsWith("runbook-run-");
        assertThat(result.step("one").status()).isEqualTo(StepStatus.ROLLED_BACK);
        assertThat(actions.callsOf("t.revert")).containsExactly("one");
        assertThat(result.step("after").status()).isEqualTo(StepStatus.NOT_RUN);
    }

    @Test
    void aFailureInAChainSkipsTheStepsThatNeedIt() {
        // given
        actions.failing("t.fail", 1, "boom");
        noting("t.note", Kind.READ_ONLY);
        Runbook rb = runbook().step(step("first", "t.fail").onFailure(OnFailure.CONTINUE))
                .step(step("second", "t.note")).step(step("own", "t.note").needs()).build();

        // when
        RunResult result = executor().build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.message()).isEqualTo("step 'first' failed: boom");
        assertThat(result.step("second").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.step("own").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // not a timing check: without the abort reaching it, it sleeps an hour
    void anAbortDuringARetryDelayOfAStepOnTheRunThreadCutsTheSleepShort(@TempDir Path dir) throws Exception {
        // given: a real sleeper; the step fails and waits an hour before its next attempt
        CountDownLatch retrying = new CountDownLatch(1);
        Path file = dir.resolve("audit.jsonl");

        // when: aborted from another thread while it waits
        RunResult result = runWithAuditLog(file, Duration.ofHours(1), (execution, e) -> retrying.countDown(),
                execution -> {
                    assertThat(retrying.await(30, TimeUnit.SECONDS)).isTrue();
                    execution.abort();
                });

        // then
        assertThat(result.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(result.step("flaky").status()).isEqualTo(StepStatus.INTERRUPTED);
        assertThat(startedOn.get("flaky")).startsWith("runbook-run-");
        assertEndsInterrupted(file);
    }

    @Test
    void anAbortOnTheStepsOwnThreadLeavesTheAuditLogWritable(@TempDir Path dir)
            throws Exception {
        // given: no delay before the retry, so nothing in the step consumes the abort's interrupt; an interrupt left
        // on the run thread would close the log's channel at its next write (the step's end)
        Path file = dir.resolve("audit.jsonl");

        // when: aborted on the step's own thread, as the retry is announced
        RunResult result = runWithAuditLog(file, Duration.ZERO, (execution, e) -> execution.abort(), execution -> {
        });

        // then
        assertThat(result.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(result.step("flaky").attempts()).isEqualTo(1);
        assertThat(startedOn.get("flaky")).startsWith("runbook-run-");
        assertEndsInterrupted(file);
    }

    private interface OnRetry {
        void on(Execution execution, RunEvent.RetryScheduled event);
    }

    private interface Meanwhile {
        void run(Execution execution) throws Exception;
    }

    /** Runs one always-failing step with retries through a real audit log and sleeper. */
    private RunResult runWithAuditLog(Path file, Duration delay, OnRetry onRetry, Meanwhile meanwhile)
            throws Exception {
        actions.failing("t.flaky", 10, "connection reset");
        Runbook rb = runbook().step(step("flaky", "t.flaky").retry(3, delay, 1.0, Duration.ZERO)).build();
        Execution[] execution = new Execution[1];
        CountDownLatch started = new CountDownLatch(1);
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file,
                new RunOrigin("/rb.yaml", "ab".repeat(32), null, "test", false), false, Clock.systemUTC())) {
            execution[0] = executor().sleeper(Sleeper.SYSTEM).journal(log).listener(e -> {
                threads.on(e);
                if (e instanceof RunEvent.RetryScheduled) {
                    awaitQuietly(started);
                    onRetry.on(execution[0], (RunEvent.RetryScheduled) e);
                }
            }).build().start(rb, Map.of(), RunState.fresh());
            started.countDown();
            meanwhile.run(execution[0]);
            return execution[0].await();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The log verifies, has the step's end, and ends with the run's. */
    private static void assertEndsInterrupted(Path file) throws Exception {
        assertThat(new AuditVerifier().verify(file).valid()).isTrue();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).anyMatch(l -> l.contains("\"event\":\"step-interrupted\""));
        assertThat(lines.get(lines.size() - 1)).contains("\"event\":\"run-interrupted\"");
    }
}
