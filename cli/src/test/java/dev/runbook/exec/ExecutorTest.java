package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ExecutorTest {
    private final TestSupport.FakeClock clock = new TestSupport.FakeClock();
    private final TestSupport.FakeSleeper sleeper = new TestSupport.FakeSleeper(clock);
    private final TestSupport.Recorder events = new TestSupport.Recorder();
    private final TestActions actions = new TestActions();

    private Executor.Builder executor() {
        return Executor.builder().registry(actions.registry()).clock(clock).sleeper(sleeper).listener(events)
                .operator("alice").cancelGrace(Duration.ofSeconds(5));
    }

    private RunResult run(Runbook rb, Map<String, Object> params) {
        return executor().build().run(rb, params, RunState.fresh());
    }

    @Test
    void runsStepsTopToBottomWhenNeedsIsLeftOutAndAfterWhatTheyNeed() {
        // given: c, b, a in file order, a needing b explicitly... and c first in the file
        actions.echo("t.read", Kind.READ_ONLY);
        Runbook rb = runbook()
                .step(step("first", "t.read"))
                .step(step("second", "t.read"))
                .step(step("last", "t.read").needs("third"))
                .step(step("third", "t.read").needs("second"))
                .build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(actions.callsOf("t.read")).containsExactly("first", "second", "third", "last");
        assertThat(events.events().get(0)).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(events.events().get(events.events().size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
    }

    @Test
    void passesOutputsOfEarlierStepsIntoLaterInputs() {
        // given
        actions.returning("t.version", Kind.READ_ONLY, Map.of("version", "41"));
        actions.echo("t.use", Kind.MUTATING);
        Runbook rb = runbook()
                .step(step("current", "t.version"))
                .step(step("use", "t.use").with("target", "v${{ steps.current.outputs.version }}",
                        "number", "${{ steps.current.outputs.version }}"))
                .build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.step("use").outputs()).containsEntry("target", "v41").containsEntry("number", "41");
    }

    @Test
    void runsIndependentStepsSideBySide() throws Exception {
        // given: each step waits until the other has started, which only works when they overlap
        actions.meetingEachOther("t.left", "t.right");
        Runbook rb = runbook().step(step("left", "t.left").needs()).step(step("right", "t.right").needs()).build();

        // when
        RunResult result = executor().parallelism(2).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.step("left").outputs()).containsEntry("sawOther", true);
        assertThat(result.step("right").outputs()).containsEntry("sawOther", true);
    }

    @Test
    void neverRunsMoreStepsAtOnceThanTheParallelismAllows() {
        // given: three independent steps and room for one
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        actions.add("t.count", Kind.READ_ONLY, (in, ctx, n) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            now.decrementAndGet();
            return Outputs.NONE;
        });
        Runbook rb = runbook().step(step("a", "t.count").needs()).step(step("b", "t.count").needs())
                .step(step("c", "t.count").needs()).build();

        // when
        RunResult result = executor().parallelism(1).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(most.get()).isEqualTo(1);
        assertThat(actions.callsOf("t.count")).containsExactly("a", "b", "c");
    }

    @Test
    void skipsAStepWhoseConditionIsFalseAndRunsTheStepsThatNeedIt() {
        // given
        actions.echo("t.read", Kind.READ_ONLY);
        Runbook rb = runbook().param("env", false)
                .step(step("prod-only", "t.read").when("${{ params.env == 'prod' }}"))
                .step(step("after", "t.read").needs("prod-only"))
                .step(step("always", "t.read").needs())
                .build();

        // when
        RunResult result = run(rb, Map.of("env", "staging"));

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.step("prod-only").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.step("prod-only").message()).isEqualTo("skipped: if params.env == 'prod' is false");
        assertThat(result.step("after").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(actions.callsOf("t.read")).containsExactlyInAnyOrder("after", "always");
    }

    @Test
    void retriesWithGrowingDelaysCappedAtTheMaximumAndShowsEachAttempt() {
        // given: fails four times, then works
        actions.failing("t.flaky", 4, "connection reset");
        Runbook rb = runbook().step(step("flaky", "t.flaky")
                .retry(5, Duration.ofSeconds(5), 2.0, Duration.ofSeconds(20))).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.step("flaky").attempts()).isEqualTo(5);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(events.of(RunEvent.StepStarted.class)).extracting(RunEvent.StepStarted::attempt)
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(events.of(RunEvent.RetryScheduled.class)).extracting(RunEvent.RetryScheduled::error)
                .containsOnly("connection reset");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(55));
    }

    @Test
    void failsAfterTheLastAttemptWithTheLastError() {
        // given
        actions.failing("t.broken", 10, "still broken");
        Runbook rb = runbook().step(step("broken", "t.broken")
                .retry(3, Duration.ofSeconds(1), 1.0, Duration.ZERO)).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("broken").attempts()).isEqualTo(3);
        assertThat(result.message()).isEqualTo("step 'broken' failed: still broken");
        assertThat(result.failure()).get().extracting(e -> e.reason())
                .isEqualTo(dev.runbook.error.RunbookException.Reason.STEP_FAILED);
    }

    @Test
    void interruptsAnActionThatExceedsItsTimeoutAndFailsTheStep() {
        // given: an action that would block forever
        AtomicBoolean interrupted = new AtomicBoolean();
        actions.hanging("t.hang", Kind.READ_ONLY, new CountDownLatch(1), interrupted);
        actions.echo("t.next", Kind.READ_ONLY);
        Runbook rb = runbook().step(step("hang", "t.hang").timeout("200ms")).step(step("next", "t.next")).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("hang").status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(result.step("hang").message()).isEqualTo("timed out after 200ms");
        assertThat(interrupted).isTrue();
        assertThat(result.step("next").status()).isEqualTo(StepStatus.NOT_RUN);
        assertThat(actions.callsOf("t.next")).isEmpty();
    }

    @Test
    void goesOnWithIndependentStepsAfterAFailureMarkedContinueAndStillFails() {
        // given
        actions.failing("t.fail", 1, "boom");
        actions.echo("t.read", Kind.READ_ONLY);
        Runbook rb = runbook()
                .step(step("fails", "t.fail").onFailure(OnFailure.CONTINUE))
                .step(step("dependent", "t.read").needs("fails"))
                .step(step("independent", "t.read").needs())
                .build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("dependent").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.step("dependent").message()).isEqualTo("not run: needs failed 'fails'");
        assertThat(result.step("independent").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(actions.callsOf("t.read")).containsExactly("independent");
    }

    @Test
    void stopsAtTheFirstFailureByDefault() {
        // given
        actions.failing("t.fail", 1, "boom");
        actions.echo("t.read", Kind.READ_ONLY);
        Runbook rb = runbook().step(step("fails", "t.fail")).step(step("later", "t.read").needs()).build();

        // when
        RunResult result = executor().parallelism(1).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("later").status()).isEqualTo(StepStatus.NOT_RUN);
        assertThat(actions.callsOf("t.read")).isEmpty();
    }

    @Test
    void rollsBackCompletedStepsNewestFirstAskingForEachMutatingUndo() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        actions.echo("t.revert", Kind.MUTATING);
        actions.failing("t.fail", 1, "alarms firing");
        Runbook rb = runbook()
                .step(step("one", "t.change").undo("t.revert", "what", "one"))
                .step(step("plain", "t.change"))
                .step(step("two", "t.change").undo("t.revert", "what", "${{ steps.two.outputs.value }}")
                        .with("value", "two-value"))
                .step(step("watch", "t.fail").onFailure(OnFailure.ROLLBACK))
                .build();
        FakeTerminal terminal = new FakeTerminal();

        // when
        RunResult result = executor().confirmer(terminal).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertThat(actions.callsOf("t.revert")).containsExactly("two", "one");
        assertThat(terminal.asked()).containsExactly("yes-no:two:Undo 'two'?", "yes-no:one:Undo 'one'?");
        assertThat(events.of(RunEvent.UndoStarted.class)).extracting(u -> u.inputs().get("what"))
                .containsExactly("two-value", "one");
        assertThat(result.step("one").status()).isEqualTo(StepStatus.ROLLED_BACK);
        assertThat(result.step("plain").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(result.message()).isEqualTo("step 'watch' failed: alarms firing; rollback incomplete; undone: two,"
                + " one; not undone: plain (it has no undo)");
        assertThat(events.of(RunEvent.RunFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.notUndone()).containsExactly(Map.entry("plain", "it has no undo")));
        assertThat(result.failure()).get().extracting(e -> e.reason())
                .isEqualTo(dev.runbook.error.RunbookException.Reason.STEP_FAILED);
    }

    @Test
    void stopsTheRollbackWhenAnUndoFailsAndSaysWhatWasNotUndone() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        actions.failing("t.revert", 1, "cannot revert");
        actions.failing("t.fail", 1, "boom");
        Runbook rb = runbook()
                .step(step("one", "t.change").undo("t.change"))
                .step(step("two", "t.change").undo("t.revert"))
                .step(step("watch", "t.fail").onFailure(OnFailure.ROLLBACK))
                .build();

        // when
        RunResult result = executor().confirmer(ScriptedConfirmer.noTerminal(true, Map.of())).build()
                .run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertThat(result.message()).isEqualTo("step 'watch' failed: boom; rollback incomplete; not undone:"
                + " two (undo failed: cannot revert), one (not undone: the rollback stopped (at two))");
        assertThat(result.step("one").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void failsACheckWithTheExpressionAndTheValuesItSaw() {
        // given
        actions.returning("t.version", Kind.READ_ONLY, Map.of("version", ""));
        Runbook rb = runbook().step(step("previous", "t.version").check("${{ outputs.version != \"\" }}")).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.step("previous").status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("previous").message())
                .isEqualTo("check failed: outputs.version != \"\" (outputs.version = \"\")");
    }

    @Test
    void mapsOutputsAfterTheActionAndChecksTheMappedValues() {
        // given
        actions.returning("t.alias", Kind.READ_ONLY, Map.of("version", 7L));
        Runbook rb = runbook().step(step("alias", "t.alias").outputs("label", "v${{ outputs.version }}")
                .check("outputs.label == 'v7'")).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.step("alias").outputs()).containsEntry("version", 7L).containsEntry("label", "v7");
    }

    @Test
    void failsAStepWhoseExpressionFailsAtRunTimeAndNamesTheExpression() {
        // given
        actions.returning("t.read", Kind.READ_ONLY, Map.of("count", 3L));
        actions.echo("t.use", Kind.MUTATING);
        Runbook rb = runbook().step(step("read", "t.read"))
                .step(step("use", "t.use").with("n", "${{ steps.read.outputs.missing + 1 }}")).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.step("use").status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("use").message()).contains("steps.read.outputs.missing + 1").contains("with.n");
        assertThat(actions.callsOf("t.use")).isEmpty();
    }

    @Test
    void reportsAnUnexpectedExceptionWithItsType() {
        // given
        actions.add("t.bug", Kind.READ_ONLY, (in, ctx, n) -> {
            throw new IllegalStateException("no such thing");
        });
        Runbook rb = runbook().step(step("bug", "t.bug")).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(result.step("bug").message()).isEqualTo(
                "the action failed unexpectedly (a bug in runbook or the action: IllegalStateException: no such thing)");
    }

    @Test
    void abortingFromAnotherThreadInterruptsTheRunningActionAndEndsInterrupted() throws Exception {
        // given
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        actions.hanging("t.long", Kind.MUTATING, running, interrupted);
        actions.echo("t.next", Kind.READ_ONLY);
        Runbook rb = runbook().step(step("long", "t.long")).step(step("next", "t.next")).build();
        FakeTerminal terminal = new FakeTerminal();
        Execution execution = executor().confirmer(terminal).build().start(rb, Map.of(), RunState.fresh());
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        // when: Ctrl-C, and the operator chooses to abort
        boolean aborting = execution.interrupt();
        RunResult result = execution.await();

        // then
        assertThat(aborting).isTrue();
        assertThat(terminal.asked()).containsExactly("interrupt");
        assertThat(result.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(result.step("long").status()).isEqualTo(StepStatus.INTERRUPTED);
        assertThat(interrupted).isTrue();
        assertThat(actions.callsOf("t.next")).isEmpty();
        assertThat(events.of(RunEvent.RunFinished.class)).extracting(RunEvent.RunFinished::status)
                .containsExactly(RunStatus.INTERRUPTED);
    }

    @Test
    void carriesOnWhenTheOperatorDoesNotAbortAfterCtrlC() throws Exception {
        // given
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        actions.add("t.wait", Kind.READ_ONLY, (in, ctx, n) -> {
            running.countDown();
            release.await(30, TimeUnit.SECONDS);
            return Outputs.NONE;
        });
        Runbook rb = runbook().step(step("wait", "t.wait")).build();
        FakeTerminal terminal = new FakeTerminal();
        terminal.abort = false;
        Execution execution = executor().confirmer(terminal).build().start(rb, Map.of(), RunState.fresh());
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        // when
        boolean aborting = execution.interrupt();
        release.countDown();
        RunResult result = execution.await();

        // then
        assertThat(aborting).isFalse();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void resumesWithoutRerunningCompletedStepsAndUsesTheirRecordedOutputs() {
        // given
        actions.returning("t.version", Kind.READ_ONLY, Map.of("version", "new"));
        actions.echo("t.use", Kind.MUTATING);
        Runbook rb = runbook().step(step("current", "t.version"))
                .step(step("use", "t.use").with("version", "${{ steps.current.outputs.version }}")).build();
        RunState state = RunState.resume("run-1", clock.instant(), Map.of("current",
                new StepResult("current", StepStatus.SUCCEEDED, Map.of("version", "recorded"), null, Duration.ZERO, 1)),
                java.util.Set.of());

        // when
        RunResult result = executor().build().run(rb, Map.of(), state);

        // then
        assertThat(result.runId()).isEqualTo("run-1");
        assertThat(actions.callsOf("t.version")).isEmpty();
        assertThat(result.step("use").outputs()).containsEntry("version", "recorded");
        assertThat(events.of(RunEvent.StepCarriedOver.class)).extracting(RunEvent.StepCarriedOver::step)
                .containsExactly("current");
    }

    @Test
    void onResumeAnInDoubtMutatingStepIsRerunOnlyWhenChosen() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("change", "t.change")).step(step("after", "t.change")).build();
        RunState state = RunState.resume("run-2", clock.instant(), Map.of(), java.util.Set.of("change"));

        // when
        RunResult skipped = executor().inDoubt(InDoubtChoice.MARK_DONE).build().run(rb, Map.of(), state);

        // then
        assertThat(skipped.step("change").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(skipped.step("change").message()).isEqualTo("in doubt, marked done by --in-doubt");
        assertThat(actions.callsOf("t.change")).containsExactly("after");
    }

    @Test
    void anActionFailureMessageIsShownAsItIs() {
        // given
        actions.add("t.fail", Kind.READ_ONLY, (in, ctx, n) -> {
            throw new ActionFailedException("table orders is not ACTIVE");
        });
        Runbook rb = runbook().step(step("x", "t.fail")).build();

        // when
        RunResult result = run(rb, Map.of());

        // then
        assertThat(events.of(RunEvent.StepFinished.class)).extracting(RunEvent.StepFinished::message)
                .containsExactly("table orders is not ACTIVE");
        assertThat(List.of(result.status())).containsExactly(RunStatus.FAILED);
    }
}
