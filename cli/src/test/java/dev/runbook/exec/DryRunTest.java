package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Kind;
import dev.runbook.model.Runbook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunTest {
    private final TestSupport.Recorder events = new TestSupport.Recorder();
    private final TestActions actions = new TestActions();

    private RunResult run(Mode mode, Runbook rb, Map<String, Object> params) {
        return Executor.builder().registry(actions.registry()).listener(events).operator("alice").mode(mode)
                .build().run(rb, params, RunState.fresh());
    }

    private Runbook rollbackRunbook() {
        return runbook().param("function", false).param("env", false)
                .step(step("current", "t.read").with("function", "${{ params.function }}"))
                .step(step("rollback", "t.change").with("function", "${{ params.function }}",
                        "version", "${{ steps.current.outputs.version }}",
                        "label", "to v${{ steps.current.outputs.version }}")
                        .confirmTyped("${{ params.function }}"))
                .step(step("prod-only", "t.read").when("params.env == 'prod'"))
                .step(step("if-changed", "t.read").needs("rollback")
                        .when("${{ steps.current.outputs.version != '' }}"))
                .build();
    }

    @Test
    void aDryRunAppliesNothingAndShowsEveryStepWithItsRenderedInputsAndPrompts() {
        // given
        actions.returning("t.read", Kind.READ_ONLY, Map.of("version", "7"));
        actions.echo("t.change", Kind.MUTATING);

        // when
        RunResult result = run(Mode.DRY_RUN, rollbackRunbook(), Map.of("function", "checkout", "env", "staging"));

        // then
        assertThat(actions.calls()).isEmpty();
        assertThat(result.status()).isEqualTo(RunStatus.PLANNED);
        assertThat(result.failure()).isEmpty();
        List<RunEvent.StepPlanned> planned = events.of(RunEvent.StepPlanned.class);
        assertThat(planned).extracting(RunEvent.StepPlanned::step).containsExactly("current", "rollback", "if-changed");
        RunEvent.StepPlanned rollback = planned.get(1);
        assertThat(rollback.kind()).isEqualTo(Kind.MUTATING);
        assertThat(rollback.inputs()).containsEntry("function", "checkout")
                .containsEntry("label", "to v<steps.current.outputs.version>");
        assertThat(String.valueOf(rollback.inputs().get("version"))).isEqualTo("<steps.current.outputs.version>");
        assertThat(rollback.prompts()).containsExactly("type 'checkout' to apply");
        assertThat(rollback.preview().summary()).startsWith("t.change");
        assertThat(planned.get(2).condition()).isEqualTo("decided at run time");
        assertThat(result.step("prod-only").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(events.of(RunEvent.StepStarted.class)).isEmpty();
        assertThat(events.of(RunEvent.PromptAsked.class)).isEmpty();
    }

    @Test
    void aDryRunListsThePlanInFileOrder() {
        // given: independent branches, which a real run may interleave
        actions.echo("t.read", Kind.READ_ONLY);
        Runbook rb = runbook().step(step("a", "t.read").needs()).step(step("b", "t.read").needs("a"))
                .step(step("c", "t.read").needs()).step(step("d", "t.read").needs("c")).build();

        // when
        run(Mode.DRY_RUN, rb, Map.of());

        // then
        assertThat(events.of(RunEvent.StepPlanned.class)).extracting(RunEvent.StepPlanned::step)
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void aPreflightRunsReadOnlyStepsForRealAndOnlyShowsMutatingOnes() {
        // given
        actions.returning("t.read", Kind.READ_ONLY, Map.of("version", "7"));
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().param("function", false)
                .step(step("current", "t.read").with("function", "${{ params.function }}"))
                .step(step("rollback", "t.change").with("version", "${{ steps.current.outputs.version }}"))
                .step(step("verify", "t.read").with("after", "${{ steps.rollback.outputs.version }}"))
                .build();

        // when
        RunResult result = run(Mode.PREFLIGHT, rb, Map.of("function", "checkout"));

        // then
        assertThat(actions.callsOf("t.read")).containsExactly("current");
        assertThat(actions.callsOf("t.change")).isEmpty();
        assertThat(result.step("current").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(result.step("rollback").status()).isEqualTo(StepStatus.PLANNED);
        assertThat(result.step("verify").status()).isEqualTo(StepStatus.PLANNED);
        assertThat(events.of(RunEvent.StepPlanned.class).get(0).inputs()).containsEntry("version", "7");
        assertThat(events.of(RunEvent.StepPlanned.class).get(1).note())
                .isEqualTo("planned: depends on rollback (mutating, not applied by a preflight)");
    }
}
