package dev.runbook.expr;

import dev.runbook.model.Location;
import java.util.Set;
import org.apache.commons.jexl3.JexlScript;

/**
 * One {@code ${{ }}} expression, parsed and checked against the sandbox, ready to evaluate any number of times
 * (thread-safe). {@link #source()} is the text as the runbook wrote it; {@link #references()} the name paths it
 * reads, such as {@code steps.pitr-check.outputs.status}.
 */
public final class CompiledExpression {
    private final String source;
    private final Location location;
    private final JexlScript script;
    private final Set<Reference> references;

    CompiledExpression(String source, Location location, JexlScript script, Set<Reference> references) {
        this.source = source;
        this.location = location;
        this.script = script;
        this.references = references;
    }

    public String source() {
        return source;
    }

    public Location location() {
        return location;
    }

    /** The name paths read, in the order JEXL found them; index and computed accesses end a path. */
    public Set<Reference> references() {
        return references;
    }

    JexlScript script() {
        return script;
    }

    @Override
    public String toString() {
        return "${{ " + source + " }}";
    }
}
