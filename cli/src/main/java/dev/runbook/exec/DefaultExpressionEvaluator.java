package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.model.Location;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor's expressions on the runbook expression language ({@link Expressions}, {@link Template}), compiling
 * each string once per run and keeping it (a {@code wait} evaluates its {@code until} many times).
 */
public final class DefaultExpressionEvaluator implements ExpressionEvaluator {
    private final Expressions expressions;
    private final Map<Key, Template> compiled = new ConcurrentHashMap<>();

    private DefaultExpressionEvaluator(Expressions expressions) {
        this.expressions = expressions;
    }

    /** Functions such as {@code now()} read the given clock. */
    public static DefaultExpressionEvaluator withClock(Clock clock) {
        return new DefaultExpressionEvaluator(Expressions.withClock(clock));
    }

    @Override
    public Object template(String text, Location location, Map<String, Object> scope) throws ExpressionException {
        if (text == null || !Template.hasExpression(text)) {
            return text;
        }
        return expressions.evaluate(compile(text, location, false), scope);
    }

    @Override
    public Object condition(String text, Location location, Map<String, Object> scope) throws ExpressionException {
        return expressions.evaluate(compile(text, location, true), scope);
    }

    @Override
    public Set<Reference> references(String text, Location location, boolean condition) throws ExpressionException {
        if (!condition && (text == null || !Template.hasExpression(text))) {
            return Set.of();
        }
        return compile(text, location, condition).references();
    }

    private Template compile(String text, Location location, boolean condition) throws ExpressionException {
        Key key = new Key(text, location, condition);
        Template t = compiled.get(key);
        if (t == null) {
            t = condition ? Template.condition(text, location) : Template.parse(text, location);
            compiled.putIfAbsent(key, t);
        }
        return t;
    }

    private record Key(String text, Location location, boolean condition) {
        Key {
            Objects.requireNonNull(text);
        }
    }
}
