package dev.runbook.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What an action returns: named values (plain Java values) and the names of those that are secret. */
public record Outputs(Map<String, Object> values, Set<String> secret) {

    public static final Outputs NONE = new Outputs(Map.of(), Set.of());

    public Outputs {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secret = Collections.unmodifiableSet(new LinkedHashSet<>(secret));
    }

    public static Outputs of(Map<String, Object> values) {
        return new Outputs(values, Set.of());
    }

    public Object get(String name) {
        return values.get(name);
    }
}
