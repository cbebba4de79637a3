package dev.runbook.expr;

import dev.runbook.model.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The functions runbook expressions may call, and the only class besides Map and List that the JEXL sandbox lets
 * expressions touch. Pure (no I/O); time comes from the clock given. Runbook names are kebab-case
 * ({@code format-time}); {@link Expressions} rewrites them to these camelCase methods before JEXL parses. Bad
 * arguments throw IllegalArgumentException with a message meant for the runbook's author.
 */
public final class ExpressionFunctions {
    private final Clock clock;

    ExpressionFunctions(Clock clock) {
        this.clock = clock;
    }

    /** {@code now()}: the current time, ISO-8601 UTC with seconds. */
    public String now() {
        return Timestamps.format(clock.instant());
    }

    /** {@code format-time(ts, pattern)}: a timestamp formatted in UTC with a Java DateTimeFormatter pattern. */
    public String formatTime(Object ts, Object pattern) {
        return Timestamps.format(instant("format-time", ts), text("format-time", pattern));
    }

    /** {@code duration(text)}: a duration ("15m", "PT1H") as a number of seconds (fractional below one second). */
    public Object duration(Object text) {
        if (text instanceof Number) {
            return text;
        }
        Duration d = parseDuration("duration", text("duration", text));
        return d.toMillis() % 1000 == 0 ? (Object) d.getSeconds() : (Object) (d.toMillis() / 1000.0);
    }

    /** {@code seconds-between(ts1, ts2)}: whole seconds from ts1 to ts2 (negative when ts2 is earlier). */
    public long secondsBetween(Object from, Object to) {
        return Duration.between(instant("seconds-between", from), instant("seconds-between", to)).getSeconds();
    }

