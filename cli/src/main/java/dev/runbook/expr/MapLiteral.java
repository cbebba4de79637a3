package dev.runbook.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of an expression that is one map literal ({@code { params.tableKey : steps.restore.outputs.table }}),
 * split at its top-level commas and colons, so that a dry-run can keep the keys of a map whose values are not known
 * yet. Anything else (a set literal, an empty map, a map followed by more expression, a key with a ternary) is not
 * split: the caller then treats the expression as a whole.
 */
final class MapLiteral {
    private MapLiteral() {
    }

    /** Key and value sources of each entry, or null when {@code source} is not exactly one splittable map literal. */
    static List<String[]> entries(String source) {
        String s = source.strip();
        if (s.length() < 3 || s.charAt(0) != '{' || closing(s) != s.length() - 1) {
            return null;
        }
        List<String[]> entries = new ArrayList<>();
        int depth = 0;
        int start = 1;
        int colon = -1;
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(s, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && c == ':' && colon < 0) {
                colon = i;
            } else if (depth == 0 && c == ',') {
                if (!add(entries, s, start, colon, i)) {
                    return null;
                }
                start = i + 1;
                colon = -1;
            }
        }
        return add(entries, s, start, colon, s.length() - 1) ? entries : null;
    }

    private static boolean add(List<String[]> entries, String s, int start, int colon, int end) {
        if (colon < 0) {
            return false;
        }
        String key = s.substring(start, colon).strip();
        String value = s.substring(colon + 1, end).strip();
        if (key.isEmpty() || value.isEmpty() || key.indexOf('?') >= 0) {
            return false;
        }
        entries.add(new String[] {key, value});
        return true;
    }

    /** Index of the brace closing the one at 0, or -1. */
    private static int closing(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(s, i);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Index of the quote closing the string literal that starts at {@code open}, or -1. */
    private static int endOfString(String s, int open) {
        char quote = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }
}
