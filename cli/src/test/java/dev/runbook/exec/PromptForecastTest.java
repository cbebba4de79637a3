package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptForecastTest {
    private final TestActions actions = new TestActions();
    private PromptForecast forecast;

    @BeforeEach
    void actions() {
        actions.echo("t.change", Kind.MUTATING);
        actions.echo("t.read", Kind.READ_ONLY);
        actions.add("manual", Kind.READ_ONLY, (in, ctx, n) -> Outputs.of(Map.of()));
        forecast = new PromptForecast(actions.registry(), Clock.systemUTC());
    }

    private List<String> unanswered(Runbook rb, Map<String, Object> params, ScriptedConfirmer answers) {
        return forecast.unanswered(rb, params, RunState.fresh(), answers, null).stream()
                .map(PromptForecast.Unanswered::describe).toList();
    }

    @Test
    void namesEveryPromptNoOptionAnswersWithTheOptionThatWould() {
        // given
        Runbook rb = runbook().param("table", false)
                .step(step("read", "t.read"))
                .step(step("go", "t.change").confirmYesNo())
                .step(step("restore", "t.change").confirmTyped("${{ params.table }}"))
                .step(step("announce", "manual"))
                .step(step("gate", "manual").approvers(3))
                .build();

        // when
        List<String> missing = unanswered(rb, Map.of("table", "orders"), ScriptedConfirmer.noTerminal(false, Map.of()));

        // then
        assertThat(missing).containsExactly(
                "step 'go' (y/N confirmation): pass --yes",
                "step 'restore' (typed confirmation): pass --confirm restore=orders",
                "step 'announce' (manual checklist): pass --ack announce (or --ack all)",
                "step 'gate' (manual checklist): pass --ack gate (or --ack all)");
    }

    @Test
    void theGivenAnswersLeaveNothingOut() {
        // given
        Runbook rb = runbook().param("table", false)
                .step(step("go", "t.change").confirmYesNo())
                .step(step("restore", "t.change").confirmTyped("${{ params.table }}"))
                .step(step("announce", "manual"))
                .build();
        ScriptedConfirmer answers = ScriptedConfirmer.noTerminal(true, Map.of("restore", "orders"))
                .acknowledging(List.of("announce"));

        // then
        assertThat(unanswered(rb, Map.of("table", "orders"), answers)).isEmpty();
        assertThat(unanswered(rb, Map.of("table", "orders"), ScriptedConfirmer.noTerminal(true, Map.of())
                .acknowledging(List.of("all")))).containsExactly(
                        "step 'restore' (typed confirmation): pass --confirm restore=orders");
    }

    @Test
    void aStepWhoseIfIsFalseFromTheParametersIsLeftOutButOneThatReadsAStepIsNot() {
        // given
        Runbook rb = runbook().param("extra", false)
                .step(step("read", "t.read"))
                .step(step("optional", "t.change").confirmYesNo().when("${{ params.extra == 'yes' }}"))
                .step(step("wanted", "t.change").confirmYesNo().when("${{ params.extra == 'no' }}"))
                .step(step("later", "t.change").confirmYesNo().when("${{ steps.read.status == 'succeeded' }}"))
                .build();

        // when
        List<String> missing = unanswered(rb, Map.of("extra", "no"), ScriptedConfirmer.noTerminal(false, Map.of()));

        // then
        assertThat(missing).containsExactly("step 'wanted' (y/N confirmation): pass --yes",
                "step 'later' (y/N confirmation): pass --yes");
    }

    @Test
    void aSecretTypedValueIsNamedNotShownAndAnUndoInARollbackNeedsYes() {
        // given
        Runbook rb = runbook().param("token", true)
                .step(step("rotate", "t.change").confirmTyped("${{ params.token }}").undo("t.change"))
                .step(step("check", "t.read").onFailure(OnFailure.ROLLBACK))
                .build();
        ScriptedConfirmer answers = ScriptedConfirmer.noTerminal(false, Map.of()).hidingSecretsOf(rb);

        // when
        List<String> missing = unanswered(rb, Map.of("token", "hunter2"), answers);

        // then
        assertThat(missing).containsExactly(
                "step 'rotate' (typed confirmation): pass --confirm rotate=<the value of parameter token>",
                "step 'rotate' (y/N confirmation of its undo in a rollback): pass --yes");
        assertThat(String.join("\n", missing)).doesNotContain("hunter2");
    }

    @Test
    void onResumeCompletedStepsAreLeftOutAndAMutatingStepInDoubtNeedsInDoubt() {
        // given
        Runbook rb = runbook()
                .step(step("done", "t.change").confirmYesNo())
                .step(step("doubt", "t.change"))
                .step(step("reread", "t.read"))
                .build();
        RunState state = RunState.resume("r1", Instant.parse("2026-11-22T03:00:00Z"),
                Map.of("done", new StepResult("done", StepStatus.SUCCEEDED, Map.of(), null, java.time.Duration.ZERO, 1)),
                Set.of("doubt", "reread"));

        // when
        List<PromptForecast.Unanswered> none = forecast.unanswered(rb, Map.of(), state,
                ScriptedConfirmer.noTerminal(false, Map.of()), InDoubtChoice.RERUN);
        List<PromptForecast.Unanswered> missing = forecast.unanswered(rb, Map.of(), state,
                ScriptedConfirmer.noTerminal(false, Map.of()), null);

        // then
        assertThat(none).isEmpty();
        assertThat(missing).extracting(PromptForecast.Unanswered::describe).containsExactly(
                "step 'doubt' (in doubt: started without a recorded outcome): pass --in-doubt rerun|skip");
    }
}
