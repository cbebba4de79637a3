package dev.runbook.exec;

import dev.runbook.expr.Reference;
import dev.runbook.expr.Unknown;
import java.util.List;
import java.util.Map;

/** Small helpers over the plain values of a scope: path lookup, Unknown detection, literal formatting. */
final class Values {
    private static final Object MISSING = new Object();

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

    /** {@code "outputs.version = \"\", params.min = 5"}: the values an expression read, for failure messages. */
    static String explain(Iterable<Reference> references, Map<String, Object> scope) {
        StringBuilder sb = new StringBuilder();
        for (Reference ref : references) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            Object v = lookup(scope, ref.path());
            sb.append(ref).append(" = ").append(isMissing(v) ? "(not set)" : literal(v));
        }
        return sb.toString();
    }

    /** A value written as an expression literal would be: strings quoted and escaped. */
    static String literal(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence) {
            String s = v.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            return "\"" + s + "\"";
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
