package dev.runbook.report;

import dev.runbook.model.Phase;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained, well-formed XHTML file: inline CSS, the same tables as the Markdown report, and
 * the timeline drawn as inline SVG bars. Nothing is loaded from the network, so it opens anywhere, offline.
 */
public final class HtmlReport {
    private static final Map<String, String> COLORS = Map.of("detect", "#6c8ebf", "decide", "#d6b656",
            "recover", "#82b366", "verify", "#9673a6");

    private HtmlReport() {
    }

    public static String render(DrillReport r) {
        RunTimeline t = r.timeline();
        StringBuilder b = new StringBuilder();
        String title = Texts.kind(t) + " report: " + t.runbook();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
        b.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n");
        b.append("<title>").append(x(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}")
                .append("th{background:#f3f3f3}.met{color:#1a7f37;font-weight:bold}")
                .append(".missed{color:#cf222e;font-weight:bold}code{font-size:90%}")
                .append("svg text{font-size:12px;font-family:system-ui,sans-serif}\n")
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(x(title)).append("</h1>\n<table id=\"summary\">\n");
        row(b, "Run", t.runId() + (t.drill() ? " (drill)" : ""));
        row(b, "Status", t.statusLine());
        if (t.tabletop()) {
            row(b, "Exercise", "tabletop (a walk-through: nothing was executed)");
            row(b, "Participants", t.participants().isEmpty() ? "none recorded" : String.join(", ", t.participants()));
        }
        row(b, "Incident start", Texts.iso(r.incidentStart()) + (r.measuredAtEnd() ? "" : " (the run start)"));
        row(b, "Run started", Texts.iso(t.startedAt()));
        row(b, "Run ended", t.endedAt() == null ? "not recorded (unfinished)" : Texts.iso(t.endedAt()));
        row(b, "Operator", t.operator() + (t.actor() == null ? "" : " (" + t.actor() + ")"));
        row(b, "Runbook file", t.path());
        row(b, "Runbook SHA-256", t.sha256());
        row(b, "Tool", "runbook " + t.tool());
        b.append("</table>\n");

        b.append("<h2>Parameters</h2>\n");
        if (t.params().isEmpty()) {
            b.append("<p id=\"params\">None.</p>\n");
        } else {
            // as the log recorded them: a secret parameter is *** (the log never held its value)
            b.append("<table id=\"params\">\n<tr><th>Parameter</th><th>Value</th></tr>\n");
            t.params().forEach((k, v) -> b.append("<tr><td>").append(x(k)).append("</td><td><code>")
                    .append(x(Texts.value(v))).append("</code></td></tr>\n"));
            b.append("</table>\n");
        }

        b.append("<h2>Objectives</h2>\n<table id=\"objectives\">\n<tr><th>Objective</th><th>Target</th><th>Achieved</th>"
                + "<th>Result</th><th>Measured by</th></tr>\n");
        for (Objective o : r.objectives()) {
            String cls = o.met() == null ? "" : o.met() ? " class=\"met\"" : " class=\"missed\"";
            b.append("<tr><td>").append(o.label()).append("</td><td>").append(x(Texts.human(o.target())))
                    .append("</td><td>").append(x(Texts.human(o.achieved()))).append("</td><td").append(cls).append('>')
                    .append(x(o.verdict() + (o.note() == null ? "" : " (" + o.note() + ")"))).append("</td><td>")
                    .append(x(o.source() == null ? "-" : o.source())).append("</td></tr>\n");
        }
        b.append("</table>\n");

        if (t.drill() || t.tabletop()) {
            b.append(r.scorecard().html());
        }
        Leftovers left = Leftovers.of(t);
        if (left.any()) {
            b.append(left.html());
        }

        b.append("<h2>Time</h2>\n<table id=\"time\">\n");
        row(b, "Before the run (incident start to run start)", Texts.human(r.beforeRun()));
        for (Phase p : Phase.values()) {
            row(b, "Phase " + p.yamlName(), Texts.human(r.phases().get(p.yamlName())));
        }
        row(b, "Waiting for people (prompts, manual steps)", Texts.human(r.waiting()));
        row(b, "Automation", Texts.human(r.automation()));
        b.append("</table>\n");

        b.append("<h2>Steps</h2>\n<table id=\"steps\">\n<tr><th>#</th><th>Step</th><th>Phase</th><th>Start (UTC)</th>"
                + "<th>End (UTC)</th><th>Duration</th><th>Waiting</th><th>Status</th><th>Attempts</th>"
                + "<th>Confirmed by</th></tr>\n");
        int n = 1;
        for (StepTimeline s : t.steps()) {
            b.append("<tr><td>").append(n++).append("</td><td>").append(x(s.title()))
                    .append(s.title().equals(s.id()) ? "" : " (<code>" + x(s.id()) + "</code>)").append("</td><td>")
                    .append(x(s.phase())).append("</td><td>").append(Texts.clock(s.startedAt())).append("</td><td>")
                    .append(Texts.clock(s.endedAt())).append("</td><td>").append(x(Texts.human(s.duration())))
                    .append("</td><td>").append(x(Texts.human(s.waiting()))).append("</td><td>").append(x(s.status()))
                    .append("</td><td>").append(s.attempts()).append("</td><td>")
                    .append(x(s.confirmedBy().isEmpty() ? "-" : String.join(", ", s.confirmedBy())))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");

        if (t.tabletop()) {
            b.append("<h2>Tabletop notes</h2>\n<table id=\"notes\">\n<tr><th>#</th><th>Step</th><th>Note</th>"
                    + "<th>Recorded by</th></tr>\n");
            Map<String, TabletopNote> notes = t.notes();
            int k = 1;
            for (StepTimeline s : t.steps()) {
                TabletopNote note = notes.get(s.id());
                b.append("<tr><td>").append(k++).append("</td><td>").append(x(s.title()))
                        .append(s.title().equals(s.id()) ? "" : " (<code>" + x(s.id()) + "</code>)").append("</td><td>")
                        .append(x(note == null ? "no note" : note.text())).append("</td><td>")
                        .append(x(note == null || note.by() == null ? "-" : note.by())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>Timeline</h2>\n<p>").append(x(caption(r))).append("</p>\n").append(svg(r));
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** The caption of the timeline: says when the axis is broken. */
    static String caption(DrillReport r) {
        Axis a = Axis.of(r);
        return a.broken() ? "Seconds from the incident start; colour by phase. The axis is broken between the "
                + "incident start and the run start (" + Texts.human(r.beforeRun()) + " before the run, drawn "
                + "short) so that the run's steps stay readable."
                : "Seconds from the incident start; colour by phase.";
    }

    /**
     * The time axis of the timeline. When the incident started long before the run (more than half the run's own
     * length), the stretch before the run is drawn short, {@link #GAP} pixels, and the axis is broken there, so the
     * steps keep most of the width; otherwise one scale from the incident start to the end.
     */
    record Axis(double before, double end, boolean broken) {
        static final int LABEL = 180;
        static final int WIDTH = 600;
        static final int GAP = 60;

        static Axis of(DrillReport r) {
            RunTimeline t = r.timeline();
            double end = Math.max(1, t.endedAt() == null ? 0 : r.offsetSeconds(t.endedAt()));
            for (StepTimeline s : t.steps()) {
                if (s.endedAt() != null) {
                    end = Math.max(end, r.offsetSeconds(s.endedAt()));
                }
            }
            double before = Math.max(0, r.offsetSeconds(t.startedAt()));
            return new Axis(before, end, before > 0 && before > (end - before) / 2 && end > before);
        }

        /** The x of {@code seconds} after the incident start. */
        double x(double seconds) {
            if (!broken) {
                return LABEL + WIDTH * seconds / end;
            }
            if (seconds <= before) {
                return LABEL + GAP * seconds / before;
            }
            return LABEL + GAP + (WIDTH - GAP) * (seconds - before) / (end - before);
        }
    }

    /** One bar per step on a shared axis from the incident start to the run's end (broken: see {@link Axis}). */
    static String svg(DrillReport r) {
        RunTimeline t = r.timeline();
        Axis axis = Axis.of(r);
        int label = Axis.LABEL;
        int width = Axis.WIDTH;
        int rowHeight = 22;
        int height = rowHeight * (t.steps().size() + 1) + 10;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" width=\"").append(label + width + 20)
                .append("\" height=\"").append(height).append("\" role=\"img\">\n");
        int y = 5;
        for (StepTimeline s : t.steps()) {
            double from = r.offsetSeconds(s.startedAt());
            double to = s.endedAt() == null ? from : r.offsetSeconds(s.endedAt());
            double x0 = axis.x(from);
            double w = Math.max(2, axis.x(to) - x0);
            b.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(x(s.id())).append("</text>");
            b.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(rowHeight - 6).append("\" fill=\"")
                    .append(COLORS.getOrDefault(s.phase(), "#999"))
                    .append(s.status().equals("succeeded") ? "" : "\" stroke=\"#cf222e\" stroke-width=\"2")
                    .append("\"><title>").append(x(s.id() + " (" + s.phase() + ", " + s.status() + "): "
                            + Texts.human(s.duration()))).append("</title></rect>\n");
            y += rowHeight;
        }
        b.append("<line x1=\"").append(label).append("\" y1=\"").append(y).append("\" x2=\"").append(label + width)
                .append("\" y2=\"").append(y).append("\" stroke=\"#444\"/>");
        b.append("<text x=\"").append(label).append("\" y=\"").append(y + 14).append("\">0s</text>");
        if (axis.broken()) {
            double bx = label + Axis.GAP;
            // the break: two slanted strokes across the axis, and the run start labelled after it
            b.append("<g id=\"axis-break\" stroke=\"#444\">");
            for (int i = 0; i < 2; i++) {
                double x = bx - 6 + i * 5;
                b.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(y + 5).append("\" x2=\"")
                        .append(fmt(x + 4)).append("\" y2=\"").append(y - 5).append("\"/>");
            }
            b.append("</g><text x=\"").append(fmt(bx + 4)).append("\" y=\"").append(y + 14).append("\">")
                    .append(fmt(axis.before())).append("s run start</text>");
        }
        b.append("<text x=\"").append(label + width - 40).append("\" y=\"").append(y + 14).append("\">")
                .append(fmt(axis.end())).append("s</text>\n</svg>\n");
        return b.toString();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th>").append(x(name)).append("</th><td>").append(x(value)).append("</td></tr>\n");
    }

    private static String x(String s) {
        return Texts.xml(s);
    }
}
