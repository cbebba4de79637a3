package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Resilience Hub style pass rule: reach OK within the RTO, stay OK until the end. */
class SuccessAlarmRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Instant END = T0.plusSeconds(3600);
    private static final Duration RTO = Duration.ofMinutes(30);

    private static AlarmTransition t(int minute, String state) {
        return new AlarmTransition("a", T0.plusSeconds(minute * 60L), state);
    }

    @Test
    void recoversAndStaysOkPasses() {
        AlarmVerdict v = SuccessAlarmRule.evaluate("a", List.of(t(-10, "OK"), t(1, "ALARM"), t(20, "OK")), T0, RTO,
                END);
        assertThat(v.passed()).isTrue();
        assertThat(v.okFrom()).isEqualTo(T0.plusSeconds(1200));
    }

    @Test
    void recoversThenFiresAgainFails() {
        AlarmVerdict v = SuccessAlarmRule.evaluate("a", List.of(t(1, "ALARM"), t(20, "OK"), t(40, "ALARM")), T0, RTO,
                END);
        assertThat(v.passed()).isFalse();
        assertThat(v.reason()).isEqualTo("recovered to OK at 2026-11-22T03:20:00Z, then ALARM again at"
                + " 2026-11-22T03:40:00Z: it did not stay OK until the end");
    }

    @Test
    void recoversOnlyAfterTheRtoFails() {
        AlarmVerdict v = SuccessAlarmRule.evaluate("a", List.of(t(1, "ALARM"), t(20, "OK"), t(25, "ALARM"),
                t(35, "OK")), T0, RTO, END);
        assertThat(v.passed()).isFalse();
        assertThat(v.reason()).contains("35m00s after the disruption start", "RTO of 30m00s");
    }

    @Test
    void changesAfterTheDrillEndAndOtherAlarmsDoNotCount() {
        List<AlarmTransition> h = List.of(t(1, "ALARM"), t(10, "OK"), t(70, "ALARM"),
                new AlarmTransition("b", T0.plusSeconds(900), "ALARM"));
        assertThat(SuccessAlarmRule.evaluate(List.of("a", "b", "c"), h, T0, RTO, END))
                .extracting(AlarmVerdict::passed).containsExactly(true, false, false);
        assertThat(SuccessAlarmRule.evaluate("c", h, T0, RTO, END).reason())
                .isEqualTo("no state history up to the end of the drill");
    }
}
