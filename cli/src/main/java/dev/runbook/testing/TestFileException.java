package dev.runbook.testing;

import dev.runbook.model.Location;

/** A test file that cannot be read as one; the message starts with {@code FILE:LINE:COLUMN:}. */
public class TestFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public TestFileException(Location at, String message) {
        super(at + ": " + message);
    }

    public TestFileException(String message) {
        super(message);
    }
}
