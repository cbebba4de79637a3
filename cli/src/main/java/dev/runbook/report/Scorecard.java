package dev.runbook.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drill's scorecard in ISO 22301 terms: the exercise type, the targets the runbook declares (maximum tolerable
 * period of disruption, recovery time and recovery point objectives, minimum business continuity objective), the
 * timestamps of the disruption, detection, declaration, execution start, technical restore and verified service, the
 * figures achieved from them, and the pass rule over the named success alarms.
 *
 * @param mbco the minimum business continuity objective as declared (a text), null without one
 * @param mbcoMet whether the step or alarm that checks the MBCO passed; null when not checked
 * @param rpoAchieved the recovery point achieved (from the restore point or the replica lag), null when not measured
 * @param succeeded whether the run succeeded: a failed run achieved no RTO
 */
public record Scorecard(ExerciseType exercise, Duration mtpd, Duration rto, Duration rpo, String mbco,
        Boolean mbcoMet, Instant disruption, Instant detection, Instant declaration, Instant executionStart,
        Instant technicalRestore, Instant verifiedService, Duration rpoAchieved, boolean succeeded,
        List<AlarmVerdict> alarms) {

    public Scorecard {
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    /** Achieved RTO from the disruption start to the technical restore; null when not recovered or not marked. */
    public Duration rtoFromDisruption() {
        return recovered() ? between(disruption, technicalRestore) : null;
    }

    /** Achieved RTO from the declaration of the disaster to the technical restore. */
    public Duration rtoFromDeclaration() {
        return recovered() ? between(declaration, technicalRestore) : null;
    }

    /** Work-recovery time: from the technical restore to the verified service. */
    public Duration workRecovery() {
        return recovered() ? between(technicalRestore, verifiedService) : null;
    }

    /** Time to detect: from the disruption start to the detection. */
    public Duration timeToDetect() {
        return between(disruption, detection);
    }

    /** Time to declare: from the detection (the disruption start without one) to the declaration. */
    public Duration timeToDeclare() {
        return between(detection != null ? detection : disruption, declaration);
    }

    /** Period of disruption: from the disruption start to the verified service (to the technical restore without). */
    public Duration disruptionPeriod() {
        if (!recovered()) {
            return null;
        }
        return between(disruption, verifiedService != null ? verifiedService : technicalRestore);
    }

    private boolean recovered() {
        return succeeded && technicalRestore != null;
    }

    /** met, missed, not recovered, not measured or no target, for RTO (from the disruption start). */
    public String rtoVerdict() {
        if (!succeeded) {
            return Objective.NOT_RECOVERED;
        }
        return verdict(rto, rtoFromDisruption());
    }

    /** The MTPD verdict: the period of disruption against the MTPD. */
    public String mtpdVerdict() {
        if (!succeeded) {
            return Objective.NOT_RECOVERED;
        }
        return verdict(mtpd, disruptionPeriod());
    }

    /** The RPO verdict: never "missed" for a recovery point that could not be measured. */
    public String rpoVerdict() {
        return verdict(rpo, rpoAchieved);
    }

    /** The MBCO verdict. */
    public String mbcoVerdict() {
        if (mbco == null) {
            return "no target";
        }
        if (mbcoMet == null) {
            return "not measured";
        }
        return mbcoMet ? "met" : "missed";
    }

    /** Whether every success alarm passed (true without any: nothing to fail). */
    public boolean alarmsPassed() {
        return alarms.stream().allMatch(AlarmVerdict::passed);
    }

    /**
     * The drill's result: passed when it succeeded, no declared target was missed or left unmeasured, and every
     * success alarm passed.
     */
    public boolean passed() {
        for (String v : List.of(rtoVerdict(), mtpdVerdict(), rpoVerdict(), mbcoVerdict())) {
            if (!v.equals("met") && !v.equals("no target")) {
                return false;
            }
        }
        return succeeded && alarmsPassed();
    }

    /** Why the drill did not pass (empty when it passed). */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        if (!succeeded) {
            out.add("the run did not succeed: service was not recovered");
        }
        add(out, "RTO", rtoVerdict());
        add(out, "MTPD", mtpdVerdict());
        add(out, "RPO", rpoVerdict());
        add(out, "MBCO", mbcoVerdict());
        for (AlarmVerdict a : alarms) {
            if (!a.passed()) {
                out.add("success alarm " + a.alarm() + ": " + a.reason());
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<String> out, String name, String verdict) {
        if (!verdict.equals("met") && !verdict.equals("no target") && !verdict.equals(Objective.NOT_RECOVERED)) {
            out.add(name + " " + verdict);
        }
    }

    /** The scorecard as JSON-ready fields (durations in seconds, instants in ISO 8601), for reports and the log. */
    public Map<String, Object> fields() {
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("mtpd", Texts.seconds(mtpd));
        targets.put("rto", Texts.seconds(rto));
        targets.put("rpo", Texts.seconds(rpo));
        targets.put("mbco", mbco);
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("disruption", Texts.iso(disruption));
        times.put("detection", Texts.iso(detection));
        times.put("declaration", Texts.iso(declaration));
        times.put("executionStart", Texts.iso(executionStart));
        times.put("technicalRestore", Texts.iso(technicalRestore));
        times.put("verifiedService", Texts.iso(verifiedService));
        Map<String, Object> achieved = new LinkedHashMap<>();
        achieved.put("rtoFromDisruption", Texts.seconds(rtoFromDisruption()));
        achieved.put("rtoFromDeclaration", Texts.seconds(rtoFromDeclaration()));
        achieved.put("workRecovery", Texts.seconds(workRecovery()));
        achieved.put("timeToDetect", Texts.seconds(timeToDetect()));
        achieved.put("timeToDeclare", Texts.seconds(timeToDeclare()));
        achieved.put("disruptionPeriod", Texts.seconds(disruptionPeriod()));
        achieved.put("rpo", Texts.seconds(rpoAchieved));
        Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("mtpd", mtpdVerdict());
        verdicts.put("rto", rtoVerdict());
        verdicts.put("rpo", rpoVerdict());
        verdicts.put("mbco", mbcoVerdict());
        List<Object> alarmList = new ArrayList<>();
        for (AlarmVerdict a : alarms) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alarm", a.alarm());
            m.put("passed", a.passed());
            m.put("okFrom", Texts.iso(a.okFrom()));
            m.put("reason", a.reason());
            alarmList.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exercise", exercise == null ? null : exercise.label());
        out.put("targets", targets);
        out.put("timestamps", times);
        out.put("achieved", achieved);
        out.put("verdicts", verdicts);
        out.put("successAlarms", alarmList);
        out.put("passed", passed());
        out.put("failures", failures());
        return out;
    }

    /**
     * The scorecard as kept in the drill's {@code objectives-measured} record: its result, verdicts, timestamps,
     * success alarms and nonconformities as judged at the drill's end (durations are in the record already, in
     * whole milliseconds; no floating-point number and no null enters the record, so its hash is stable).
     */
    public Map<String, Object> recordFields() {
        Map<String, Object> out = new java.util.TreeMap<>();
        out.put("passed", passed());
        if (exercise != null) {
            out.put("exercise", exercise.label());
        }
        Map<String, Object> all = fields();
        out.put("verdicts", new java.util.TreeMap<>(castMap(all.get("verdicts"))));
        Map<String, Object> times = new java.util.TreeMap<>();
        castMap(all.get("timestamps")).forEach((k, v) -> {
            if (v != null) {
                times.put(k, v);
            }
        });
        out.put("timestamps", times);
        List<Object> alarmList = new ArrayList<>();
        for (AlarmVerdict a : alarms) {
            Map<String, Object> m = new java.util.TreeMap<>();
            m.put("alarm", a.alarm());
            m.put("passed", a.passed());
            if (a.okFrom() != null) {
                m.put("okFrom", a.okFrom().toString());
            }
            if (a.reason() != null) {
                m.put("reason", a.reason());
            }
            alarmList.add(m);
        }
        out.put("successAlarms", alarmList);
        out.put("failures", failures());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** The scorecard as a Markdown section (ISO 22301 wording), for the Markdown report. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Scorecard (ISO 22301 exercise)\n\n");
        b.append("Exercise type: ").append(exercise == null ? "not stated" : exercise.label()).append("  \n");
        b.append("Result: ").append(passed() ? "PASSED" : "FAILED").append("\n\n");
        b.append("| Objective | Target | Achieved | Verdict |\n|---|---|---|---|\n");
        row(b, "Maximum tolerable period of disruption (MTPD)", Texts.human(mtpd), Texts.human(disruptionPeriod()),
                mtpdVerdict());
        row(b, "Recovery time objective (RTO), from disruption", Texts.human(rto), Texts.human(rtoFromDisruption()),
                rtoVerdict());
        row(b, "RTO from declaration", "-", Texts.human(rtoFromDeclaration()), "-");
        row(b, "Work-recovery time (technical restore to verified service)", "-", Texts.human(workRecovery()), "-");
        row(b, "Recovery point objective (RPO)", Texts.human(rpo), Texts.human(rpoAchieved), rpoVerdict());
        row(b, "Minimum business continuity objective (MBCO)", mbco == null ? "-" : mbco,
                mbcoMet == null ? "-" : mbcoMet ? "level held" : "level not held", mbcoVerdict());
        b.append("\n| Timestamp | UTC |\n|---|---|\n");
        b.append("| Disruption start | ").append(or(disruption)).append(" |\n");
        b.append("| Detection | ").append(or(detection)).append(" |\n");
        b.append("| Declaration | ").append(or(declaration)).append(" |\n");
        b.append("| Execution start | ").append(or(executionStart)).append(" |\n");
        b.append("| Technical restore | ").append(or(technicalRestore)).append(" |\n");
        b.append("| Verified service | ").append(or(verifiedService)).append(" |\n");
        if (!alarms.isEmpty()) {
            b.append("\nSuccess alarms (must reach OK within the RTO and stay OK until the end):\n\n");
            for (AlarmVerdict a : alarms) {
                b.append("- ").append(a.alarm()).append(": ").append(a.passed() ? "passed, OK from " + a.okFrom()
                        : "failed, " + a.reason()).append('\n');
            }
        }
        List<String> f = failures();
        if (!f.isEmpty()) {
            b.append("\nNonconformities:\n\n");
            f.forEach(x -> b.append("- ").append(x).append('\n'));
        }
        return b.toString();
    }

    /** The scorecard as an HTML section ({@code id="scorecard"}), for the HTML report. */
    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<h2>Scorecard (ISO 22301 exercise)</h2>\n<section id=\"scorecard\">\n<p>Exercise type: ")
                .append(Texts.xml(exercise == null ? "not stated" : exercise.label())).append(". Result: <strong class=\"")
                .append(passed() ? "met\">PASSED" : "missed\">FAILED").append("</strong></p>\n");
        b.append("<table id=\"scorecard-objectives\">\n<tr><th>Objective</th><th>Target</th><th>Achieved</th>"
                + "<th>Verdict</th></tr>\n");
        htmlRow(b, "Maximum tolerable period of disruption (MTPD)", Texts.human(mtpd), Texts.human(disruptionPeriod()),
                mtpdVerdict());
        htmlRow(b, "Recovery time objective (RTO), from disruption", Texts.human(rto),
                Texts.human(rtoFromDisruption()), rtoVerdict());
        htmlRow(b, "RTO from declaration", "-", Texts.human(rtoFromDeclaration()), "-");
        htmlRow(b, "Work-recovery time (technical restore to verified service)", "-", Texts.human(workRecovery()),
                "-");
        htmlRow(b, "Recovery point objective (RPO)", Texts.human(rpo), Texts.human(rpoAchieved), rpoVerdict());
        htmlRow(b, "Minimum business continuity objective (MBCO)", mbco == null ? "-" : mbco,
                mbcoMet == null ? "-" : mbcoMet ? "level held" : "level not held", mbcoVerdict());
        b.append("</table>\n<table id=\"scorecard-times\">\n<tr><th>Timestamp</th><th>UTC</th></tr>\n");
        String[] names = {"Disruption start", "Detection", "Declaration", "Execution start", "Technical restore",
            "Verified service"};
        Instant[] at = {disruption, detection, declaration, executionStart, technicalRestore, verifiedService};
        for (int i = 0; i < names.length; i++) {
            b.append("<tr><td>").append(names[i]).append("</td><td>").append(or(at[i])).append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (!alarms.isEmpty()) {
            b.append("<p>Success alarms (must reach OK within the RTO and stay OK until the end):</p>\n"
                    + "<ul id=\"scorecard-alarms\">\n");
            for (AlarmVerdict a : alarms) {
                b.append("<li class=\"").append(a.passed() ? "met" : "missed").append("\">").append(Texts.xml(a.alarm()))
                        .append(": ").append(Texts.xml(a.passed() ? "passed, OK from " + a.okFrom()
                                : "failed, " + a.reason())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        List<String> f = failures();
        if (!f.isEmpty()) {
            b.append("<p>Nonconformities:</p>\n<ul>\n");
            f.forEach(x -> b.append("<li>").append(Texts.xml(x)).append("</li>\n"));
            b.append("</ul>\n");
        }
        return b.append("</section>\n").toString();
    }

    private static void htmlRow(StringBuilder b, String name, String target, String achieved, String verdict) {
        String cls = verdict.equals("met") ? " class=\"met\"" : verdict.equals("-") || verdict.equals("no target")
                ? "" : " class=\"missed\"";
        b.append("<tr><td>").append(Texts.xml(name)).append("</td><td>").append(Texts.xml(target)).append("</td><td>")
                .append(Texts.xml(achieved)).append("</td><td").append(cls).append('>').append(Texts.xml(verdict))
                .append("</td></tr>\n");
    }

    private static void row(StringBuilder b, String name, String target, String achieved, String verdict) {
        b.append("| ").append(name).append(" | ").append(target).append(" | ").append(achieved).append(" | ")
                .append(verdict).append(" |\n");
    }

    private static String or(Instant at) {
        return at == null ? "not recorded" : at.toString();
    }

    private static String verdict(Duration target, Duration achieved) {
        // an objective the runbook does not declare cannot fail the drill, measured or not
        if (target == null) {
            return "no target";
        }
        if (achieved == null) {
            return "not measured";
        }
        return achieved.compareTo(target) <= 0 ? "met" : "missed";
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to);
    }
}
