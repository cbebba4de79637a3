package dev.runbook.exec;

import dev.runbook.expr.Reference;
import dev.runbook.expr.Unknown;
import java.util.List;
import java.util.Map;

/** Small helpers over the plain values of a scope: path lookup, Unknown detection, literal formatting. */
final class Values {
    private static final Object MISSING = new Object();
    /** Longest text shown in full in a failure message. */
    private static final int MAX_LITERAL = 200;

    private Values() {
    }

    /** The value at a name path of the scope, or {@link #MISSING}. */
    static Object lookup(Map<String, Object> scope, List<String> path) {
        Object current = scope;
        for (String name : path) {
            if (current instanceof Unknown) {
                return current;
            }
            if (!(current instanceof Map)) {
                return MISSING;
            }
            Map<?, ?> map = (Map<?, ?>) current;
            if (!map.containsKey(name)) {
                return MISSING;
            }
            current = map.get(name);
        }
        return current;
    }

    static boolean isMissing(Object value) {
        return value == MISSING;
    }

    static boolean containsUnknown(Object value) {
        if (value instanceof Unknown) {
            return true;
        }
        if (value instanceof Map) {
            for (Object v : ((Map<?, ?>) value).values()) {
                if (containsUnknown(v)) {
                    return true;
                }
            }
        }
        if (value instanceof List) {
            for (Object v : (List<?>) value) {
                if (containsUnknown(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code "outputs.version = \"\", params.min = 5"}: the values an expression read (secrets as stars), for failure messages. */
    static String explain(Iterable<Reference> references, Map<String, Object> scope, Redactor redactor) {
        StringBuilder sb = new StringBuilder();
        for (Reference ref : references) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            // Redacted before literal() may cut it, so that a secret cut in two cannot slip past the redactor.
            Object v = redactor.redactValue(lookup(scope, ref.path()));
            sb.append(ref).append(" = ").append(isMissing(v) ? "(not set)" : literal(v));
        }
        return sb.toString();
    }

    /**
     * A value written as an expression literal would be: strings quoted and escaped, control characters as
     * {@code \\uXXXX}. Long strings are cut: a failure message must stay readable when the value is a command's
     * whole output (up to a mebibyte).
     */
    static String literal(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence) {
            String text = v.toString();
            int shown = Math.min(text.length(), MAX_LITERAL);
            StringBuilder b = new StringBuilder(shown + 40).append('"');
            for (int i = 0; i < shown; i++) {
                char c = text.charAt(i);
                if (c == '\\' || c == '"') {
                    b.append('\\').append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c < 0x20 || c == 0x7f) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
            if (shown < text.length()) {
                b.append(" (cut, ").append(text.length()).append(" characters)");
            }
            return b.toString();
        }
        return String.valueOf(v);
    }

    /** The expression inside a lone {@code ${{ }}}, or the text as written. */
    static String bare(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("${{") && t.endsWith("}}") && t.indexOf("${{", 3) < 0) {
            return t.substring(3, t.length() - 2).trim();
        }
        return t;
    }
}
