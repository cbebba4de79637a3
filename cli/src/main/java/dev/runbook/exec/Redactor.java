package dev.runbook.exec;

import dev.runbook.action.Preview;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret values of a run (secret parameters, outputs an action marks secret, values declared with
 * {@code ActionContext.secret}) and their replacement by {@code ***} wherever they occur inside a string, in maps and
 * lists recursively. Thread-safe; secrets are only ever added.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private volatile List<String> secrets = List.of();

    /** Adds a secret value; empty and null values are ignored. */
    public synchronized void add(String secret) {
        if (secret == null || secret.isEmpty() || secrets.contains(secret)) {
            return;
        }
        List<String> next = new ArrayList<>(secrets);
        next.add(secret);
        // Longest first, so that a secret containing another is masked whole rather than leaving its remainder.
        next.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(next);
    }

    /** Adds the text form of a secret value (a parameter may be a number or a duration). */
    public void addValue(Object secret) {
        if (secret instanceof Collection) {
            for (Object o : (Collection<?>) secret) {
                addValue(o);
            }
        } else if (secret != null) {
            add(String.valueOf(secret));
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** The text with every secret replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /**
     * A copy of a value with every secret replaced: strings are masked, maps and lists copied recursively (keys
     * kept), other values returned as they are unless their text is a secret.
     */
    public Object redactValue(Object value) {
        if (value instanceof String) {
            return redact((String) value);
        }
        if (value instanceof Map) {
            return redactMap(castMap(value));
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                out.add(redactValue(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof java.time.temporal.TemporalAmount
                || value instanceof java.time.temporal.Temporal) {
            return secrets.contains(String.valueOf(value)) ? MASK : value;
        }
        return value;
    }

    /** A copy of a map with every secret in its values replaced; null stays null. */
    public Map<String, Object> redactMap(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            out.put(e.getKey(), redactValue(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    public Preview redact(Preview preview) {
        if (preview == null) {
            return null;
        }
        List<String> details = new ArrayList<>();
        for (String d : preview.details()) {
            details.add(redact(d));
        }
        return new Preview(redact(preview.summary()), details);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object value) {
        return (Map<String, ?>) value;
    }
}
