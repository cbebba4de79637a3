package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitActionTest {
    private static final String UNTIL = "${{ outputs.state == 'ACTIVE' }}";

    private final WaitAction action = new WaitAction();
    private final FakeActionContext context = new FakeActionContext();

    private static Inputs inputs(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return new Inputs(m);
    }

    private static Outputs state(String state) {
        return Outputs.of(Map.of("state", state));
    }

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void declaresItsInputsAndOpenOutputs() {
        assertThat(action.spec().name()).isEqualTo("wait");
        assertThat(action.spec().kind()).isEqualTo(Kind.READ_ONLY);
        assertThat(action.spec().openOutputs()).isTrue();
        assertThat(action.spec().inputs()).extracting(IoSpec::name).containsExactly(
                "until", "step", "action", "with", "interval", "backoff", "max-interval", "max-wait");
        assertThat(action.spec().input("until")).get()
                .satisfies(i -> assertThat(i.type()).isEqualTo(ValueType.EXPRESSION))
                .satisfies(i -> assertThat(i.required()).isTrue());
        assertThat(action.spec().input("backoff")).get()
                .satisfies(i -> assertThat(i.type()).isEqualTo(ValueType.NUMBER));
    }

    @Test
    void succeedsOnTheThirdPollWithItsOutputs() throws Exception {
        // given
        context.polls(state("CREATING"), state("UPDATING"), state("ACTIVE"));

        // when
        Outputs out = action.apply(inputs("until", UNTIL, "step", "describe-db"), context);

        // then
        assertThat(out.values()).isEqualTo(Map.of("state", "ACTIVE"));
        assertThat(context.rerunSteps).containsExactly("describe-db", "describe-db", "describe-db");
        assertThat(context.sleeps).isEqualTo(seconds(10, 10));
        assertThat(context.progress).containsExactly(
                "waiting for outputs.state == 'ACTIVE': 0s, last: outputs.state = 'CREATING'",
                "waiting for outputs.state == 'ACTIVE': 10s, last: outputs.state = 'UPDATING'");
    }

    @Test
    void givesUpAfterMaxWaitNamingTheValuesItSaw() {
        // given
        context.polls(state("CREATING"));

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "describe-db", "max-wait", "30s"),
                context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("gave up after 30s: outputs.state == 'ACTIVE' still false (outputs.state = 'CREATING')");
        assertThat(context.sleeps).isEqualTo(seconds(10, 10, 10));
        assertThat(context.rerunSteps).hasSize(4);
    }

    @Test
    void growsTheIntervalByTheBackoffUpToMaxInterval() {
        // given
        context.polls(state("CREATING"));

        // when
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "describe-db",
                "interval", "10s", "backoff", 2, "max-interval", "1m", "max-wait", "5m"), context))
                .hasMessageStartingWith("gave up after 5m: ");

        // then: the last sleep is cut to end at max-wait exactly
        assertThat(context.sleeps).isEqualTo(seconds(10, 20, 40, 60, 60, 60, 50));
    }

    @Test
    void givesUpAtTheStepsTimeoutWhenThatComesFirst() {
        // given
        context.polls(state("CREATING"));
        context.remaining = Duration.ofSeconds(25);

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "describe-db"), context))
                .hasMessageStartingWith("gave up after 25s: ");
        assertThat(context.sleeps).isEqualTo(seconds(10, 10, 5));
    }

    @Test
    void pollsAnActionWithItsInputs() throws Exception {
        // given
        context.polls(Outputs.of(Map.of("status", 200, "json", Map.of("state", "ACTIVE"))));

        // when
        Outputs out = action.apply(inputs("until", "${{ outputs.json.state == 'ACTIVE' }}", "action", "http",
                "with", Map.of("url", "http://127.0.0.1/health")), context);

        // then
        assertThat(out.get("status")).isEqualTo(200);
        assertThat(context.actionCalls).containsExactly(
                Map.of("(action)", "http", "url", "http://127.0.0.1/health"));
    }

    @Test
    void failsWhenAPollFails() {
        // given
        context.polls(state("CREATING"), new ActionFailedException("GET http://x/ answered 500, expected 2xx"));

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "describe-db"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("poll 2 of step 'describe-db' failed: GET http://x/ answered 500, expected 2xx");
    }

    @Test
    void stopsWhenInterruptedWhileSleeping() {
        // given
        context.polls(state("CREATING"));
        context.interruptOnSleep = 2;

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "describe-db"), context))
                .isInstanceOf(InterruptedException.class);
        assertThat(context.rerunSteps).hasSize(2);
    }

    @Test
    void failsWhenUntilIsNeitherTrueNorFalse() {
        // given
        context.polls(state("CREATING"));

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("until", "${{ outputs.state }}", "step", "describe-db"),
                context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("until is neither true nor false: outputs.state gave 'CREATING' "
                        + "(outputs.state = 'CREATING')");
    }

    @Test
    void needsExactlyOneOfStepOrAction() {
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL), context))
                .hasMessage("give what to poll: step (the id of a read-only step) or action (with its inputs in with)");
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "a", "action", "http"), context))
                .hasMessage("give step or action, not both");
    }

    @Test
    void rejectsABackoffBelowOne() {
        assertThatThrownBy(() -> action.apply(inputs("until", UNTIL, "step", "a", "backoff", 0.5), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("backoff must be a number of at least 1.0, not 0.5");
    }

    @Test
    void previewSaysWhatIsPolledHowOftenAndForHowLong() {
        // when
        Preview preview = action.preview(inputs("until", UNTIL, "step", "describe-db",
                "interval", "5s", "backoff", 1.5, "max-wait", "PT1H"));

        // then
        assertThat(preview.summary()).isEqualTo("wait until outputs.state == 'ACTIVE'");
        assertThat(preview.details()).containsExactly(
                "polls step 'describe-db'", "every 5s, growing x1.5 up to 5m", "gives up after 1h");
    }
}
