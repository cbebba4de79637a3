package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MBCO (by step and by alarm) and the success alarms, recorded at the drill's end and judged from the log. */
class DrillChecksTest {
    private static final Instant DISRUPTION = Instant.parse("2026-11-22T02:45:00Z");
    private static final Instant END = Instant.parse("2026-11-22T03:30:00Z");

    @TempDir
    Path dir;

    private static DrillChecks alarmMbco(AlarmTransition... history) {
        return new DrillChecks("reads served", null, "reads", List.of(), List.of(history),
                DISRUPTION.minus(DrillChecks.LOOK_BACK), END, null);
    }

    private static AlarmTransition t(String at, String state) {
        return new AlarmTransition("reads", Instant.parse("2026-11-22T" + at + "Z"), state);
    }

    @Test
    void anMbcoAlarmIsMetOnlyWhenItWasOkAtTheDisruptionAndNeverLeftOk() {
        assertThat(alarmMbco(t("01:00:00", "OK")).mbcoAlarmMet(DISRUPTION)).isTrue();
        assertThat(alarmMbco(t("01:00:00", "OK"), t("02:50:00", "ALARM"), t("02:55:00", "OK"))
                .mbcoAlarmMet(DISRUPTION)).isFalse();
        assertThat(alarmMbco(t("01:00:00", "ALARM")).mbcoAlarmMet(DISRUPTION)).isFalse();
        // its first change in the window is into OK: it was out of OK when the disruption began
        assertThat(alarmMbco(t("02:50:00", "OK")).mbcoAlarmMet(DISRUPTION)).isFalse();
        // a change after the end of the drill does not count
        assertThat(alarmMbco(t("01:00:00", "OK"), t("03:40:00", "ALARM")).mbcoAlarmMet(DISRUPTION)).isTrue();
        // no change in the look-back and the drill: no evidence either way
        assertThat(alarmMbco().mbcoAlarmMet(DISRUPTION)).isNull();
    }

    @Test
    void successAlarmsFailAsNotEvidencedWhenTheHistoryCouldNotBeRead() {
        DrillChecks failed = new DrillChecks(null, null, null, List.of("a", "b"), List.of(),
                DISRUPTION.minus(DrillChecks.LOOK_BACK), END, "AccessDenied");
        assertThat(failed.verdicts(DISRUPTION, Duration.ofMinutes(30))).extracting(AlarmVerdict::reason)
                .containsOnly("not evidenced: the alarm history could not be read (AccessDenied)");
    }

    @Test
    void aSourceThatFailsIsRecordedNotThrown() {
        DrillChecks c = DrillChecks.read(DrillReportTest.runbook("  success-alarms: [a]").objectives(), DISRUPTION,
                END, (alarms, from, to) -> {
                    throw new IllegalStateException("no credentials");
                });
        assertThat(c.historyError()).isEqualTo("no credentials");
        assertThat(c.historyFrom()).isEqualTo(Instant.parse("2026-11-21T02:45:00Z"));
    }

    @Test
    void anMbcoStepIsMetWhenItSucceededMissedWhenItFailedAndTheRecordKeepsItAll() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            RunTimeline t = log.timeline();
            DrillChecks checks = DrillChecks.read(DrillReportTest.runbook(
                    "  mbco: { level: orders readable, step: verify }").objectives(), DrillLog.at(-600), DrillLog.at(800),
                    null);
            log.measured(ObjectiveMeter.measure(DrillReportTest.runbook("  mbco: { level: orders readable, step: verify }"),
                    t, DrillLog.at(-600), ObjectiveMeter.scope(t), DrillMarks.NONE, checks));

            DrillReport r = DrillReport.of(log.timeline(), null);
            assertThat(r.checks().mbcoStep()).isEqualTo("verify");
            Scorecard s = r.scorecard();
            assertThat(s.mbco()).isEqualTo("orders readable");
            assertThat(s.mbcoVerdict()).isEqualTo("met");
            assertThat(s.passed()).isTrue();
            assertThat(s.markdown()).contains("| Minimum business continuity objective (MBCO) | orders readable | "
                    + "level held | met |");
        }
        try (DrillLog log = new DrillLog(dir.resolve("failed.jsonl"))) {
            DrillReportTest.drill(log, "failed", Map.of());
            RunTimeline t = log.timeline();
            DrillChecks checks = DrillChecks.read(DrillReportTest.runbook(
                    "  mbco: { level: orders readable, step: restore }").objectives(), DrillLog.at(-600),
                    DrillLog.at(800), null);
            log.measured(ObjectiveMeter.measure(DrillReportTest.runbook(""), t, DrillLog.at(-600),
                    ObjectiveMeter.scope(t), DrillMarks.NONE, checks));
            Scorecard s = DrillReport.of(log.timeline(), null).scorecard();
            assertThat(s.mbcoVerdict()).isEqualTo("missed");
            assertThat(s.failures()).contains("MBCO missed");
        }
    }
}
