package dev.runbook.expr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain values expressions work with (String, Long, Double, Boolean, null, List, Map, and {@link Unknown}),
 * and how each one reads as text when rendered into a larger string: null as empty text, whole numbers without
 * {@code .0}, lists and maps as compact JSON, an Unknown as {@code <steps.x.outputs.y>}.
 */
public final class Values {
    /**
     * jackson-core's generator, not an ObjectMapper: the values are a closed set of plain types, and creating the
     * first ObjectMapper initialises java.text's calendar and locale data, a sixth of a cold `validate`.
     */
    private static final JsonFactory JSON = new JsonFactory();

    private Values() {
    }

    /** The text of a value, as it appears when rendered into a larger string. */
    public static String toText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return numberText(((Number) value).doubleValue());
        }
        if (value instanceof Collection || value instanceof Map || value.getClass().isArray()) {
            return toJson(value);
        }
        return String.valueOf(value);
    }

    /**
     * Compact JSON text of a value (an Unknown becomes the string {@code <label>}); throws IllegalArgumentException
     * when the text would be longer than {@link Limits#MAX_TEXT}.
     */
    public static String toJson(Object value) {
        StringWriter out = new BoundedWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, plain(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("the value cannot be written as JSON", e);
        }
        return out.toString();
    }

    /** What kind of value this is, for messages: "text", "a number", "a list"... */
    static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence) {
            return "text";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Collection || value.getClass().isArray()) {
            return "a list";
        }
        return value instanceof Map ? "a map" : "a value";
    }

    /** A StringWriter that refuses to grow past {@link Limits#MAX_TEXT}. */
    private static final class BoundedWriter extends StringWriter {
        @Override
        public void write(char[] cbuf, int off, int len) {
            Limits.checkText((long) getBuffer().length() + len, "json");
            Limits.charge(len, "json");
            super.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            Limits.checkText((long) getBuffer().length() + len, "json");
            Limits.charge(len, "json");
            super.write(str, off, len);
        }

        @Override
        public void write(int c) {
            Limits.checkText(getBuffer().length() + 1L, "json");
            Limits.charge(1, "json");
            super.write(c);
        }
    }

    /** Writes a value in plain form (see {@link #plain}); an Unknown is written as the string of its label. */
    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Long) {
            g.writeNumber((Long) value);
        } else if (value instanceof Double) {
            g.writeNumber((Double) value);
        } else if (value instanceof List) {
            g.writeStartArray();
            for (Object o : (List<?>) value) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(value.toString());
        }
    }

    private static String numberText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * The value in the plain form the rest of the engine expects: Integer, Short and Byte become Long, Float and
     * BigDecimal become Double, arrays and sets become lists; lists and maps come back unmodifiable.
     */
    public static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof Unknown) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Character) {
            return value.toString();
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            Limits.checkItems(n, "a list");
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(plain(Array.get(value, i)));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Collection) {
            Collection<?> c = (Collection<?>) value;
            Limits.checkItems(c.size(), "a list");
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(plain(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Map) {
            Limits.checkItems(((Map<?, ?>) value).size(), "a map");
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        return value;
    }
}
