package dev.runbook.report;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The report as JUnit XML, so that a CI system shows a drill like a test run: one {@code testcase} per step (failed
 * steps as failures, skipped ones and those a preflight only planned as skipped, steps without an outcome as errors) and one per objective (missed as a
 * failure, without a target or a measure as skipped). Follows the structure of the Ant JUnit schema.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    public static String render(DrillReport r) {
        RunTimeline t = r.timeline();
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        String suite = "runbook." + t.runbook();
        for (StepTimeline s : t.steps()) {
            tests++;
            String body;
            switch (s.status()) {
                case "succeeded" -> body = "";
                case "skipped", "planned", "skipped-by-operator" -> {
                    skipped++;
                    TabletopNote note = t.notes().get(s.id());
                    String why = (s.message() == null ? s.status() : s.message())
                            + (note == null ? "" : "; note: " + note.line());
                    body = "      <skipped message=\"" + Texts.xml(why) + "\"/>\n";
                }
                case "failed", "timed-out", "declined", "rolled-back" -> {
                    failures++;
                    body = failure(s.message() == null ? "step " + s.status() : s.message(), s.status(),
                            "step " + s.id() + " " + s.status() + " after " + s.attempts() + " attempt(s)");
                }
                default -> {
                    errors++;
                    body = "      <error message=\"step " + Texts.xml(s.status()) + "\" type=\"" + Texts.xml(s.status())
                            + "\">" + Texts.xml(s.message() == null ? "the log records no outcome for the step"
                            : s.message()) + "</error>\n";
                }
            }
            cases.append(testcase(suite + ".steps", s.id() + ": " + s.title(), s.duration(), body));
        }
        if (!t.notUndone().isEmpty()) {
            // a rollback that left changes in place is a failure of its own, whatever the steps say
            tests++;
            failures++;
            String msg = "rollback incomplete; not undone: " + t.notUndoneText();
            cases.append(testcase(suite + ".rollback", "every completed change undone", Duration.ZERO,
                    failure(msg, "rollback-incomplete", msg)));
        }
        for (Objective o : r.objectives()) {
            tests++;
            String body;
            if (o.met() == null) {
                skipped++;
                body = "      <skipped message=\"" + Texts.xml(o.label() + " " + o.verdict()
                        + (o.note() == null ? "" : ": " + o.note())) + "\"/>\n";
            } else if (!o.met() && o.notRecovered()) {
                failures++;
                String msg = o.label() + " missed, target " + Texts.human(o.target()) + ": not recovered ("
                        + o.note() + ")";
                body = failure(msg, "objective-missed", msg);
            } else if (!o.met() && o.achieved() == null) {
                failures++;
                String msg = o.label() + " not measured, target " + Texts.human(o.target())
                        + (o.note() == null ? "" : " (" + o.note() + ")");
                body = failure(msg, "objective-not-measured", msg);
            } else if (!o.met()) {
                failures++;
                String msg = o.label() + " missed: achieved " + Texts.human(o.achieved()) + ", target "
                        + Texts.human(o.target()) + (o.note() == null ? "" : " (" + o.note() + ")");
                body = failure(msg, "objective-missed", msg);
            } else {
                body = "";
            }
            cases.append(testcase(suite + ".objectives", o.label() + " within " + Texts.human(o.target()),
                    o.achieved() == null ? Duration.ZERO : o.achieved(), body));
        }
        Scorecard card = r.measuredAtEnd() ? r.scorecard() : null;
        if (card != null) {
            // the scorecard's own targets and pass rule; RTO and RPO are the objectives above
            if (card.mtpd() != null) {
                tests++;
                String v = card.mtpdVerdict();
                String msg = "MTPD " + v + ": period of disruption " + Texts.human(card.disruptionPeriod())
                        + ", target " + Texts.human(card.mtpd());
                boolean fail = !v.equals("met");
                failures += fail ? 1 : 0;
                cases.append(testcase(suite + ".scorecard", "MTPD within " + Texts.human(card.mtpd()),
                        card.disruptionPeriod() == null ? Duration.ZERO : card.disruptionPeriod(),
                        fail ? failure(msg, "objective-" + v.replace(' ', '-'), msg) : ""));
            }
            if (card.mbco() != null) {
                tests++;
                String v = card.mbcoVerdict();
                String msg = "MBCO " + v + ": " + card.mbco();
                boolean fail = !v.equals("met");
                failures += fail ? 1 : 0;
                cases.append(testcase(suite + ".scorecard", "MBCO held: " + card.mbco(), Duration.ZERO,
                        fail ? failure(msg, "objective-" + v.replace(' ', '-'), msg) : ""));
            }
            for (AlarmVerdict a : card.alarms()) {
                tests++;
                String msg = "success alarm " + a.alarm() + ": " + a.reason();
                failures += a.passed() ? 0 : 1;
                cases.append(testcase(suite + ".scorecard", "success alarm " + a.alarm()
                        + " OK within the RTO and until the end", Duration.ZERO,
                        a.passed() ? "" : failure(msg, "success-alarm-failed", msg)));
            }
        }
        Duration total = t.endedAt() == null ? Duration.ZERO : Duration.between(t.startedAt(), t.endedAt());
        // the schema's timestamp is an ISO-8601 date-time without a zone: UTC is meant
        String timestamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(t.startedAt());
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String counts = " tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\""
                + skipped + "\" time=\"" + Texts.seconds(total.toMillis() / 1000.0) + "\"";
        b.append("<testsuites name=\"runbook\"").append(counts).append(">\n");
        b.append("  <testsuite name=\"").append(Texts.xml(suite)).append("\" id=\"0\" package=\"runbook\" hostname=\"")
                .append(Texts.xml(host(t))).append("\" timestamp=\"").append(timestamp).append('"').append(counts)
                .append(">\n");
        b.append("    <properties>\n");
        property(b, "runId", t.runId());
        property(b, "runbook", t.runbook());
        property(b, "drill", String.valueOf(t.drill()));
        property(b, "status", t.status());
        property(b, "incidentStart", Texts.iso(r.incidentStart()));
        property(b, "operator", t.operator());
        property(b, "sha256", t.sha256());
        if (t.tabletop()) {
            property(b, "exercise", t.exercise());
            property(b, "participants", String.join(", ", t.participants()));
        }
        if (card != null) {
            property(b, "scorecard", card.passed() ? "passed" : "failed");
            if (card.exercise() != null && !t.tabletop()) {
                property(b, "exercise", card.exercise().label());
            }
            property(b, "disruptionStart", Texts.iso(card.disruption()));
            property(b, "technicalRestore", Texts.iso(card.technicalRestore()));
            property(b, "verifiedService", Texts.iso(card.verifiedService()));
        }
        b.append("    </properties>\n");
        b.append(cases);
        b.append("    <system-out>").append(Texts.xml("run " + t.runId() + " of " + t.runbook() + ": " + t.statusLine()))
                .append("</system-out>\n");
        b.append("    <system-err></system-err>\n");
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    private static String testcase(String classname, String name, Duration time, String body) {
        String open = "    <testcase classname=\"" + Texts.xml(classname) + "\" name=\"" + Texts.xml(name) + "\" time=\""
                + Texts.seconds(time.toMillis() / 1000.0) + "\"";
        return body.isEmpty() ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n";
    }

    private static String failure(String message, String type, String text) {
        return "      <failure message=\"" + Texts.xml(message) + "\" type=\"" + Texts.xml(type) + "\">"
                + Texts.xml(text) + "</failure>\n";
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append("      <property name=\"").append(Texts.xml(name)).append("\" value=\"")
                .append(Texts.xml(value == null ? "" : value)).append("\"/>\n");
    }

    /** The host the run ran on, as the log recorded it (the report may be made elsewhere). */
    private static String host(RunTimeline t) {
        String actor = t.actor();
        if (actor == null || actor.indexOf('@') < 0) {
            return "unknown";
        }
        String host = actor.substring(actor.indexOf('@') + 1);
        int space = host.indexOf(' ');
        return space < 0 ? host : host.substring(0, space);
    }
}
