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

    // Written out rather than left to the record: a record's generated equals and hashCode link through
    // invokedynamic on first use, which costs a cold `runbook validate` several milliseconds (docs/performance.md).
    @Override
    public boolean equals(Object o) {
        return o instanceof Reference && ((Reference) o).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return String.join(".", path);
    }
}
