package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Reference;
import dev.runbook.model.Location;
import java.util.Map;
import java.util.Set;

/**
 * The expression language as the executor uses it: templates ({@code "db-${{ params.env }}"}; a string that is one
 * whole {@code ${{ }}} keeps its type), conditions ({@code if}, {@code check}: with or without {@code ${{ }}}) and the
 * names an expression reads (to explain a failed check and to find inputs not known yet).
 */
public interface ExpressionEvaluator {

    /** Renders one string of a runbook in the given scope; text without {@code ${{ }}} comes back as it is. */
    Object template(String text, Location location, Map<String, Object> scope) throws ExpressionException;

    /** Evaluates a condition, written as {@code ${{ x }}} or bare {@code x}. */
    Object condition(String text, Location location, Map<String, Object> scope) throws ExpressionException;

    /** The name paths a template ({@code condition} false) or a condition reads. */
    Set<Reference> references(String text, Location location, boolean condition) throws ExpressionException;
}
