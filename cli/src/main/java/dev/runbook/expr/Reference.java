package dev.runbook.expr;

import java.util.List;

/**
 * A name path an expression reads, e.g. {@code [steps, pitr-check, outputs, status]} or {@code [params, table]}.
 * Index and computed accesses end the path.
 */
public record Reference(List<String> path) {
    public Reference {
        path = List.copyOf(path);
    }

    public String root() {
        return path.get(0);
    }

    @Override
    public String toString() {
        return String.join(".", path);
    }
}
