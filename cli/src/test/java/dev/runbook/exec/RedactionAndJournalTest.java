package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.error.RunbookException;
import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionAndJournalTest {
    private final TestSupport.Recorder shown = new TestSupport.Recorder();
    private final TestActions actions = new TestActions();

    @Test
    void replacesASecretParameterInOutputsErrorMessagesAndEveryEvent() {
        // given
        actions.echo("t.login", Kind.READ_ONLY);
        actions.add("t.fail", Kind.READ_ONLY, (in, ctx, n) -> {
            throw new ActionFailedException("login refused for token " + in.string("token"));
        });
        Runbook rb = runbook().param("token", true)
                .step(step("login", "t.login").with("header", "Bearer ${{ params.token }}"))
                .step(step("again", "t.fail").with("token", "${{ params.token }}"))
                .build();
        TestSupport.Recorder journal = new TestSupport.Recorder();

        // when
        RunResult result = Executor.builder().registry(actions.registry()).listener(shown).journal(journal)
                .build().run(rb, Map.of("token", "s3cr3t-value"), RunState.fresh());

        // then
        assertThat(result.message()).isEqualTo("step 'again' failed: login refused for token ***");
        assertThat(shown.of(RunEvent.StepFinished.class).get(0).outputs()).containsEntry("header", "Bearer ***");
        assertThat(shown.of(RunEvent.RunStarted.class).get(0).params()).containsEntry("token", "***");
        assertThat(shown.events().toString()).doesNotContain("s3cr3t");
        assertThat(journal.events().toString()).doesNotContain("s3cr3t").contains("Bearer ***");
        // the step itself still sees the real value
        assertThat(result.step("login").outputs()).containsEntry("header", "Bearer s3cr3t-value");
    }

    @Test
    void replacesOutputsAnActionMarksSecretAndValuesDeclaredSecretDuringTheRun() {
        // given
        actions.add("t.issue", Kind.READ_ONLY, (in, ctx, n) -> {
            ctx.secret("pw-declared");
            ctx.output("stdout", "using pw-declared");
            return new Outputs(Map.of("password", "pw-output", "user", "admin"), Set.of("password"));
        });
        actions.echo("t.use", Kind.MUTATING);
        Runbook rb = runbook().step(step("issue", "t.issue"))
                .step(step("use", "t.use").with("dsn", "admin:${{ steps.issue.outputs.password }}@db")).build();

        // when
        Executor.builder().registry(actions.registry()).listener(shown).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(shown.of(RunEvent.StepOutput.class).get(0).line()).isEqualTo("using ***");
        assertThat(shown.of(RunEvent.StepStarted.class).get(1).inputs()).containsEntry("dsn", "admin:***@db");
        assertThat(shown.events().toString()).doesNotContain("pw-output").doesNotContain("pw-declared");
    }

    @Test
    void aJournalThatCannotWriteStopsTheRunBeforeTheNextActionIsApplied() {
        // given: the journal fails when asked to record that 'second' starts
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("first", "t.change")).step(step("second", "t.change"))
                .step(step("third", "t.change")).build();
        List<RunEvent> recorded = new ArrayList<>();
        RunJournal journal = event -> {
            if (event instanceof RunEvent.StepStarted && ((RunEvent.StepStarted) event).step().equals("second")) {
                throw new JournalException("disk full");
            }
            recorded.add(event);
        };

        // when
        RunResult result = Executor.builder().registry(actions.registry()).listener(shown).journal(journal).build()
                .run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(actions.callsOf("t.change")).containsExactly("first");
        assertThat(result.status()).isEqualTo(RunStatus.AUDIT_FAILED);
        assertThat(result.message()).isEqualTo("the audit log could not be written: disk full");
        assertThat(result.failure()).get().extracting(RunbookException::reason)
                .isEqualTo(RunbookException.Reason.AUDIT);
        assertThat(result.step("second").status()).isEqualTo(StepStatus.NOT_RUN);
        assertThat(result.step("third").status()).isEqualTo(StepStatus.NOT_RUN);
        assertThat(shown.of(RunEvent.RunFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.AUDIT_FAILED));
    }

    @Test
    void aStepsOutcomeIsShownOnlyAfterItsRecordIsWritten() {
        // given: a disk that fills up on the third append, the end record of 'first' (start, first started, HERE)
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("first", "t.change")).step(step("second", "t.change")).build();
        java.util.concurrent.atomic.AtomicInteger appends = new java.util.concurrent.atomic.AtomicInteger();
        RunJournal journal = event -> {
            if (appends.incrementAndGet() == 3) {
                throw new JournalException("No space left on device");
            }
        };
        java.io.StringWriter screen = new java.io.StringWriter();
        dev.runbook.cli.console.TextRunListener text = new dev.runbook.cli.console.TextRunListener(
                new java.io.PrintWriter(screen), new dev.runbook.cli.console.Style(false), false);
        ExecutionListener both = e -> {
            shown.on(e);
            text.on(e);
        };

        // when
        RunResult result = Executor.builder().registry(actions.registry()).listener(both).journal(journal).build()
                .run(rb, Map.of(), RunState.fresh());

        // then: 'first' ran, but nothing says it succeeded; the run stops with the audit failure (exit 4)
        assertThat(actions.callsOf("t.change")).containsExactly("first");
        assertThat(shown.of(RunEvent.StepFinished.class)).isEmpty();
        assertThat(screen.toString()).contains("start first").doesNotContainPattern("(?m)^ok first")
                .contains("run " + result.runId() + " audit-failed")
                .contains("the audit log could not be written: No space left on device");
        assertThat(result.status()).isEqualTo(RunStatus.AUDIT_FAILED);
        assertThat(result.failure()).get().extracting(RunbookException::reason)
                .isEqualTo(RunbookException.Reason.AUDIT);
        assertThat(result.step("second").status()).isEqualTo(StepStatus.NOT_RUN);
    }

    @Test
    void recordsThatAStepStartedBeforeItsActionRuns() {
        // given
        List<String> order = new ArrayList<>();
        actions.add("t.change", Kind.MUTATING, (in, ctx, n) -> {
            synchronized (order) {
                order.add("applied");
            }
            return Outputs.NONE;
        });
        Runbook rb = runbook().step(step("only", "t.change")).build();
        RunJournal journal = event -> {
            synchronized (order) {
                order.add(event.getClass().getSimpleName());
            }
        };

        // when
        Executor.builder().registry(actions.registry()).journal(journal).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(order).containsExactly("RunStarted", "StepStarted", "applied", "StepFinished", "RunFinished");
    }
}
