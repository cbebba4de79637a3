package dev.runbook.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as runbooks write them: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 4h}, {@code 2d}, combinations
 * such as {@code 1h30m}, or ISO-8601 ({@code PT15M}).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

    /**
     * The longest duration accepted: 36500 days (about 100 years). Longer ones are typing mistakes, and beyond
     * about 292 years a duration no longer fits the nanoseconds and milliseconds that timers and clocks count in.
     */
    public static final Duration MAX = Duration.ofDays(36_500);

    private Durations() {
    }

    /** Parses a duration, or throws IllegalArgumentException with a message that says what is accepted. */
    public static Duration parse(String text) {
        Duration d = parseUnbounded(text);
        if (d == null) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 90s, 15m, 4h, 1h30m or PT15M)");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range: a duration is at most 36500d "
                    + "(about 100 years)");
        }
        return d;
    }

    /** Whether the text is written as a duration but is longer than {@link #MAX}. */
    public static boolean isOutOfRange(String text) {
        Duration d = parseUnbounded(text);
        return d != null && d.compareTo(MAX) > 0;
    }

    /** The duration written, {@code MAX + 1s} for one too long to count, or null when it is not a duration. */
    private static Duration parseUnbounded(String text) {
        String s = text == null ? "" : text.trim();
        if (WHOLE.matcher(s).matches()) {
            try {
                Duration d = Duration.ZERO;
                Matcher m = PART.matcher(s);
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    switch (m.group(2)) {
                        case "ms": d = d.plusMillis(n); break;
                        case "s": d = d.plusSeconds(n); break;
                        case "m": d = d.plusMinutes(n); break;
                        case "h": d = d.plusHours(n); break;
                        default: d = d.plusDays(n); break;
                    }
                }
                return d;
            } catch (ArithmeticException | NumberFormatException e) {
                return MAX.plusSeconds(1); // more digits than a long holds, or more seconds than a Duration does
            }
        }
        if (s.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // DateTimeParseException also reports numbers too large for a Duration: not a duration then
                return null;
            }
        }
        return null;
    }

    public static boolean isDuration(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A short human form: 850ms, 12.3s, 4m05s, 2h03m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.getSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** A compact duration as runbooks write them: {@code 30m}, {@code 1h30m}, {@code 2m5s}, {@code 500ms}. */
    public static String written(Duration d) {
        if (d.isNegative()) {
            return "-" + written(d.negated());
        }
        StringBuilder b = new StringBuilder();
        append(b, d.toDays(), "d");
        append(b, d.toHoursPart(), "h");
        append(b, d.toMinutesPart(), "m");
        append(b, d.toSecondsPart(), "s");
        append(b, d.toMillisPart(), "ms");
        return b.length() == 0 ? "0s" : b.toString();
    }

    private static void append(StringBuilder b, long n, String unit) {
        if (n != 0) {
            b.append(n).append(unit);
        }
    }
}
