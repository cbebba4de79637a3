package dev.runbook.exec;

import dev.runbook.expr.Unknown;
import java.util.AbstractMap;
import java.util.Set;

/**
 * The outputs of a step that was not applied (dry-run, preflight): every name is present and reads as an
 * {@link Unknown} labelled {@code steps.<id>.outputs.<name>}, so later steps render {@code <steps.x.outputs.y>}.
 */
final class UnknownOutputs extends AbstractMap<String, Object> {
    private final String stepId;

    UnknownOutputs(String stepId) {
        this.stepId = stepId;
    }

    @Override
    public Object get(Object key) {
        return new Unknown("steps." + stepId + ".outputs." + key);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String;
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        return get(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "<steps." + stepId + ".outputs>";
    }
}
