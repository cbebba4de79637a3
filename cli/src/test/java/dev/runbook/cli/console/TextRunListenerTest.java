package dev.runbook.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Kind;
import dev.runbook.exec.RunEvent;
import dev.runbook.testing.FakeClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextRunListenerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private final StringWriter screen = new StringWriter();
    private final FakeClock clock = new FakeClock(T0);

    private TextRunListener listener(boolean live, int width) {
        return new TextRunListener(new PrintWriter(screen), new Style(live), live, width, clock);
    }

    private static RunEvent.StepStarted started(String step) {
        return new RunEvent.StepStarted("r1", T0, step, "Step " + step, "exec", Kind.READ_ONLY, 1, Map.of());
    }

    private static RunEvent.StepOutput output(String step, String line) {
        return new RunEvent.StepOutput("r1", T0, step, "stdout", line);
    }

    @Test
    void outputLinesAreWrappedAtTheWidthAndEachPieceKeepsTheStepsBar() {
        TextRunListener l = listener(false, 40);
        l.on(started("a"));
        l.on(output("a", "the quick brown fox jumps over the lazy dog and then some more words follow"));
        l.on(output("a", "x".repeat(70)));

        assertThat(screen.toString().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40))
                .containsExactly("start Step a",
                        "    \u2502 the quick brown fox jumps over the",
                        "    \u2502 lazy dog and then some more words",
                        "    \u2502 follow",
                        "    \u2502 " + "x".repeat(34),
                        "    \u2502 " + "x".repeat(34),
                        "    \u2502 xx");
    }

    @Test
    void aQuietStepShowsItsElapsedTimeOnTheStatusLineByTheInjectedClock() {
        TextRunListener l = listener(true, 80);
        l.on(started("slow"));
        l.tick(); // the start line was just printed: no status line yet
        clock.advance(Duration.ofSeconds(12));
        l.tick();
        clock.advance(Duration.ofSeconds(63));
        l.tick();

        assertThat(screen.toString()).contains("\r\u001B[2K  \u001B[36m|\u001B[0m slow 12s")
                .contains("\r\u001B[2K  \u001B[36m/\u001B[0m slow 1m15s")
                .doesNotContain("slow 0s");
    }

    @Test
    void whileAPromptIsOpenOutputIsHeldAndNoStatusLineIsDrawnThenItIsPrintedInOrderWithTheStepId() {
        TextRunListener l = listener(true, 80);
        l.on(started("a"));
        l.holdOutput();
        int shown = screen.toString().length();
        l.on(output("a", "one"));
        l.on(started("b"));
        l.on(output("a", "two"));
        clock.advance(Duration.ofSeconds(5));
        l.tick();
        l.tick();

        assertThat(screen.toString().substring(shown)).isEmpty();
        l.releaseOutput();
        assertThat(screen.toString().substring(shown))
                .contains("    \u001B[2m\u2502\u001B[0m one")
                .contains("Step b")
                .contains("    \u001B[2m\u2502\u001B[0m \u001B[2ma \u2502\u001B[0m two");
    }

    @Test
    void carriageReturnProgressIsShownAsItsLastState() {
        TextRunListener l = listener(false, 0);
        l.on(started("a"));
        l.on(output("a", "copy 10%\rcopy 50%\rcopy 100%\r"));

        assertThat(screen.toString()).contains("    \u2502 copy 100%\n").doesNotContain("10%").doesNotContain("\\r");
    }
}
