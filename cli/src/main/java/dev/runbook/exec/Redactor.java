package dev.runbook.exec;

import dev.runbook.action.Preview;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values of a run (secret parameters, outputs an action marks secret, values declared with
 * {@code ActionContext.secret}) and their replacement by {@code ***} wherever they occur inside a string, in maps and
 * lists recursively. Thread-safe; secrets are only ever added.
 *
 * <p>A secret that spans lines (a PEM key, a certificate) is also masked line by line, because output is streamed
 * one line at a time and a program may print only part of it: each of its lines (spaces around it trimmed) that has
 * a letter or digit is a secret of its own, masked wherever it occurs when it has at least
 * {@value #FRAGMENT_MIN} characters, and masked when it is a whole streamed line ({@link #redactLine}) when shorter.
 * Lines with neither, such as a lone brace or a row of dashes, are only masked as part of the whole value. The value with
 * its trailing line break removed, and with CRLF written as LF, is masked too (a captured output is trimmed, and
 * streamed lines lose their CR).
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "***";
    /** The shortest line of a multi-line secret that is masked wherever it occurs. */
    static final int FRAGMENT_MIN = 4;

    private final Set<String> added = new HashSet<>();
    private volatile List<String> secrets = List.of();
    private volatile Set<String> shortLines = Set.of();

    /** Adds a secret value; empty and null values are ignored. */
    public synchronized void add(String secret) {
        if (secret == null || secret.isEmpty() || !added.add(secret)) {
            return;
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String unix = secret.replace("\r\n", "\n");
        forms.add(unix);
        forms.add(stripTrailingBreaks(secret));
        forms.add(stripTrailingBreaks(unix));
        Set<String> shortOnes = new HashSet<>(shortLines);
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            for (String line : secret.split("\r\n|\r|\n")) {
                String t = line.strip();
                if (t.codePoints().anyMatch(Character::isLetterOrDigit)) {
                    if (t.length() >= FRAGMENT_MIN) {
                        forms.add(t);
                    } else {
                        shortOnes.add(t);
                    }
                }
            }
        }
        forms.remove("");
        List<String> next = new ArrayList<>(secrets);
        for (String f : forms) {
            if (!next.contains(f)) {
                next.add(f);
            }
        }
        // Longest first, so that a secret containing another is masked whole rather than leaving its remainder.
        next.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(next);
        shortLines = Set.copyOf(shortOnes);
    }

    private static String stripTrailingBreaks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
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
     * One streamed line of output with every secret replaced, and replaced whole when it is (spaces around it
     * aside) a short line of a multi-line secret.
     */
    public String redactLine(String line) {
        String out = redact(line);
        if (out != null && !shortLines.isEmpty() && shortLines.contains(out.strip())) {
            return MASK;
        }
        return out;
    }

    /** Whether the text holds a secret value (or a line of one) of this run. */
    public boolean containsSecret(String text) {
        return text != null && !text.equals(redactLine(text));
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
