package dev.runbook.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value as written in a runbook, with its location: the form in which free-shaped data
 * (an action's {@code with} inputs, parameter defaults, {@code outputs}) is kept in the model, so that a
 * problem found later (a bad expression deep inside {@code with}) still points at its line and column.
 */
public sealed interface Node permits Node.Scalar, Node.Sequence, Node.Mapping {

    Location location();

    /** This node as plain Java values: String, Long, Double, Boolean, null, List and Map (insertion-ordered). */
    Object toPlain();

    /**
     * A scalar: {@code value} is a String, Long, Double, Boolean or null, as YAML typed it. {@code quoted} is
     * true when the text was quoted in the file (so {@code 'true'} stays a string).
     */
    record Scalar(Location location, Object value, boolean quoted) implements Node {
        @Override
        public Object toPlain() {
            return value;
        }

        public boolean isString() {
            return value instanceof String;
        }
    }

    /** A YAML sequence. */
    record Sequence(Location location, List<Node> items) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            for (Node n : items) {
                out.add(n.toPlain());
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** One key of a mapping, with where the key itself was written. */
    record Entry(String key, Location keyLocation, Node value) {
    }

    /** A YAML mapping, in the order written. Keys are unique (the reader reports duplicates). */
    record Mapping(Location location, List<Entry> entries) implements Node {
        public Mapping {
            entries = List.copyOf(entries);
        }

        public static Mapping empty(Location location) {
            return new Mapping(location, List.of());
        }

        public Entry entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        public Node get(String key) {
            Entry e = entry(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entry(key) != null;
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                out.put(e.key(), e.value().toPlain());
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
