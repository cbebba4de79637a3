package dev.runbook.expr;

import dev.runbook.model.Location;

/**
 * An expression that does not parse, reaches outside the sandbox, or fails while evaluating. The message names the
 * expression; {@code location} points at it in the runbook when known.
 */
public class ExpressionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Location location;
    private final String expression;

    public ExpressionException(String message, String expression, Location location) {
        super(message);
        this.expression = expression;
        this.location = location;
    }

    public ExpressionException(String message, String expression, Location location, Throwable cause) {
        super(message, cause);
        this.expression = expression;
        this.location = location;
    }

    public Location location() {
        return location;
    }

    public String expression() {
        return expression;
    }
}
