package dev.runbook.expr;

import dev.runbook.util.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only text processing done outside JEXL: finding {@code ${{ }}} delimiters in a runbook string, and the one
 * lexical normalisation that maps runbook syntax onto JEXL (documented in docs/expressions.md). Outside string
 * literals, a hyphenated step id after {@code steps.} becomes a bracket access ({@code steps['pitr-check']}), and a
 * runbook function name before {@code (} becomes its Java method ({@code format-time(} to {@code formatTime(}).
 * It also rejects, with a plain message, the few JEXL constructs that the feature switches let through.
 */
final class Lexical {

    /** JEXL words that may precede "(" without being a function call of ours. */
    private static final Set<String> KEYWORDS = Set.of(
            "or", "and", "not", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "null", "true", "false", "new",
            "var", "let", "const", "do", "while", "for", "if", "else", "break", "continue", "function", "return",
            "try", "catch", "finally", "throw", "instanceof", "switch", "case", "NaN");

    /** Further JEXL words, never taken for a plain name path. */
    private static final Set<String> RESERVED = Set.of("this", "in", "import", "pragma", "empty", "size", "ne", "eq");

    private Lexical() {
    }

    /** One piece of a template: literal text, or the source of one expression and where it starts in the text. */
    record Part(String literal, String expression, int offset) {
        boolean isExpression() {
            return expression != null;
        }
    }

    /** Source after normalisation, with the original index of every character (for error columns). */
    record Normalized(String text, int[] originalIndex) {
        /** 1-based column in the original source for a 1-based column in the normalized text. */
        int originalColumn(int column) {
            if (originalIndex.length == 0) {
                return 1;
            }
            int i = Math.max(0, Math.min(column - 1, originalIndex.length - 1));
            return originalIndex[i] + 1 + Math.max(0, column - 1 - i);
        }
    }

    /** A problem found while scanning, with its 0-based index in the source. */
    static final class LexicalError extends Exception {
        private static final long serialVersionUID = 1L;
        final int index;

        LexicalError(String message, int index) {
            super(message);
            this.index = index;
        }
    }

    /**
     * The name path of a normalised expression that is nothing but one, such as {@code params.table} or
     * {@code steps['pitr-check'].outputs.status} ({@code [steps, pitr-check, outputs, status]}); null for anything
     * else, JEXL words and builtins included. The path is the one JEXL reports for the same text
     * ({@code ExpressionsTest} compares them).
     */
    static List<String> plainPath(String text, Set<String> builtins) {
        List<String> path = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            if (i < n && text.charAt(i) == '[' && !path.isEmpty()) {
                int close = text.indexOf("']", i);
                if (i + 1 >= n || text.charAt(i + 1) != '\'' || close < 0) {
                    return null;
                }
                String key = text.substring(i + 2, close);
                if (!isStepKey(key)) {
                    return null;
                }
                path.add(key);
                i = close + 2;
            } else {
                int start = i;
                if (i >= n || !isAsciiName(text.charAt(i), false)) {
                    return null;
                }
                while (i < n && isAsciiName(text.charAt(i), true)) {
                    i++;
                }
                String name = text.substring(start, i);
                if (KEYWORDS.contains(name) || builtins.contains(name) || RESERVED.contains(name)) {
                    return null;
                }
                path.add(name);
            }
            if (i == n) {
                return path.size() > 1 ? path : null;
            }
            if (text.charAt(i) == '.') {
                i++;
            } else if (text.charAt(i) != '[') {
                return null;
            }
        }
    }

    static boolean hasExpression(String text) {
        return text != null && text.contains("${{");
    }

    /** Splits a runbook string into literal text and expression sources; quotes inside an expression are respected. */
    static List<Part> split(String text) throws LexicalError {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${{", i);
            if (start < 0) {
                parts.add(new Part(text.substring(i), null, i));
                break;
            }
            if (start > i) {
                parts.add(new Part(text.substring(i, start), null, i));
            }
            int end = closing(text, start + 3);
            if (end < 0) {
                throw new LexicalError("'${{' at column " + (start + 1) + " has no closing '}}'", start);
            }
            String inner = text.substring(start + 3, end);
            if (inner.isBlank()) {
                throw new LexicalError("'${{ }}' at column " + (start + 1) + " is empty", start);
            }
            int lead = 0;
            while (Character.isWhitespace(inner.charAt(lead))) {
                lead++;
            }
            parts.add(new Part(null, inner.strip(), start + 3 + lead));
            i = end + 2;
        }
        return parts;
    }

    private static int closing(String text, int from) {
        char quote = 0;
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                if (c == '\\') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}' && j + 1 < text.length() && text.charAt(j + 1) == '}') {
                return j;
            }
        }
        return -1;
    }

    /**
     * Applies the runbook-to-JEXL normalisation and rejects what a single runbook expression may not contain.
     *
     * @param functions runbook function name to Java method name
     * @param builtins  JEXL's own functions that runbooks may call unchanged (size, empty)
     */
    static Normalized normalize(String src, Map<String, String> functions, Set<String> builtins) throws LexicalError {
        StringBuilder out = new StringBuilder(src.length() + 8);
        List<Integer> map = new ArrayList<>(src.length() + 8);
        if (src.startsWith("import") && (src.length() == 6 || !isIdentPart(src.charAt(6)))) {
            throw new LexicalError("'import' is not allowed (column 1)", 0);
        }
        int i = 0;
        int depth = 0;
        int braces = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
                if (depth > Limits.MAX_NESTING) {
                    throw new LexicalError("brackets are nested more than " + Limits.MAX_NESTING + " deep (column "
                            + (i + 1) + ")", i);
                }
                if (c == '{' && ++braces > Limits.MAX_BRACE_NESTING) {
                    throw new LexicalError("maps are nested more than " + Limits.MAX_BRACE_NESTING + " deep, or a '{'"
                            + " is not closed (column " + (i + 1) + ")", i);
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
                if (c == '}') {
                    braces = Math.max(0, braces - 1);
                }
            }
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c) {
                    if (src.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                j = Math.min(j + 1, src.length());
                append(out, map, src.substring(i, j), i);
                i = j;
            } else if (c == ';') {
                throw new LexicalError("only one expression is allowed, without ';' (column " + (i + 1) + ")", i);
            } else if (c == '`') {
                throw new LexicalError("backtick strings are not supported, join text with + (column " + (i + 1) + ")", i);
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < src.length() && (isIdentPart(src.charAt(j)) || src.charAt(j) == '.')
                        && !(src.charAt(j) == '.' && j + 1 < src.length() && !Character.isDigit(src.charAt(j + 1)))) {
                    j++;
                }
                append(out, map, src.substring(i, j), i);
                i = j;
            } else if (isIdentStart(c)) {
                i = identifier(src, i, out, map, functions, builtins);
            } else {
                append(out, map, String.valueOf(c), i);
                i++;
            }
        }
        int[] idx = new int[map.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = map.get(k);
        }
        return new Normalized(out.toString(), idx);
    }

    private static int identifier(String src, int start, StringBuilder out, List<Integer> map,
                                  Map<String, String> functions, Set<String> builtins) throws LexicalError {
        int end = start;
        while (end < src.length() && isIdentPart(src.charAt(end))) {
            end++;
        }
        int hyphenEnd = end;
        while (hyphenEnd + 1 < src.length() && src.charAt(hyphenEnd) == '-' && isIdentPart(src.charAt(hyphenEnd + 1))) {
            hyphenEnd++;
            while (hyphenEnd < src.length() && isIdentPart(src.charAt(hyphenEnd))) {
                hyphenEnd++;
            }
        }
        String word = src.substring(start, hyphenEnd);
        char before = start > 0 ? src.charAt(start - 1) : ' ';
        boolean member = before == '.' || before == ':';
        if (before == '.' && hyphenEnd > end && afterSteps(src, start - 1)) {
            // steps.pitr-check -> steps['pitr-check']: drop the '.' already written and use a bracket access.
            out.setLength(out.length() - 1);
            map.remove(map.size() - 1);
            append(out, map, "['", start - 1);
            append(out, map, word, start);
            append(out, map, "']", hyphenEnd - 1);
            return hyphenEnd;
        }
        int paren = hyphenEnd;
        while (paren < src.length() && Character.isWhitespace(src.charAt(paren))) {
            paren++;
        }
        boolean call = !member && paren < src.length() && src.charAt(paren) == '(';
        if (call && functions.containsKey(word)) {
            append(out, map, functions.get(word), start);
            return hyphenEnd;
        }
        String first = src.substring(start, end);
        if (call && !KEYWORDS.contains(word) && !builtins.contains(word)) {
            List<String> known = new ArrayList<>(functions.keySet());
            known.addAll(builtins);
            String hint = Suggestions.closest(word, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
            throw new LexicalError("unknown function '" + word + "' at column " + (start + 1) + hint, start);
        }
        append(out, map, first, start);
        return end;
    }

    /** True when the '.' at {@code dot} follows the top-level name {@code steps}. */
    private static boolean afterSteps(String src, int dot) {
        int s = dot;
        while (s > 0 && isIdentPart(src.charAt(s - 1))) {
            s--;
        }
        if (!src.substring(s, dot).equals("steps")) {
            return false;
        }
        return s == 0 || (src.charAt(s - 1) != '.' && src.charAt(s - 1) != ':' && src.charAt(s - 1) != '-');
    }

    private static void append(StringBuilder out, List<Integer> map, String s, int originalStart) {
        out.append(s);
        for (int k = 0; k < s.length(); k++) {
            map.add(originalStart + Math.min(k, Math.max(0, s.length() - 1)));
        }
    }

    private static boolean isAsciiName(char c, boolean notFirst) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || notFirst && c >= '0' && c <= '9';
    }

    private static boolean isStepKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (!isAsciiName(key.charAt(i), true) && key.charAt(i) != '-') {
                return false;
            }
        }
        return !key.isEmpty();
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
