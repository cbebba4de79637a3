package dev.runbook.report;

import java.time.Duration;

/**
 * One recovery objective of a run: its target (null when the runbook declares none), what the run achieved (null
 * when it could not be measured), whether that met the target (null without a target or a measure), how it was
 * measured, and a note saying why it was missed or not measured.
 */
public record Objective(String name, Duration target, Duration achieved, Boolean met, String source, String note) {

    /** The verdict of an RTO that a failed run did not achieve. */
    public static final String NOT_RECOVERED = "not recovered";

    /** How the note of an RTO that a failed run did not achieve begins. */
    public static final String NOT_RECOVERED_NOTE = "the run did not succeed (";

    /** The label used in reports: RTO or RPO. */
    public String label() {
        return name.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * met, missed, not recovered (the run failed: no RTO was achieved), not measured (never met: an objective that
     * could not be measured is not met), or no target.
     */
    public String verdict() {
        if (notRecovered()) {
            return NOT_RECOVERED;
        }
        if (achieved == null) {
            return "not measured";
        }
        if (met == null) {
            return "no target";
        }
        return met ? "met" : "missed";
    }

    /** Whether this is an RTO that a failed run did not achieve. */
    public boolean notRecovered() {
        return achieved == null && note != null && note.startsWith(NOT_RECOVERED_NOTE);
    }
}
