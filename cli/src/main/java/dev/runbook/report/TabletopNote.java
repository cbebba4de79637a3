package dev.runbook.report;

/** A tabletop's note on one step, as its {@code tabletop-note} record holds it: the text and who recorded it. */
public record TabletopNote(String step, String text, String by) {

    /** {@code text (by)}, for one line of a report. */
    public String line() {
        return text + (by == null ? "" : " (" + by + ")");
    }
}