    /** {@code add-time(ts, duration)}: the timestamp moved by a signed duration ("-10m", "+1h", "90s"). */
    public String addTime(Object ts, Object duration) {
        Instant at = instant("add-time", ts);
        try {
            return Timestamps.format(Timestamps.move(at, Timestamps.signedDuration(text("add-time", duration))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("add-time: " + e.getMessage());
        }
    }

    /** {@code lower(s)}. */
    public String lower(Object s) {
        return text("lower", s).toLowerCase(Locale.ROOT);
    }

    /** {@code upper(s)}. */
    public String upper(Object s) {
        return text("upper", s).toUpperCase(Locale.ROOT);
    }

    /** {@code trim(s)}: without leading and trailing white space. */
    public String trim(Object s) {
        return text("trim", s).strip();
    }

    /** {@code contains(s, part)}: whether a text contains a part, or a list contains an element. */
    public boolean contains(Object s, Object part) {
        if (s instanceof Collection) {
            Limits.checkItems(((Collection<?>) s).size(), "contains");
            for (Object o : (Collection<?>) s) {
                if (Values.toText(o).equals(Values.toText(part))) {
                    return true;
                }
            }
            return false;
        }
        return text("contains", s).contains(text("contains", part));
    }

    /** {@code starts-with(s, prefix)}. */
    public boolean startsWith(Object s, Object prefix) {
        return text("starts-with", s).startsWith(text("starts-with", prefix));
    }

    /** {@code ends-with(s, suffix)}. */
    public boolean endsWith(Object s, Object suffix) {
        return text("ends-with", s).endsWith(text("ends-with", suffix));
    }

    /** {@code replace(s, a, b)}: every occurrence of a (plain text, not a regex) replaced by b. */
    public String replace(Object s, Object a, Object b) {
        String in = text("replace", s);
        String from = text("replace", a);
        String to = text("replace", b);
        if (to.length() > from.length() && !from.isEmpty()) {
            long occurrences = (in.length() - in.replace(from, "").length()) / from.length();
            Limits.checkText(in.length() + occurrences * (to.length() - from.length()), "replace");
        } else if (from.isEmpty()) {
            Limits.checkText(in.length() + (in.length() + 1L) * to.length(), "replace");
        }
        String out = in.replace(from, to);
        Limits.charge(out.length(), "replace");
        return out;
    }

    /** {@code to-int(x)}: a whole number from a number (truncated) or a text. */
    public long toInt(Object x) {
        if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
            return ((Number) x).longValue();
        }
        if (x instanceof Number) {
            return whole("to-int", ((Number) x).doubleValue(), Values.toText(x));
        }
        String s = text("to-int", x).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw new IllegalArgumentException("to-int: '" + s + "' is not a number");
            }
            return whole("to-int", d, s);
        }
    }

    /** A finite double cut to a whole number, or an error for NaN, infinity and anything beyond 64 bits. */
    private static long whole(String function, double d, String shown) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d >= 0x1p63 || d < -0x1p63) {
            throw new IllegalArgumentException(function + ": '" + shown + "' is not a whole number in range "
                    + "(-9223372036854775808 to 9223372036854775807)");
        }
        return (long) d;
    }

    /** {@code to-number(x)}: a number from a text; whole numbers stay whole. */
    public Object toNumber(Object x) {
        if (x instanceof Number) {
            return Values.plain(x);
        }
        String s = text("to-number", x).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw new IllegalArgumentException("to-number: '" + s + "' is not a number");
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("to-number: '" + s + "' is not a finite number");
            }
            return d;
        }
    }

    /** {@code to-string(x)}: the text of a value, as it renders in a larger string. */
    public String toString(Object x) {
        return Values.toText(x);
    }

    /** {@code json(x)}: compact JSON text of a value. */
    public String json(Object x) {
        return Values.toJson(x);
    }

    /** {@code join(list, sep)}: the texts of a list's elements joined by a separator. */
    public String join(Object list, Object sep) {
        if (!(list instanceof Collection) && !(list != null && list.getClass().isArray())) {
            throw new IllegalArgumentException("join: the first argument must be a list");
        }
        Object plain = Values.plain(list);
        String separator = text("join", sep);
        StringJoiner j = new StringJoiner(separator);
        long length = 0;
        for (Object o : (List<?>) plain) {
            String t = Values.toText(o);
            length += t.length() + separator.length();
            Limits.checkText(length, "join");
            Limits.charge(t.length() + separator.length(), "join");
            j.add(t);
        }
        return j.toString();
    }

    /** {@code size(x)}: the length of a text, the number of elements of a list or entries of a map; 0 for null. */
    public long sizeOf(Object x) {
        if (x == null) {
            return 0;
        }
        if (x instanceof Collection) {
            return ((Collection<?>) x).size();
        }
        if (x instanceof Map) {
            return ((Map<?, ?>) x).size();
        }
        if (x instanceof CharSequence) {
            return ((CharSequence) x).length();
        }
        throw new IllegalArgumentException("size: expected text, a list or a map, got " + Values.kind(x));
    }

    /** {@code empty(x)}: whether x is null, empty text, or a list or map without elements. */
    public boolean isEmpty(Object x) {
        if (x == null) {
            return true;
        }
        if (x instanceof Collection) {
            return ((Collection<?>) x).isEmpty();
        }
        if (x instanceof Map) {
            return ((Map<?, ?>) x).isEmpty();
        }
        if (x instanceof CharSequence) {
            return ((CharSequence) x).length() == 0;
        }
        return false;
    }

    /** {@code default(x, fallback)}: x, or the fallback when x is null or empty text. */
    public Object defaultTo(Object x, Object fallback) {
        return x == null || (x instanceof String && ((String) x).isEmpty()) ? fallback : x;
    }

    private static String text(String function, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(function + ": an argument is null");
        }
        if (value instanceof Map || value instanceof Collection) {
            throw new IllegalArgumentException(function + ": expected text, got a " + (value instanceof Map ? "map" : "list"));
        }
        return Values.toText(value);
    }

    private static Instant instant(String function, Object ts) {
        try {
            return Timestamps.parse(text(function, ts));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(function + ": " + e.getMessage());
        }
    }

    private static Duration parseDuration(String function, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(function + ": " + e.getMessage());
        }
    }
}
