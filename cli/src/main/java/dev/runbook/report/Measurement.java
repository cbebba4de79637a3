package dev.runbook.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a drill measured at its end, as kept in the {@code objectives-measured} audit record: the incident start, the
 * RTO and RPO against their targets, whether the recovery completed, and the phase of every step (so that a report
 * made later needs only the log, not the runbook file), what the team stated about the drill ({@link DrillMarks}), and
 * what its MBCO and success alarms are checked against ({@link DrillChecks}).
 */
public record Measurement(Instant incidentStart, Objective rto, Objective rpo, boolean recovered,
        Map<String, String> phases, DrillMarks marks, Duration mtpd, DrillChecks checks) {

    public Measurement {
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        marks = marks == null ? DrillMarks.NONE : marks;
        checks = checks == null ? DrillChecks.NONE : checks;
    }

    /** A measurement without MBCO or success alarms. */
    public Measurement(Instant incidentStart, Objective rto, Objective rpo, boolean recovered,
            Map<String, String> phases, DrillMarks marks, Duration mtpd) {
        this(incidentStart, rto, rpo, recovered, phases, marks, mtpd, DrillChecks.NONE);
    }

    /** A measurement without stated marks. */
    public Measurement(Instant incidentStart, Objective rto, Objective rpo, boolean recovered,
            Map<String, String> phases) {
        this(incidentStart, rto, rpo, recovered, phases, DrillMarks.NONE, null, DrillChecks.NONE);
    }

    /** The fields of the audit record for run {@code runId} (the log adds seq, ts, prev and hash). */
    public Map<String, Object> fields(String runId) {
        Map<String, Object> m = new TreeMap<>();
        m.put("event", RunTimeline.OBJECTIVES_MEASURED);
        m.put("runId", runId);
        m.put("incidentStart", incidentStart.toString());
        m.put("recovered", recovered);
        m.put("rto", objective(rto));
        m.put("rpo", objective(rpo));
        m.put("phases", new TreeMap<>(phases));
        marks.addTo(m);
        if (mtpd != null) {
            m.put("mtpdMs", mtpd.toMillis());
        }
        checks.addTo(m);
        return m;
    }

    /** {@link #fields(String)} with the scorecard as judged at the drill's end ({@link Scorecard#recordFields()}). */
    public Map<String, Object> fields(String runId, Scorecard scorecard) {
        Map<String, Object> m = fields(runId);
        m.put("scorecard", scorecard.recordFields());
        return m;
    }

    /** Reads the record back. */
    public static Measurement from(JsonNode record) {
        Map<String, String> phases = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = record.path("phases").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            phases.put(e.getKey(), e.getValue().asText());
        }
        return new Measurement(Instant.parse(record.path("incidentStart").asText()), objective("rto", record.path("rto")),
                objective("rpo", record.path("rpo")), record.path("recovered").asBoolean(false), phases,
                DrillMarks.from(record), millis(record, "mtpdMs"), DrillChecks.from(record));
    }

    private static Map<String, Object> objective(Objective o) {
        // milliseconds as whole numbers: the record's canonical form, and so its hash, must not depend on how a
        // floating-point number is printed
        Map<String, Object> m = new TreeMap<>();
        if (o.target() != null) {
            m.put("targetMs", o.target().toMillis());
        }
        if (o.achieved() != null) {
            m.put("achievedMs", o.achieved().toMillis());
        }
        if (o.met() != null) {
            m.put("met", o.met());
        }
        if (o.source() != null) {
            m.put("source", o.source());
        }
        if (o.note() != null) {
            m.put("note", o.note());
        }
        return m;
    }

    private static Objective objective(String name, JsonNode n) {
        return new Objective(name, millis(n, "targetMs"), millis(n, "achievedMs"),
                n.has("met") ? n.get("met").asBoolean() : null, text(n, "source"), text(n, "note"));
    }

    private static Duration millis(JsonNode n, String field) {
        return n.has(field) ? Duration.ofMillis(n.get(field).asLong()) : null;
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) ? n.get(field).asText() : null;
    }
}
