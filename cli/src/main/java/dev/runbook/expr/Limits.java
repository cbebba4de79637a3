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
    /**
     * The deepest nesting of braces (map and set literals): JEXL's parser takes time exponential in it, about 2 s
     * for 10 unclosed braces, so more than a few would hang {@code validate}.
     */
    public static final int MAX_BRACE_NESTING = 6;
    /**
     * The work one evaluation may do, counted in characters built and elements visited (64 Mi): it bounds the time
     * of an expression that repeats a large but allowed operation many times, such as a sum of json(1..100000).
     */
    public static final long MAX_WORK = 64L << 20;
    /** Per thread: the work counted so far, and how many evaluations are in progress (the limits apply in them). */
    private static final ThreadLocal<long[]> WORK = ThreadLocal.withInitial(() -> new long[2]);

    private Limits() {
    }

    /** Throws when a text of this length would be over {@link #MAX_TEXT}; {@code what} names the operation. */
    static void checkText(long length, String what) {
        if (length > MAX_TEXT && evaluating()) {
            throw new IllegalArgumentException(what + ": the text would be longer than " + MAX_TEXT
                    + " characters, the limit for an expression's value");
        }
    }

    /** Throws when a collection of this size would be over {@link #MAX_ITEMS}. */
    static void checkItems(long count, String what) {
        if (count > MAX_ITEMS && evaluating()) {
            throw new IllegalArgumentException(what + ": more than " + MAX_ITEMS
                    + " elements, the limit for a list or map in an expression");
        }
        charge(count, what);
    }

    /**
     * Starts an evaluation on this thread: the limits apply until the matching {@link #endEvaluation}. Outside
     * one (values rendered by the engine itself, such as an action's large output) they do not.
     */
    static void startEvaluation() {
        long[] work = WORK.get();
        if (work[1]++ == 0) {
            work[0] = 0;
        }
    }

    static void endEvaluation() {
        WORK.get()[1]--;
    }

    private static boolean evaluating() {
        return WORK.get()[1] > 0;
    }

    /** Counts work done by one evaluation: characters built or elements visited. */
    static void charge(long units, String what) {
        long[] work = WORK.get();
        if (work[1] == 0) {
            return;
        }
        work[0] += units;
        if (work[0] > MAX_WORK) {
            throw new IllegalArgumentException(what + ": the expression does too much work (it builds or visits more "
                    + "than " + MAX_WORK + " characters and elements in all)");
        }
    }
}
