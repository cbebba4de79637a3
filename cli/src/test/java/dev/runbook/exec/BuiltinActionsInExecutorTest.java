package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in actions that lean on the executor's ActionContext: wait (re-runs a step), assert, manual. */
class BuiltinActionsInExecutorTest {
    private final TestSupport.FakeClock clock = new TestSupport.FakeClock();
    private final TestSupport.FakeSleeper sleeper = new TestSupport.FakeSleeper(clock);
    private final TestSupport.Recorder events = new TestSupport.Recorder();
    private final TestActions fakes = new TestActions();

    private RunResult run(Runbook rb, Confirmer confirmer) {
        List<Action> all = new ArrayList<>(new BuiltinActions().actions());
        all.addAll(fakes.registry().all());
        return Executor.builder().registry(ActionRegistry.of(all)).clock(clock).sleeper(sleeper).listener(events)
                .confirmer(confirmer).operator("alice").build().run(rb, Map.of(), RunState.fresh());
    }

    @Test
    void waitRerunsAReadOnlyStepUntilItsConditionHoldsOnTheFakeClock() {
        // given: the table becomes ACTIVE on the third read
        fakes.add("t.status", Kind.READ_ONLY, (in, ctx, n) -> Outputs.of(Map.of("status", n < 3 ? "CREATING" : "ACTIVE")));
        Runbook rb = runbook()
                .step(step("status", "t.status"))
                .step(step("active", "wait").with("step", "status", "until", "${{ outputs.status == 'ACTIVE' }}",
                        "interval", "10s"))
                .build();

        // when
        RunResult result = run(rb, ScriptedConfirmer.noTerminal(false, Map.of()));

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fakes.callsOf("t.status")).containsExactly("status", "status", "status");
        assertThat(result.step("active").outputs()).containsEntry("status", "ACTIVE");
        assertThat(events.of(RunEvent.StepProgress.class)).isNotEmpty();
    }

    @Test
    void assertExplainsTheValuesItSawWhenItFails() {
        // given
        fakes.returning("t.count", Kind.READ_ONLY, Map.of("n", 3L));
        Runbook rb = runbook().step(step("count", "t.count"))
                .step(step("enough", "assert").with("that", "${{ steps.count.outputs.n >= 5 }}")).build();

        // when
        RunResult result = run(rb, ScriptedConfirmer.noTerminal(false, Map.of()));

        // then
        assertThat(result.step("enough").status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("enough").message()).contains("steps.count.outputs.n = 3");
    }

    @Test
    void manualChecklistsAreAcknowledgedThroughTheConfirmer() {
        // given
        Runbook rb = runbook().step(step("announce", "manual")
                .with("checklist", List.of("Incident declared", "Rollback announced"))).build();
        FakeTerminal terminal = new FakeTerminal();

        // when
        RunResult result = run(rb, terminal);

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(terminal.asked()).containsExactly("acknowledge:announce:Incident declared",
                "acknowledge:announce:Rollback announced");
        assertThat(String.valueOf(result.step("announce").outputs().get("acknowledgedBy"))).contains("alice");
    }
}
