package dev.runbook.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * What the team states about a drill that the log cannot know by itself: the kind of exercise, and when the
 * disruption was detected and when the disaster was declared ({@code run --exercise/--detected-at/--declared-at}).
 * Kept in the {@code objectives-measured} record so that a report made later, or after a resume, shows them.
 *
 * @param exercise the exercise type, null when not stated
 * @param detectedAt when the disruption was detected, null when not stated
 * @param declaredAt when the disaster was declared, null when not stated
 */
public record DrillMarks(ExerciseType exercise, Instant detectedAt, Instant declaredAt) {

    /** Nothing stated. */
    public static final DrillMarks NONE = new DrillMarks(null, null, null);

    /**
     * Checks the marks against the incident start and the present: detection not before the disruption, declaration
     * not before the detection, neither in the future. Returns the first problem as a sentence naming the option, or
     * null when they hold.
     */
    public String problem(Instant incidentStart, Instant now) {
        if (detectedAt != null && detectedAt.isAfter(now)) {
            return "--detected-at " + Texts.iso(detectedAt) + " is in the future";
        }
        if (declaredAt != null && declaredAt.isAfter(now)) {
            return "--declared-at " + Texts.iso(declaredAt) + " is in the future";
        }
        if (detectedAt != null && incidentStart != null && detectedAt.isBefore(incidentStart)) {
            return "--detected-at " + Texts.iso(detectedAt) + " is before the incident start "
                    + Texts.iso(incidentStart) + ": a disruption is detected after it begins";
        }
        Instant after = detectedAt != null ? detectedAt : incidentStart;
        if (declaredAt != null && after != null && declaredAt.isBefore(after)) {
            return "--declared-at " + Texts.iso(declaredAt) + " is before the "
                    + (detectedAt != null ? "detection " : "incident start ") + Texts.iso(after)
                    + ": a disaster is declared after it is detected";
        }
        return null;
    }

    /** Adds the stated marks to an {@code objectives-measured} record's fields. */
    void addTo(Map<String, Object> fields) {
        if (exercise != null) {
            fields.put("exercise", exercise.label());
        }
        if (detectedAt != null) {
            fields.put("detectedAt", detectedAt.toString());
        }
        if (declaredAt != null) {
            fields.put("declaredAt", declaredAt.toString());
        }
    }

    /** Reads the marks back from an {@code objectives-measured} record; NONE when it holds none. */
    static DrillMarks from(JsonNode record) {
        ExerciseType exercise = record.hasNonNull("exercise") ? ExerciseType.parse(record.get("exercise").asText())
                : null;
        return new DrillMarks(exercise, instant(record, "detectedAt"), instant(record, "declaredAt"));
    }

    private static Instant instant(JsonNode record, String field) {
        return record.hasNonNull(field) ? Instant.parse(record.get(field).asText()) : null;
    }
}
