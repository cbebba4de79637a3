package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML timeline's axis: broken when the incident started long before the run, one scale otherwise. */
class HtmlTimelineAxisTest {
    @TempDir
    Path dir;

    @Test
    void anIncidentLongBeforeTheRunBreaksTheAxisAndTheRunKeepsMostOfTheWidth() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            // the run starts 2 h after the incident and lasts 780 s
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            RunTimeline t = log.timeline();
            log.measured(ObjectiveMeter.measure(DrillReportTest.runbook(""), t, DrillLog.at(-7200),
                    ObjectiveMeter.scope(t)));
            DrillReport r = DrillReport.of(log.timeline(), null);

            HtmlReport.Axis axis = HtmlReport.Axis.of(r);
            assertThat(axis.broken()).isTrue();
            assertThat(axis.before()).isEqualTo(7200.0);
            // the two hours before the run take 60 px; the run's own time the other 540
            assertThat(axis.x(0)).isEqualTo(180.0);
            assertThat(axis.x(7200)).isEqualTo(240.0);
            assertThat(axis.x(7200 + (axis.end() - 7200) / 2)).isEqualTo(510.0);
            assertThat(axis.x(axis.end())).isEqualTo(780.0);
            String html = HtmlReport.render(r);
            assertThat(html).contains("<g id=\"axis-break\"", "7200.0s run start</text>",
                    "The axis is broken between the incident start and the run start (2h00m before the run");
            // the first step starts at the run start, just after the break
            assertThat(html).contains("<rect x=\"240.0\"");
        }
    }

    @Test
    void aRunThatStartsWithTheIncidentHasOneScale() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            DrillReport r = DrillReport.of(log.timeline(), DrillReportTest.runbook(""));

            HtmlReport.Axis axis = HtmlReport.Axis.of(r);
            assertThat(axis.broken()).isFalse();
            assertThat(axis.x(axis.end() / 2)).isEqualTo(480.0);
            assertThat(HtmlReport.render(r)).doesNotContain("axis-break").contains(
                    "<p>Seconds from the incident start; colour by phase.</p>");
        }
    }
}
