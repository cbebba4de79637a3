package dev.runbook.expr;

import dev.runbook.model.Location;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.jexl3.JexlScript;

/**
 * One {@code ${{ }}} expression, parsed and checked against the sandbox, ready to evaluate any number of times
 * (thread-safe). {@link #source()} is the text as the runbook wrote it; {@link #references()} the name paths it
 * reads, such as {@code steps.pitr-check.outputs.status}.
 */
public final class CompiledExpression {
    private final String source;
    private final Location location;
    /** Parses the script: given at once, or, for a plain name path, on first evaluation. */
    private final Supplier<JexlScript> parser;
    private volatile JexlScript script;
    private final Set<Reference> references;

    CompiledExpression(String source, Location location, Supplier<JexlScript> parser, Set<Reference> references) {
        this.source = source;
        this.location = location;
        this.parser = parser;
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
        JexlScript s = script;
        if (s == null) {
            s = parser.get(); // two threads may both parse: the same script either way
            script = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return "${{ " + source + " }}";
    }
}
