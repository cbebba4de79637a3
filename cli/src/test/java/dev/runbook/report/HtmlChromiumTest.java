package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.cli.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a drill rendered by headless Chromium at 1200 px: the scorecard is there and nothing is wider
 * than the window. A script added to a copy of the report (the report itself has none) writes the measurements into
 * the DOM, which {@code --dump-dom} returns. Skipped when Chromium is not installed.
 */
class HtmlChromiumTest {
    private static final String MEASURE = "<script>(function(){var w=1200,over=[];"
            + "document.querySelectorAll('body *').forEach(function(e){var r=e.getBoundingClientRect();"
            + "if(r.right>w+0.5){over.push((e.id||e.tagName)+':'+Math.round(r.right));}});"
            + "var s=document.getElementById('scorecard');var m=document.createElement('div');m.id='measured';"
            + "m.setAttribute('data-scroll-width',document.documentElement.scrollWidth);"
            + "m.setAttribute('data-overflow',over.length);m.setAttribute('data-over',over.slice(0,10).join(' '));"
            + "m.setAttribute('data-scorecard-height',s?Math.round(s.getBoundingClientRect().height):-1);"
            + "document.body.appendChild(m);})();</script>";

    @TempDir
    Path dir;

    @Test
    void theScorecardIsShownAndNothingOverflowsAt1200Px() throws Exception {
        String chromium = RepoPaths.onPath("chromium", "chromium-browser");
        Assumptions.assumeTrue(chromium != null, "no chromium on PATH: the HTML layout check is skipped");
        String html;
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            DrillReportTest.drill(log, "succeeded", Map.of("rpoSeconds", 90));
            html = HtmlReport.render(DrillReport.of(log.timeline(), DrillReportTest.runbook("")));
        }
        Path page = dir.resolve("report.html");
        Files.writeString(page, html.replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);

        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1200,900", "--dump-dom",
                page.toUri().toString())).redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String dom = Files.readString(out);
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();

        assertThat(dom).contains("Scorecard (ISO 22301 exercise)", "id=\"scorecard-objectives\"", "PASSED");
        Matcher m = Pattern.compile("id=\"measured\" data-scroll-width=\"(\\d+)\" data-overflow=\"(\\d+)\""
                + " data-over=\"([^\"]*)\" data-scorecard-height=\"(-?\\d+)\"").matcher(dom);
        assertThat(m.find()).as(dom).isTrue();
        assertThat(Integer.parseInt(m.group(4))).as("scorecard laid out").isPositive();
        assertThat(Integer.parseInt(m.group(2))).as("elements wider than 1200 px: " + m.group(3)).isZero();
        assertThat(Integer.parseInt(m.group(1))).as("page scroll width").isLessThanOrEqualTo(1200);
    }
}
