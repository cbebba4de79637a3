package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorecard in the Markdown and JSON reports of a drill, from the fixed-clock drill of DrillReportTest. */
class ScorecardReportTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aSucceededDrillShowsItsScorecardInMarkdownAndJson() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            DrillReport r = DrillReport.of(log.timeline(), DrillReportTest.runbook(""));

            Scorecard s = r.scorecard();
            assertThat(s.rtoFromDisruption()).hasSeconds(720);
            assertThat(s.rpoAchieved()).hasSeconds(90);
            assertThat(s.passed()).isTrue();
            assertThat(MarkdownReport.render(r)).contains("## Scorecard (ISO 22301 exercise)", "Result: PASSED",
                    "| Recovery time objective (RTO), from disruption | 30m00s | 12m00s | met |",
                    "| Recovery point objective (RPO) | 5m00s | 1m30s | met |");
            assertThat(HtmlReport.render(r)).contains("<section id=\"scorecard\">", "<strong class=\"met\">PASSED",
                    "<tr><td>Recovery time objective (RTO), from disruption</td><td>30m00s</td><td>12m00s</td>"
                            + "<td class=\"met\">met</td></tr>");
            Map<String, Object> json = (Map<String, Object>) JsonReport.tree(r).get("scorecard");
            assertThat(json).containsEntry("passed", true);
            assertThat((Map<String, Object>) json.get("achieved")).containsEntry("rtoFromDisruption", 720.0);
        }
    }

    @Test
    void aFailedDrillScoresNoRtoAndFails() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "failed", Map.of());
            Scorecard s = DrillReport.of(log.timeline(), DrillReportTest.runbook("")).scorecard();
            assertThat(s.rtoFromDisruption()).isNull();
            assertThat(s.technicalRestore()).isNull();
            assertThat(s.rtoVerdict()).isEqualTo(Objective.NOT_RECOVERED);
            assertThat(s.passed()).isFalse();
            assertThat(s.html()).contains("<strong class=\"missed\">FAILED", "<li>the run did not succeed");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStatedExerciseDetectionAndDeclarationAreRecordedAndScored() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            DrillMarks marks = new DrillMarks(ExerciseType.SIMULATION, DrillLog.at(-300), DrillLog.at(-60));
            RunTimeline t = log.timeline();
            log.measured(ObjectiveMeter.measure(DrillReportTest.runbook(""), t, DrillLog.at(-600),
                    ObjectiveMeter.scope(t), marks));

            DrillReport r = DrillReport.of(log.timeline(), null);
            assertThat(r.marks()).isEqualTo(marks);
            Scorecard s = r.scorecard();
            assertThat(s.exercise()).isEqualTo(ExerciseType.SIMULATION);
            assertThat(s.timeToDetect()).hasSeconds(300);
            assertThat(s.timeToDeclare()).hasSeconds(240);
            assertThat(s.rtoFromDisruption()).hasSeconds(600 + 720);
            assertThat(s.rtoFromDeclaration()).hasSeconds(60 + 720);
            assertThat(MarkdownReport.render(r)).contains("Exercise type: simulation",
                    "| RTO from declaration | - | 13m00s | - |",
                    "| Detection | " + Texts.iso(DrillLog.at(-300)) + " |",
                    "| Declaration | " + Texts.iso(DrillLog.at(-60)) + " |");
            Map<String, Object> json = (Map<String, Object>) JsonReport.tree(r).get("scorecard");
            assertThat(json).containsEntry("exercise", "simulation");
            assertThat((Map<String, Object>) json.get("achieved")).containsEntry("timeToDetect", 300.0)
                    .containsEntry("rtoFromDeclaration", 780.0);
        }
    }

    @Test
    void theRunbooksMtpdIsRecordedAndChecksThePeriodOfDisruption() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            RunTimeline t = log.timeline();
            log.measured(ObjectiveMeter.measure(DrillReportTest.runbook("  mtpd: 20m"), t, DrillLog.at(-600),
                    ObjectiveMeter.scope(t)));

            Scorecard s = DrillReport.of(log.timeline(), null).scorecard();
            assertThat(s.mtpd()).hasMinutes(20);
            // the period of disruption runs to the verified service: the end of the verify step, 1 min after the
            // technical restore (the end of the last recover step)
            assertThat(s.technicalRestore()).isEqualTo(DrillLog.at(720));
            assertThat(s.verifiedService()).isEqualTo(DrillLog.at(780));
            assertThat(s.workRecovery()).hasSeconds(60);
            assertThat(s.disruptionPeriod()).hasSeconds(600 + 780);
            assertThat(s.mtpdVerdict()).isEqualTo("missed");
            assertThat(s.passed()).isFalse();
            assertThat(s.markdown()).contains(
                    "| Maximum tolerable period of disruption (MTPD) | 20m00s | 23m00s | missed |",
                    "| Work-recovery time (technical restore to verified service) | - | 1m00s | - |",
                    "| Verified service | " + Texts.iso(DrillLog.at(780)) + " |");
        }
    }

    @Test
    void marksOutOfOrderOrInTheFutureAreRefusedNamingTheOption() {
        java.time.Instant incident = DrillLog.at(-600);
        java.time.Instant now = DrillLog.at(0);
        assertThat(new DrillMarks(null, DrillLog.at(-700), null).problem(incident, now))
                .startsWith("--detected-at ").contains("before the incident start");
        assertThat(new DrillMarks(null, DrillLog.at(-300), DrillLog.at(-400)).problem(incident, now))
                .startsWith("--declared-at ").contains("before the detection");
        assertThat(new DrillMarks(null, null, DrillLog.at(-700)).problem(incident, now))
                .startsWith("--declared-at ").contains("before the incident start");
        assertThat(new DrillMarks(null, DrillLog.at(10), null).problem(incident, now))
                .isEqualTo("--detected-at " + Texts.iso(DrillLog.at(10)) + " is in the future");
        assertThat(new DrillMarks(ExerciseType.FULL, DrillLog.at(-600), DrillLog.at(-600)).problem(incident, now))
                .isNull();
    }
}
