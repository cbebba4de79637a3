package dev.runbook.util;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one regular-expression dialect of runbooks ({@code =~}, {@code !~} and a parameter's {@code pattern}): RE2
 * syntax on RE2/J, which matches in time linear in the text, so no pattern can hang a run or a validate the way
 * backtracking engines do on {@code (a+)+$}. Back-references and look-around do not exist in RE2; such a pattern is
 * refused with a plain sentence. Compiled patterns are cached; thread-safe.
 */
public final class Regex {
    /** The longest pattern accepted, in characters. */
    public static final int MAX_PATTERN_LENGTH = 1_000;
    /** The largest compiled program accepted (RE2/J instructions); bounds matching time per character. */
    static final int MAX_PROGRAM_SIZE = 10_000;
    private static final int CACHE_SIZE = 256;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Regex() {
    }

    /**
     * Compiles a pattern, or throws IllegalArgumentException whose message says, in a sentence, why it is not
     * usable (for example "'(?=a)' is not a valid regular expression: look-ahead ... not supported").
     */
    public static Pattern compile(String pattern) {
        Pattern cached = CACHE.get(pattern);
        if (cached != null) {
            return cached;
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("the regular expression is longer than " + MAX_PATTERN_LENGTH
                    + " characters");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a valid regular expression: "
                    + reason(e) + " (runbooks use RE2 syntax, see docs/expressions.md)");
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a supported regular expression");
        }
        if (compiled.programSize() > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException("'" + pattern + "' is too large a regular expression (it compiles to "
                    + compiled.programSize() + " instructions, at most " + MAX_PROGRAM_SIZE + ")");
        }
        if (CACHE.size() >= CACHE_SIZE) {
            CACHE.clear();
        }
        CACHE.put(pattern, compiled);
        return compiled;
    }

    /** Whether the whole text matches the pattern; an unusable pattern throws as {@link #compile} does. */
    public static boolean matchesWhole(String pattern, CharSequence text) {
        return compile(pattern).matcher(text).matches();
    }

    /** Why a pattern is unusable, or null when it is usable. */
    public static String problem(String pattern) {
        try {
            compile(pattern);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String reason(PatternSyntaxException e) {
        String d = e.getDescription() == null ? "" : e.getDescription();
        String near = e.getPattern() == null || e.getPattern().isEmpty() ? "" : " near '" + e.getPattern() + "'";
        if (d.contains("invalid or unsupported Perl syntax")) {
            return "look-ahead, look-behind, possessive and atomic groups are not supported" + near;
        }
        if (d.contains("invalid escape sequence")) {
            return "this escape (back-references such as \\1 among them) is not supported" + near;
        }
        return d + near;
    }
}
