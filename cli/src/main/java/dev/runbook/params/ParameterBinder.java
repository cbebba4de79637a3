package dev.runbook.params;

import dev.runbook.expr.Timestamps;
import dev.runbook.expr.Values;
import dev.runbook.model.Durations;
import dev.runbook.model.Node;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.util.Regex;
import dev.runbook.util.Suggestions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the values given for a run (command-line {@code -p} strings, a params file, declared defaults) into the
 * typed {@code params} scope: integer as Long, boolean as Boolean, duration as its text, timestamp as an ISO-8601
 * UTC string, string and enum as String; a parameter not given, not required and without default is null.
 */
public final class ParameterBinder {
    private ParameterBinder() {
    }

    /** Typed values for every declared parameter: CLI values (strings) win over the params file, then defaults. */
    public static Map<String, Object> bind(Runbook runbook, Map<String, String> cli, Map<String, Object> file,
                                           Clock clock) throws ParameterException {
        Map<String, Parameter> declared = runbook.parameters();
        Map<String, String> given = cli == null ? Map.of() : cli;
        Map<String, Object> fromFile = file == null ? Map.of() : file;
        List<ParameterException> problems = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                problems.add(undeclared(name, declared.keySet(), "with -p"));
            }
        }
        for (String name : fromFile.keySet()) {
            if (!declared.containsKey(name)) {
                problems.add(undeclared(name, declared.keySet(), "in the params file"));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : declared.values()) {
            Object raw;
            if (given.containsKey(p.name())) {
                raw = given.get(p.name());
            } else if (fromFile.containsKey(p.name())) {
                raw = fromFile.get(p.name());
            } else {
                raw = defaultOf(p);
            }
            try {
                if (raw == null) {
                    if (p.required()) {
                        throw new ParameterException(p.name(), "missing required parameter '" + p.name() + "' ("
                                + describedAs(p, "; ") + expected(p) + "): give it with -p " + p.name() + "=VALUE");
                    }
                    values.put(p.name(), null);
                } else {
                    values.put(p.name(), convert(p, raw, clock));
                }
            } catch (ParameterException e) {
                problems.add(e);
            }
        }
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (ParameterException e : problems) {
                lines.add(e.getMessage());
            }
            throw new ParameterException(problems.get(0).parameter(), String.join("\n", lines));
        }
        return Collections.unmodifiableMap(values);
    }

    /** One value converted and checked against its parameter (type, pattern, allowed); used for defaults too. */
    public static Object convert(Parameter parameter, Object raw, Clock clock) throws ParameterException {
        Object value = raw instanceof Node ? ((Node) raw).toPlain() : raw;
        if (value == null) {
            throw fail(parameter, "no value was given", "expected " + expected(parameter));
        }
        if (value instanceof Collection || value instanceof Map) {
            throw fail(parameter, "a " + (value instanceof Map ? "map" : "list") + " was given",
                    "expected " + expected(parameter));
        }
        Object converted;
        ParamType type = parameter.type() == null ? ParamType.STRING : parameter.type();
        switch (type) {
            case INTEGER:
                converted = integer(parameter, value);
                break;
            case BOOLEAN:
                converted = bool(parameter, value);
                break;
            case DURATION:
                converted = duration(parameter, value);
                break;
            case TIMESTAMP:
                converted = timestamp(parameter, value, clock);
                break;
            default:
                converted = Values.toText(value);
                break;
        }
        checkPattern(parameter, converted);
        checkAllowed(parameter, converted, type == ParamType.ENUM);
        return converted;
    }

    private static Object defaultOf(Parameter p) {
        Node d = p.defaultValue();
        return d == null ? null : d.toPlain();
    }

    private static Long integer(Parameter p, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        String text = Values.toText(value).trim();
        if (value instanceof String) {
            try {
                return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw fail(p, shown(p, text) + " is not an integer", "expected a whole number such as 12");
    }

    private static Boolean bool(Parameter p, Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = Values.toText(value).trim().toLowerCase(Locale.ROOT);
        if (value instanceof String) {
            if (text.equals("true") || text.equals("yes")) {
                return Boolean.TRUE;
            }
            if (text.equals("false") || text.equals("no")) {
                return Boolean.FALSE;
            }
        }
        throw fail(p, shown(p, Values.toText(value)) + " is not a boolean", "expected true, false, yes or no");
    }

    private static String duration(Parameter p, Object value) {
        String text = Values.toText(value).trim();
        if (value instanceof String && Durations.isOutOfRange(text)) {
            throw fail(p, shown(p, text) + " is out of range", "a duration is at most 36500d, about 100 years");
        }
        if (!(value instanceof String) || !Durations.isDuration(text)) {
            throw fail(p, shown(p, text) + " is not a duration", "expected e.g. 90s, 15m, 4h, 1h30m or PT15M");
        }
        return text;
    }

    private static String timestamp(Parameter p, Object value, Clock clock) {
        String text = Values.toText(value).trim();
        try {
            if (!(value instanceof String)) {
                throw new IllegalArgumentException("not text");
            }
            return Timestamps.format(Timestamps.resolve(text, clock));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("out of range")) {
                throw fail(p, shown(p, text) + " is out of range", "a duration is at most 36500d, about 100 years");
            }
            throw fail(p, shown(p, text) + " is not a timestamp",
                    "expected ISO-8601 with a zone (2026-11-22T03:00:00Z), now, or now-10m");
        }
    }

    private static void checkPattern(Parameter p, Object value) {
        if (p.pattern() == null) {
            return;
        }
        String text = Values.toText(value);
        boolean matches;
        try {
            matches = Regex.matchesWhole(p.pattern(), text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(p.name(), "parameter '" + p.name() + "': its pattern: " + e.getMessage());
        }
        if (!matches) {
            throw fail(p, shown(p, text) + " does not match the pattern " + p.pattern(), null);
        }
    }

    private static void checkAllowed(Parameter p, Object value, boolean isEnum) {
        if (p.allowed().isEmpty()) {
            if (isEnum) {
                throw new ParameterException(p.name(), "parameter '" + p.name() + "': an enum needs a list of "
                        + "allowed values");
            }
            return;
        }
        String text = Values.toText(value);
        for (Object allowed : p.allowed()) {
            Object a = allowed instanceof Node ? ((Node) allowed).toPlain() : allowed;
            if (Values.toText(a).equals(text)) {
                return;
            }
        }
        throw fail(p, shown(p, text) + " is not one of: " + allowedList(p), null);
    }

    private static String allowedList(Parameter p) {
        List<String> names = new ArrayList<>();
        for (Object a : p.allowed()) {
            names.add(Values.toText(a instanceof Node ? ((Node) a).toPlain() : a));
        }
        return String.join(", ", names);
    }

    /** What a parameter expects, e.g. {@code string, pattern ^[a-z]+$} or {@code enum, one of: a, b}. */
    static String expected(Parameter p) {
        StringBuilder b = new StringBuilder(p.type() == null ? "string" : p.type().yamlName());
        if (p.pattern() != null) {
            b.append(", pattern ").append(p.pattern());
        }
        if (!p.allowed().isEmpty()) {
            b.append(", one of: ").append(allowedList(p));
        }
        return b.toString();
    }

    private static String shown(Parameter p, String text) {
        return p.secret() ? "the value given" : "'" + text + "'";
    }

    /**
     * The parameter's description on one line, followed by {@code separator}, or nothing when it has none: a value
     * that fails a pattern is easier to fix knowing what the parameter is than from the regex alone.
     */
    private static String describedAs(Parameter p, String separator) {
        if (p.description() == null || p.description().isBlank()) {
            return "";
        }
        String text = p.description().strip().replaceAll("\\s+", " ");
        return (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) + separator;
    }

    private static ParameterException fail(Parameter p, String problem, String expected) {
        String described = describedAs(p, "");
        String message = "parameter '" + p.name() + "'" + (described.isEmpty() ? "" : " (" + described + ")") + ": "
                + problem + (expected == null ? "" : " (" + expected + ")");
        return new ParameterException(p.name(), message);
    }

    private static ParameterException undeclared(String name, Collection<String> declared, String where) {
        String hint = Suggestions.closest(name, declared).map(s -> ", did you mean '" + s + "'?").orElse("");
        String list = declared.isEmpty() ? "this runbook declares no parameters"
                : "declared: " + String.join(", ", declared);
        return new ParameterException(name, "unknown parameter '" + name + "' (given " + where + ")" + hint
                + "; " + list);
    }
}
