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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *
 * <p>A secret (or a form of one) shorter than {@value #SHORT} characters is masked only where it stands alone: not
 * next to a letter or digit. Masked inside any text, a one-character secret {@code x} would turn {@code exec} into
 * {@code e***ec} and tell a reader the secret's value; see {@link #isShort}.
 *
 * <p>Text cut short (a streamed line at 8 KiB, a capture at 1 MiB) may end with the first characters of a secret
 * whose rest was cut off: {@link #maskCutEnd} masks them.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "***";
    /** The shortest line of a multi-line secret that is masked wherever it occurs. */
    static final int FRAGMENT_MIN = 4;
    /** Secrets shorter than this are masked only where they stand alone (not next to a letter or digit). */
    public static final int SHORT = 4;

    private final Set<String> added = new HashSet<>();
    private volatile List<String> secrets = List.of();
    private volatile Set<String> shortLines = Set.of();
    /** The forms shorter than {@link #SHORT}, and a pattern that finds each where it stands alone. */
    private volatile Map<String, Pattern> shortSecrets = Map.of();

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
        Map<String, Pattern> shortNext = new LinkedHashMap<>(shortSecrets);
        for (String f : forms) {
            if (isShort(f)) {
                shortNext.computeIfAbsent(f, k -> Pattern.compile(
                        "(?<![\\p{L}\\p{N}])" + Pattern.quote(k) + "(?![\\p{L}\\p{N}])"));
            } else if (!next.contains(f)) {
                next.add(f);
            }
        }
        shortSecrets = Collections.unmodifiableMap(shortNext);
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

    /** Whether a secret value is too short to be masked inside other text: it is masked only where it stands alone. */
    public static boolean isShort(String secret) {
        return secret.codePointCount(0, secret.length()) < SHORT;
    }

    /** Whether a secret value (each item of a list) has a text too short to be masked inside other text. */
    public static boolean hasShortText(Object value) {
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().anyMatch(Redactor::hasShortText);
        }
        return value != null && isShort(String.valueOf(value));
    }

    /** The warning for a secret too short to be masked reliably: {@code what} names it ("parameter 'pin'"). */
    public static String shortSecretWarning(String what) {
        return "the secret " + what + " is shorter than " + SHORT + " characters: it cannot be masked reliably"
                + " (it is shown as *** only where it stands alone, not inside other text)";
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
        return secrets.isEmpty() && shortSecrets.isEmpty();
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
        for (Map.Entry<String, Pattern> e : shortSecrets.entrySet()) {
            if (out.contains(e.getKey())) {
                out = e.getValue().matcher(out).replaceAll(Matcher.quoteReplacement(MASK));
            }
        }
        return out;
    }

    /**
     * The kept part of a text that was cut short, with any first characters of a secret at its end replaced by
     * {@code ***}: the rest of that secret was cut off, so redaction could not find the secret in it. Nothing else is
     * changed (whole secrets are masked where the text is shown). A short secret's start is masked only where it
     * stands alone. Replacement characters at the end (a character cut in two) are dropped first.
     */
    public String maskCutEnd(String kept) {
        if (kept == null) {
            return null;
        }
        int end = kept.length();
        while (end > 0 && kept.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        String text = kept.substring(0, end);
        int longest = 0;
        for (String s : secrets) {
            longest = Math.max(longest, startAtEnd(text, s, longest, false));
        }
        for (String s : shortSecrets.keySet()) {
            longest = Math.max(longest, startAtEnd(text, s, longest, true));
        }
        return longest == 0 ? text : text.substring(0, text.length() - longest) + MASK;
    }

    /** The length of the longest proper start of {@code secret} longer than {@code than} that ends the text, or 0. */
    private static int startAtEnd(String text, String secret, int than, boolean alone) {
        for (int n = Math.min(secret.length() - 1, text.length()); n > than; n--) {
            int at = text.length() - n;
            if (text.regionMatches(at, secret, 0, n)
                    && (!alone || at == 0 || !Character.isLetterOrDigit(text.codePointBefore(at)))) {
                return n;
            }
        }
        return 0;
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
            String text = String.valueOf(value);
            return secrets.contains(text) || shortSecrets.containsKey(text) ? MASK : value;
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
