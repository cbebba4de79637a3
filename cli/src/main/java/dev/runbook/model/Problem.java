package dev.runbook.model;

/**
 * One diagnostic about a runbook: where, how bad, what, and optionally a hint on how to fix it.
 * Printed as {@code FILE:LINE:COLUMN: message} (warnings as {@code FILE:LINE:COLUMN: warning: message}).
 */
public record Problem(Severity severity, Location location, String message, String hint) {

    public enum Severity { ERROR, WARNING }

    public static Problem error(Location location, String message) {
        return new Problem(Severity.ERROR, location, message, null);
    }

    public static Problem error(Location location, String message, String hint) {
        return new Problem(Severity.ERROR, location, message, hint);
    }

    public static Problem warning(Location location, String message) {
        return new Problem(Severity.WARNING, location, message, null);
    }

    public static Problem warning(Location location, String message, String hint) {
        return new Problem(Severity.WARNING, location, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The one-line form, without the hint. */
    public String format() {
        return location + ": " + (isError() ? "" : "warning: ") + message;
    }
}
