package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssertActionTest {
    private final AssertAction action = new AssertAction();
    private final FakeActionContext context = new FakeActionContext()
            .step("count", Map.of("n", 3))
            .param("min", 5);

    @Test
    void declaresAnExpressionAndAnOptionalMessage() {
        assertThat(action.spec().name()).isEqualTo("assert");
        assertThat(action.spec().kind()).isEqualTo(Kind.READ_ONLY);
        assertThat(action.spec().input("that")).get()
                .satisfies(i -> assertThat(i.type()).isEqualTo(ValueType.EXPRESSION))
                .satisfies(i -> assertThat(i.required()).isTrue());
        assertThat(action.spec().input("message")).get()
                .satisfies(i -> assertThat(i.type()).isEqualTo(ValueType.STRING))
                .satisfies(i -> assertThat(i.required()).isFalse());
    }

    @Test
    void passesWhenTheExpressionIsTrue() throws Exception {
        // when
        Outputs out = action.apply(new Inputs(Map.of("that", "${{ steps.count.outputs.n < params.min }}")), context);

        // then
        assertThat(out).isEqualTo(Outputs.NONE);
    }

    @Test
    void failsNamingTheExpressionAndTheValuesItRead() {
        assertThatThrownBy(() -> action.apply(
                new Inputs(Map.of("that", "${{ steps.count.outputs.n >= params.min }}")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("assertion failed: steps.count.outputs.n >= params.min "
                        + "(steps.count.outputs.n = 3, params.min = 5)");
    }

    @Test
    void failsWithTheGivenMessageAndTheValuesItRead() {
        assertThatThrownBy(() -> action.apply(new Inputs(Map.of(
                "that", "steps.count.outputs.n >= params.min", "message", "too few replicas")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("too few replicas (steps.count.outputs.n = 3, params.min = 5)");
    }

    @Test
    void failsSayingWhatANonBooleanResultWas() {
        assertThatThrownBy(() -> action.apply(new Inputs(Map.of("that", "${{ steps.count.outputs.n }}")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("assertion is neither true nor false: steps.count.outputs.n gave 3 "
                        + "(steps.count.outputs.n = 3)");
    }

    @Test
    void previewShowsTheConditionAndTheMessage() {
        // when
        var preview = action.preview(new Inputs(Map.of(
                "that", "${{ steps.count.outputs.n >= params.min }}", "message", "too few replicas")));

        // then
        assertThat(preview.summary()).isEqualTo("assert steps.count.outputs.n >= params.min");
        assertThat(preview.details()).isEqualTo(List.of("message: too few replicas"));
    }
}
