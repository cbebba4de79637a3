package dev.runbook.actions.aws;

import dev.runbook.expr.Unknown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plain runbook values to DynamoDB attribute values and back: strings are S, numbers N, booleans BOOL, null NULL,
 * lists L and maps M; on the way back sets become lists and binary becomes base64 text.
 */
final class DynamoValues {
    private DynamoValues() {
    }

    /** An item (or key) as the SDK sends it: each value typed as {@link #wire} says. */
    static Map<String, AttributeValue> item(Map<String, Object> plain) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        plain.forEach((k, v) -> item.put(k, value(v)));
        return item;
    }

    static AttributeValue value(Object v) {
        return attribute(wireValue(v));
    }

    /**
     * An item (or key) in DynamoDB's wire shape ({@code {"pk": {"S": "a"}, "n": {"N": "5"}}}): what a preview shows
     * and, through {@link #item}, what is sent; the one place that decides a value's type. A value not known before
     * the run stays its placeholder. Loads no AWS SDK class (a dry-run must not).
     */
    static Map<String, Object> wire(Map<String, Object> plain) {
        Map<String, Object> out = new LinkedHashMap<>();
        plain.forEach((k, v) -> out.put(k, wireValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object wireValue(Object v) {
        if (v instanceof Unknown) {
            return v;
        }
        if (v == null) {
            return Map.of("NULL", true);
        }
        if (v instanceof Boolean) {
            return Map.of("BOOL", v);
        }
        if (v instanceof Number) {
            return Map.of("N", new BigDecimal(v.toString()).stripTrailingZeros().toPlainString());
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<Object>) v).forEach(o -> l.add(wireValue(o)));
            return Map.of("L", l);
        }
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            ((Map<Object, Object>) v).forEach((k, o) -> m.put(String.valueOf(k), wireValue(o)));
            return Map.of("M", m);
        }
        return Map.of("S", String.valueOf(v));
    }

    /** The SDK's attribute value of one {@link #wireValue}. */
    @SuppressWarnings("unchecked")
    private static AttributeValue attribute(Object wire) {
        if (!(wire instanceof Map)) {
            throw new IllegalArgumentException("a value not known yet cannot be sent: " + wire);
        }
        Map.Entry<String, Object> typed = ((Map<String, Object>) wire).entrySet().iterator().next();
        Object v = typed.getValue();
        switch (typed.getKey()) {
            case "NULL": return AttributeValue.builder().nul(true).build();
            case "BOOL": return AttributeValue.builder().bool((Boolean) v).build();
            case "N": return AttributeValue.builder().n((String) v).build();
            case "L": {
                List<AttributeValue> l = new ArrayList<>();
                ((List<Object>) v).forEach(o -> l.add(attribute(o)));
                return AttributeValue.builder().l(l).build();
            }
            case "M": {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                ((Map<String, Object>) v).forEach((k, o) -> m.put(k, attribute(o)));
                return AttributeValue.builder().m(m).build();
            }
            default: return AttributeValue.builder().s((String) v).build();
        }
    }

    /** An item as plain values, attributes sorted by name (so that two items compare and print alike). */
    static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> m = new TreeMap<>();
        if (item != null) {
            item.forEach((k, v) -> m.put(k, plain(v)));
        }
        return m;
    }

    static Object plain(AttributeValue v) {
        if (v == null || Boolean.TRUE.equals(v.nul())) {
            return null;
        }
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.bool() != null) {
            return v.bool();
        }
        if (v.b() != null) {
            return base64(v.b());
        }
        if (v.hasL()) {
            List<Object> l = new ArrayList<>();
            v.l().forEach(o -> l.add(plain(o)));
            return l;
        }
        if (v.hasM()) {
            return plain(v.m());
        }
        if (v.hasSs()) {
            return List.copyOf(v.ss());
        }
        if (v.hasNs()) {
            List<Object> l = new ArrayList<>();
            v.ns().forEach(n -> l.add(number(n)));
            return l;
        }
        if (v.hasBs()) {
            List<Object> l = new ArrayList<>();
            v.bs().forEach(b -> l.add(base64(b)));
            return l;
        }
        return null;
    }

    private static Object number(String n) {
        BigDecimal d = new BigDecimal(n);
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            return d.doubleValue();
        }
    }

    private static String base64(SdkBytes b) {
        return Base64.getEncoder().encodeToString(b.asByteArray());
    }
}
