package dev.runbook.expr;

import dev.runbook.model.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps as runbooks use them: ISO-8601 with a zone or an offset on the way in, {@code now}, {@code now-10m}
 * and {@code now+1h} relative to a clock, and always an ISO-8601 UTC string with seconds on the way out
 * ({@code 2026-11-22T03:00:00Z}), so that values compare and print the same everywhere.
 */
public final class Timestamps {
    private static final Pattern RELATIVE = Pattern.compile("now\\s*(?:([+-])\\s*(\\S.*))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNED = Pattern.compile("\\s*([+-]?)\\s*(\\S.*)");

    private Timestamps() {
    }

    /** Parses an ISO-8601 date-time that names its zone or offset; throws IllegalArgumentException otherwise. */
    public static Instant parse(String text) {
        String s = text == null ? "" : text.trim();
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(s);
            if (t.query(TemporalQueries.zone()) == null) {
                throw new IllegalArgumentException("'" + text + "' has no zone or offset (add Z for UTC, e.g. "
                        + s + "Z)");
            }
            return Instant.from(t);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp (expected ISO-8601 with a zone, "
                    + "e.g. 2026-11-22T03:00:00Z)");
        }
    }

    /** Like {@link #parse} but also accepts {@code now}, {@code now-10m} and {@code now+1h}, read from the clock. */
    public static Instant resolve(String text, Clock clock) {
        Matcher m = RELATIVE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return parse(text);
        }
        Instant now = clock.instant();
        if (m.group(1) == null) {
            return now;
        }
        Duration d = Durations.parse(m.group(2));
        return move(now, m.group(1).equals("-") ? d.negated() : d);
    }

    /** An instant moved by a duration, or IllegalArgumentException when that leaves the range of timestamps. */
    public static Instant move(Instant at, Duration by) {
        try {
            return at.plus(by);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("the time is out of range (timestamps end at year 1000000000)");
        }
    }

    /** The canonical text: UTC, whole seconds, e.g. {@code 2026-11-22T03:00:00Z}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A duration with an optional sign ({@code -10m}, {@code +1h}, {@code 90s}). */
    public static Duration signedDuration(String text) {
        Matcher m = SIGNED.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Durations.parse(text);
        }
        Duration d = Durations.parse(m.group(2));
        return m.group(1).equals("-") ? d.negated() : d;
    }

    /** Formats an instant in UTC with a {@link DateTimeFormatter} pattern such as {@code yyyy-MM-dd-HHmm}. */
    public static String format(Instant instant, String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(java.time.ZoneOffset.UTC).format(instant);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a usable time pattern (e.g. yyyy-MM-dd HH:mm)");
        }
    }
}
