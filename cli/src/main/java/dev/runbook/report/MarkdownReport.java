package dev.runbook.report;

import dev.runbook.model.Phase;
import java.util.Map;

/**
 * The report as Markdown, ready to paste into a post-incident document: a summary table, the objectives, time by
 * phase, the steps, and a Mermaid {@code gantt} chart of the timeline in seconds from the incident start.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(DrillReport r) {
        RunTimeline t = r.timeline();
        StringBuilder b = new StringBuilder();
        b.append("# ").append(Texts.kind(t)).append(" report: ").append(t.runbook()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "Run", "`" + t.runId() + "`" + (t.drill() ? " (drill)" : ""));
        row(b, "Status", t.statusLine());
        if (t.tabletop()) {
            row(b, "Exercise", "tabletop (a walk-through: nothing was executed)");
            row(b, "Participants", t.participants().isEmpty() ? "none recorded" : String.join(", ", t.participants()));
        }
        row(b, "Incident start", Texts.iso(r.incidentStart()) + (r.measuredAtEnd() ? "" : " (the run start)"));
        row(b, "Run started", Texts.iso(t.startedAt()));
        row(b, "Run ended", t.endedAt() == null ? "not recorded (unfinished)" : Texts.iso(t.endedAt()));
        row(b, "Operator", t.operator() + (t.actor() == null ? "" : " (" + t.actor() + ")"));
        row(b, "Runbook file", "`" + t.path() + "`");
        row(b, "Runbook SHA-256", "`" + t.sha256() + "`");
        row(b, "Tool", "runbook " + t.tool());

        b.append("\n## Parameters\n\n");
        if (t.params().isEmpty()) {
            b.append("None.\n");
        } else {
            // as the log recorded them: a secret parameter is *** (the log never held its value)
            b.append("| Parameter | Value |\n|---|---|\n");
            t.params().forEach((k, v) -> b.append("| ").append(Texts.cell(k)).append(" | `")
                    .append(Texts.cell(Texts.value(v)).replace("`", "'")).append("` |\n"));
        }

        b.append("\n## Objectives\n\n| Objective | Target | Achieved | Result | Measured by |\n|---|---|---|---|---|\n");
        for (Objective o : r.objectives()) {
            b.append("| ").append(o.label()).append(" | ").append(Texts.human(o.target())).append(" | ")
                    .append(Texts.human(o.achieved())).append(" | ").append(Texts.verdict(o))
                    .append(o.note() == null ? "" : " (" + Texts.cell(o.note()) + ")").append(" | ")
                    .append(Texts.cell(o.source())).append(" |\n");
        }

        if (t.drill() || t.tabletop()) {
            b.append('\n').append(r.scorecard().markdown());
        }
        Leftovers left = Leftovers.of(t);
        if (left.any()) {
            b.append('\n').append(left.markdown());
        }
        b.append("\n## Time\n\n| Where the time went | Time |\n|---|---|\n");
        row(b, "Before the run (incident start to run start)", Texts.human(r.beforeRun()));
        for (Phase p : Phase.values()) {
            row(b, "Phase " + p.yamlName(), Texts.human(r.phases().get(p.yamlName())));
        }
        row(b, "Waiting for people (prompts, manual steps)", Texts.human(r.waiting()));
        row(b, "Automation", Texts.human(r.automation()));

        b.append("\n## Steps\n\n| # | Step | Phase | Start (UTC) | End (UTC) | Duration | Waiting | Status | Attempts "
                + "| Confirmed by |\n|---|---|---|---|---|---|---|---|---|---|\n");
        int n = 1;
        for (StepTimeline s : t.steps()) {
            b.append("| ").append(n++).append(" | ").append(Texts.cell(s.title()))
                    .append(s.title().equals(s.id()) ? "" : " (`" + s.id() + "`)").append(" | ").append(s.phase())
                    .append(" | ").append(Texts.clock(s.startedAt())).append(" | ").append(Texts.clock(s.endedAt()))
                    .append(" | ").append(Texts.human(s.duration())).append(" | ").append(Texts.human(s.waiting()))
                    .append(" | ").append(s.status()).append(" | ").append(s.attempts()).append(" | ")
                    .append(s.confirmedBy().isEmpty() ? "-" : Texts.cell(String.join(", ", s.confirmedBy())))
                    .append(" |\n");
        }

        if (t.tabletop()) {
            b.append("\n## Tabletop notes\n\n| # | Step | Note | Recorded by |\n|---|---|---|---|\n");
            Map<String, TabletopNote> notes = t.notes();
            int k = 1;
            for (StepTimeline s : t.steps()) {
                TabletopNote note = notes.get(s.id());
                b.append("| ").append(k++).append(" | ").append(Texts.cell(s.title()))
                        .append(s.title().equals(s.id()) ? "" : " (`" + s.id() + "`)").append(" | ")
                        .append(note == null ? "no note" : Texts.cell(note.text())).append(" | ")
                        .append(note == null || note.by() == null ? "-" : Texts.cell(note.by())).append(" |\n");
            }
        }

        b.append("\n## Timeline\n\nSeconds from the incident start.\n\n```mermaid\n").append(gantt(r)).append("```\n");
        return b.toString();
    }

    /** A Mermaid gantt chart: one bar per step, sections by phase, axis in seconds from the incident start. */
    static String gantt(DrillReport r) {
        StringBuilder b = new StringBuilder();
        b.append("gantt\n");
        b.append("    title ").append(mermaid(r.timeline().runbook())).append(" (seconds from the incident start)\n");
        // dateFormat X reads numbers as epoch seconds: offsets from the incident start then print as themselves
        b.append("    dateFormat X\n    axisFormat %s\n");
        b.append("    section incident\n");
        b.append("    incident start :milestone, m0, 0, 0s\n");
        if (!r.beforeRun().isZero()) {
            b.append("    before the run :b0, 0, ").append(whole(r.offsetSeconds(r.timeline().startedAt()))).append('\n');
        }
        int i = 1;
        for (Phase p : Phase.values()) {
            boolean header = false;
            for (StepTimeline s : r.timeline().steps()) {
                if (!p.yamlName().equals(s.phase())) {
                    continue;
                }
                if (!header) {
                    b.append("    section ").append(p.yamlName()).append('\n');
                    header = true;
                }
                long from = whole(r.offsetSeconds(s.startedAt()));
                long to = s.endedAt() == null ? from : whole(r.offsetSeconds(s.endedAt()));
                String tag = s.status().equals("succeeded") ? "done, " : s.status().equals("skipped") ? ""
                        : s.endedAt() == null ? "active, " : "crit, ";
                b.append("    ").append(mermaid(s.id())).append(" :").append(tag).append("s").append(i++).append(", ")
                        .append(from).append(", ").append(Math.max(to, from + 1)).append('\n');
            }
        }
        return b.toString();
    }

    private static long whole(double seconds) {
        return (long) Math.floor(seconds);
    }

    /** Task names must not hold the characters Mermaid's gantt syntax uses. */
    private static String mermaid(String s) {
        return s == null ? "" : s.replaceAll("[:#;\\n\\r]", " ").trim();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("| ").append(name).append(" | ").append(Texts.cell(value)).append(" |\n");
    }
}
