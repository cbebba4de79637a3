package dev.runbook.report;

import dev.runbook.model.Phase;
import java.util.ArrayList;
import java.util.List;

/** The few lines printed at the end of a drill: the objectives against their targets and where the time went. */
public final class DrillSummary {
    private DrillSummary() {
    }

    public static List<String> lines(DrillReport r) {
        return lines(r, "runbook report " + r.timeline().runId());
    }

    /** {@code reportCommand}: the command that reports this drill (with the audit log it needs, if not the default). */
    public static List<String> lines(DrillReport r, String reportCommand) {
        List<String> out = new ArrayList<>();
        out.add("drill summary (incident start " + Texts.iso(r.incidentStart()) + ")");
        for (Objective o : r.objectives()) {
            // a note that starts with the verdict (e.g. "not measured: declare ...") is not repeated after it
            String note = o.note() == null ? null : o.note().startsWith(o.verdict() + ": ")
                    ? o.note().substring(o.verdict().length() + 2) : o.note();
            out.add(String.format("  %s  target %-8s achieved %-8s %s%s", o.label(), Texts.human(o.target()),
                    Texts.human(o.achieved()), o.verdict(), note == null ? "" : " (" + note + ")"));
        }
        DrillChecks checks = r.checks();
        if (checks.mbcoLevel() != null || !checks.successAlarms().isEmpty()) {
            Scorecard card = r.scorecard();
            if (card.mbco() != null) {
                out.add("  MBCO " + card.mbco() + ": " + card.mbcoVerdict());
            }
            for (AlarmVerdict a : card.alarms()) {
                out.add("  success alarm " + a.alarm() + ": " + (a.passed() ? "passed, OK from " + a.okFrom()
                        : "FAILED, " + a.reason()));
            }
            int n = card.failures().size();
            out.add("  scorecard: " + (card.passed() ? "PASSED" : "FAILED, " + n + (n == 1 ? " nonconformity" :
                    " nonconformities") + " (the report lists them)"));
        }
        Leftovers left = Leftovers.of(r.timeline());
        if (left.any()) {
            List<Leftovers.Resource> l = left.leftovers();
            out.add("  clean-up: " + (left.cleanup() == null ? "none declared" : left.cleanup()) + ", "
                    + (l.isEmpty() ? "no leftover" : l.size() + (l.size() == 1 ? " leftover" : " leftovers")));
            for (Leftovers.Resource x : l) {
                out.add("    leftover: " + Leftovers.line(x));
            }
        }
        StringBuilder phases = new StringBuilder("  time: before the run " + Texts.human(r.beforeRun()));
        for (Phase p : Phase.values()) {
            phases.append(", ").append(p.yamlName()).append(' ').append(Texts.human(r.phases().get(p.yamlName())));
        }
        out.add(phases.toString());
        out.add("  waiting for people " + Texts.human(r.waiting()) + ", automation " + Texts.human(r.automation()));
        out.add("  report: " + reportCommand + " --format markdown|json|junit|html");
        return out;
    }
}
