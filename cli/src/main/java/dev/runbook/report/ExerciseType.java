package dev.runbook.report;

import java.util.Locale;

/** The kind of exercise a drill was (ISO 22301 clause 8.5): from a discussion of the plan to a full execution. */
public enum ExerciseType {
    TABLETOP, WALK_THROUGH, SIMULATION, FULL;

    /** The name used on the command line and in reports: tabletop, walk-through, simulation, full. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a label; IllegalArgumentException naming the choices otherwise. */
    public static ExerciseType parse(String text) {
        for (ExerciseType t : values()) {
            if (t.label().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown exercise type '" + text
                + "': expected tabletop, walk-through, simulation or full");
    }
}
