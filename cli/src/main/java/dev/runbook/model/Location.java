package dev.runbook.model;

/**
 * A place in a runbook file: 1-based line and column. Every model node keeps one so that every
 * diagnostic can be reported as {@code FILE:LINE:COLUMN: message}.
 */
public record Location(String file, int line, int column) {

    /** A location for problems that concern a whole file rather than a place in it. */
    public static Location ofFile(String file) {
        return new Location(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
