package dev.runbook.expr;

/**
 * The bounds on what one expression may build, so that no runbook can make an evaluation take seconds and
 * gigabytes (nested {@code json()}, a join over a huge range): text results, list and map sizes, and the nesting
 * of brackets in the source. Exceeding one is an evaluation error that names the expression.
 */
public final class Limits {
    /** The longest text an expression may produce or hold, in characters (1 MiB of text). */
    public static final int MAX_TEXT = 1 << 20;
    /** The most elements a list or map in an expression may have. */
    public static final int MAX_ITEMS = 100_000;
    /** The deepest nesting of parentheses, brackets and braces in one expression's source. */
    public static final int MAX_NESTING = 64;

    private Limits() {
    }

    /** Throws when a text of this length would be over {@link #MAX_TEXT}; {@code what} names the operation. */
    static void checkText(long length, String what) {
        if (length > MAX_TEXT) {
            throw new IllegalArgumentException(what + ": the text would be longer than " + MAX_TEXT
                    + " characters, the limit for an expression's value");
        }
    }

    /** Throws when a collection of this size would be over {@link #MAX_ITEMS}. */
    static void checkItems(long count, String what) {
        if (count > MAX_ITEMS) {
            throw new IllegalArgumentException(what + ": more than " + MAX_ITEMS
                    + " elements, the limit for a list or map in an expression");
        }
    }
}
