package dev.runbook.audit;

import java.util.Locale;

/**
 * The outcome of {@link AuditVerifier#verify}: on success the number of records, the head hash (the last record's)
 * and how many torn writes the log accounts for; on failure the first bad line, what is wrong with it and why.
 */
public record VerifyResult(boolean valid, long records, String head, long headSeq, int tornAccounted,
        Problem problem, long line, String message) {

    /** What is wrong with the first bad line. */
    public enum Problem {
        /** A record's content no longer matches its hash. */
        EDITED,
        /** A record is missing: the sequence skips a number that does not appear later. */
        DELETED,
        /** Records are out of order: a later record comes before an earlier one. */
        REORDERED,
        /** A line that does not belong to the chain: a repeated sequence number, or a record added by hand. */
        INSERTED,
        /** The last line is incomplete (a write cut off by a crash) and no torn-tail record names it yet. */
        TORN,
        /** A line that is not a JSON audit record. */
        NOT_JSON;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    static VerifyResult ok(long records, String head, long headSeq, int torn) {
        return new VerifyResult(true, records, head, headSeq, torn, null, 0, null);
    }

    static VerifyResult bad(long records, String head, long headSeq, int torn, Problem problem, long line,
            String message) {
        return new VerifyResult(false, records, head, headSeq, torn, problem, line, message);
    }
}
