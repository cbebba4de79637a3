package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every scorecard figure from fixed timestamps. */
class ScorecardTest {
    private static final Instant DISRUPTION = Instant.parse("2026-11-22T03:00:00Z");
    private static final Instant DETECTION = DISRUPTION.plusSeconds(300);      // +5m
    private static final Instant DECLARATION = DISRUPTION.plusSeconds(900);    // +15m
    private static final Instant EXECUTION = DISRUPTION.plusSeconds(1200);     // +20m
    private static final Instant RESTORE = DISRUPTION.plusSeconds(2700);       // +45m
    private static final Instant VERIFIED = DISRUPTION.plusSeconds(3300);      // +55m

    private static Scorecard card(boolean succeeded, Duration rpoAchieved, Boolean mbcoMet, List<AlarmVerdict> alarms) {
        return new Scorecard(ExerciseType.FULL, Duration.ofHours(4), Duration.ofHours(1), Duration.ofMinutes(15),
                "50% of checkout capacity", mbcoMet, DISRUPTION, DETECTION, DECLARATION, EXECUTION, RESTORE, VERIFIED,
                rpoAchieved, succeeded, alarms);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFigureFromTheTimestamps() {
        Scorecard s = card(true, Duration.ofSeconds(420), true, List.of());
        assertThat(s.timeToDetect()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.timeToDeclare()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.rtoFromDisruption()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.rtoFromDeclaration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.workRecovery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.disruptionPeriod()).isEqualTo(Duration.ofMinutes(55));
        assertThat(List.of(s.mtpdVerdict(), s.rtoVerdict(), s.rpoVerdict(), s.mbcoVerdict()))
                .containsExactly("met", "met", "met", "met");
        assertThat(s.passed()).isTrue();
        assertThat(s.failures()).isEmpty();
        Map<String, Object> f = s.fields();
        assertThat(f.get("exercise")).isEqualTo("full");
        assertThat((Map<String, Object>) f.get("achieved")).containsEntry("rtoFromDisruption", 2700.0)
                .containsEntry("rtoFromDeclaration", 1800.0).containsEntry("workRecovery", 600.0)
                .containsEntry("rpo", 420.0).containsEntry("disruptionPeriod", 3300.0);
        assertThat((Map<String, Object>) f.get("timestamps")).containsEntry("technicalRestore", "2026-11-22T03:45:00Z");
    }

    @Test
    void aMissedRtoAndAnRpoNotMeasuredFailWithoutSayingMissedForTheRpo() {
        Scorecard s = new Scorecard(ExerciseType.SIMULATION, null, Duration.ofMinutes(30), Duration.ofMinutes(15),
                null, null, DISRUPTION, null, DECLARATION, EXECUTION, RESTORE, null, null, true, List.of());
        assertThat(s.rtoVerdict()).isEqualTo("missed");
        assertThat(s.rpoVerdict()).isEqualTo("not measured");
        assertThat(s.mtpdVerdict()).isEqualTo("no target");
        assertThat(s.timeToDeclare()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.workRecovery()).isNull();
        assertThat(s.disruptionPeriod()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.passed()).isFalse();
        assertThat(s.failures()).containsExactly("RTO missed", "RPO not measured");
    }

    @Test
    void anObjectiveTheRunbookDoesNotDeclareCannotFailTheDrillMeasuredOrNot() {
        Scorecard s = new Scorecard(ExerciseType.FULL, null, Duration.ofHours(1), null, null, null, DISRUPTION, null,
                DECLARATION, EXECUTION, RESTORE, null, null, true, List.of());
        assertThat(s.rpoVerdict()).isEqualTo("no target");
        assertThat(s.failures()).isEmpty();
        assertThat(s.passed()).isTrue();
    }

    @Test
    void aFailedRunAchievesNoRto() {
        Scorecard s = card(false, Duration.ofSeconds(60), true, List.of());
        assertThat(s.rtoFromDisruption()).isNull();
        assertThat(s.rtoFromDeclaration()).isNull();
        assertThat(s.rtoVerdict()).isEqualTo(Objective.NOT_RECOVERED);
        assertThat(s.passed()).isFalse();
        assertThat(s.failures()).first().asString().contains("did not succeed");
        assertThat(s.markdown()).contains("| Recovery time objective (RTO), from disruption | 1h00m | - | not recovered |");
    }

    @Test
    void aFailedSuccessAlarmOrMbcoFailsTheDrillAndTheMarkdownSaysWhy() {
        Scorecard s = card(true, Duration.ofSeconds(60), false,
                List.of(new AlarmVerdict("orders-errors", false, null, "recovered to OK at X, then ALARM again")));
        assertThat(s.mbcoVerdict()).isEqualTo("missed");
        assertThat(s.passed()).isFalse();
        assertThat(s.markdown()).contains("Result: FAILED", "Exercise type: full",
                "| Maximum tolerable period of disruption (MTPD) | 4h00m | 55m00s | met |",
                "| Work-recovery time (technical restore to verified service) | - | 10m00s | - |",
                "- orders-errors: failed, recovered to OK at X, then ALARM again", "- MBCO missed");
    }
}
