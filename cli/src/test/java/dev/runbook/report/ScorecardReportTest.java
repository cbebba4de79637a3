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
}
