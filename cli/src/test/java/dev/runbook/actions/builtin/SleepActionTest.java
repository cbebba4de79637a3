package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SleepActionTest {
    private final SleepAction action = new SleepAction();
    private final FakeActionContext context = new FakeActionContext();

    @Test
    void declaresARequiredDurationAndNoOutputs() {
        assertThat(action.spec().name()).isEqualTo("sleep");
        assertThat(action.spec().kind()).isEqualTo(Kind.READ_ONLY);
        assertThat(action.spec().input("duration")).get()
                .satisfies(i -> assertThat(i.required()).isTrue())
                .satisfies(i -> assertThat(i.type()).isEqualTo(ValueType.DURATION));
        assertThat(action.spec().outputs()).isEmpty();
    }

    @Test
    void sleepsThroughTheContextClock() throws Exception {
        // when
        Outputs out = action.apply(new Inputs(Map.of("duration", "90s")), context);

        // then
        assertThat(out).isEqualTo(Outputs.NONE);
        assertThat(context.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(90));
        assertThat(context.clock.instant()).isEqualTo(FakeActionContext.START.plusSeconds(90));
    }

    @Test
    void showsHowMuchOfALongSleepIsLeft() throws Exception {
        // when
        action.apply(new Inputs(Map.of("duration", "1m30s")), context);

        // then
        assertThat(context.progress).hasSize(90).startsWith("sleeping: 1m30s left of 1m30s")
                .endsWith("sleeping: 1s left of 1m30s");
    }

    @Test
    void acceptsADurationValueAsRendered() throws Exception {
        // when
        action.apply(new Inputs(Map.of("duration", Duration.ofMinutes(5))), context);

        // then
        assertThat(context.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rejectsTextThatIsNotADuration() {
        assertThatThrownBy(() -> action.apply(new Inputs(Map.of("duration", "soon")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("duration: 'soon' is not a duration (expected e.g. 90s, 15m, 4h, 1h30m or PT15M)");
    }

    @Test
    void previewShowsTheDurationCompactly() {
        assertThat(action.preview(new Inputs(Map.of("duration", "PT90M"))).summary()).isEqualTo("sleep 1h30m");
        assertThat(action.preview(new Inputs(Map.of("duration", "<steps.x.outputs.y>"))).summary())
                .isEqualTo("sleep <steps.x.outputs.y>");
    }
}
