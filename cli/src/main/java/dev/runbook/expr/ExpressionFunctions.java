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
            return Timestamps.format(at.plus(Timestamps.signedDuration(text("add-time", duration))));
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
        return text("replace", s).replace(text("replace", a), text("replace", b));
    }

    /** {@code to-int(x)}: a whole number from a number (truncated) or a text. */
    public long toInt(Object x) {
        if (x instanceof Number) {
            return ((Number) x).longValue();
        }
        String s = text("to-int", x).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw new IllegalArgumentException("to-int: '" + s + "' is not a number");
            }
        }
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
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw new IllegalArgumentException("to-number: '" + s + "' is not a number");
            }
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
        StringJoiner j = new StringJoiner(text("join", sep));
        for (Object o : (List<?>) plain) {
            j.add(Values.toText(o));
        }
        return j.toString();
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
