package dev.runbook.expr;

import dev.runbook.model.Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A string from a runbook that may contain {@code ${{ }}} parts, each compiled once. A template that is exactly
 * one expression keeps the expression's type when evaluated; any other template evaluates to text.
 */
public final class Template {
    private final String source;
    private final Location location;
    private final List<Object> parts;
    private final List<CompiledExpression> expressions;
    private final boolean single;

    private Template(String source, Location location, List<Object> parts, boolean single) {
        this.source = source;
        this.location = location;
        this.parts = Collections.unmodifiableList(parts);
        List<CompiledExpression> exprs = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof CompiledExpression) {
                exprs.add((CompiledExpression) p);
            }
        }
        this.expressions = List.copyOf(exprs);
        this.single = single;
    }

    /** Finds the {@code ${{ }}} delimiters (quotes inside respected) and compiles each expression. */
    public static Template parse(String text, Location location) throws ExpressionException {
        List<Lexical.Part> split;
        try {
            split = Lexical.split(text);
        } catch (Lexical.LexicalError e) {
            throw new ExpressionException("text '" + text + "': " + e.getMessage(), text, location, null);
        }
        List<Object> parts = new ArrayList<>();
        for (Lexical.Part p : split) {
            parts.add(p.isExpression() ? Expressions.shared().compile(p.expression(), location) : p.literal());
        }
        boolean single = parts.size() == 1 && parts.get(0) instanceof CompiledExpression;
        return new Template(text, location, parts, single);
    }

    /** Whether a string contains a {@code ${{} opening. */
    public static boolean hasExpression(String text) {
        return Lexical.hasExpression(text);
    }

    /** Expression source for a condition/check field: accepts both "${{ a > 1 }}" and a bare "a > 1". */
    public static Template condition(String text, Location location) throws ExpressionException {
        if (hasExpression(text)) {
            Template t = parse(text.strip(), location);
            if (!t.isSingleExpression()) {
                throw new ExpressionException("condition '" + text + "' must be one expression: write it as "
                        + "'${{ ... }}' with nothing around it, or without ${{ }}", text, location);
            }
            return t;
        }
        if (text == null || text.isBlank()) {
            throw new ExpressionException("the condition is empty", text, location);
        }
        CompiledExpression e = Expressions.shared().compile(text.strip(), location);
        return new Template(text, location, new ArrayList<>(List.of(e)), true);
    }

    public String source() {
        return source;
    }

    public Location location() {
        return location;
    }

    /** True when the text has no {@code ${{ }}} at all. */
    public boolean isLiteral() {
        return expressions.isEmpty();
    }

    /** True when the text is exactly one {@code ${{ }}} with nothing around it (then it keeps its type). */
    public boolean isSingleExpression() {
        return single;
    }

    public List<CompiledExpression> expressions() {
        return expressions;
    }

    /** Every name path read by any of the expressions. */
    public Set<Reference> references() {
        Set<Reference> all = new LinkedHashSet<>();
        for (CompiledExpression e : expressions) {
            all.addAll(e.references());
        }
        return Collections.unmodifiableSet(all);
    }

    /** Literal strings and compiled expressions, in order. */
    public List<Object> parts() {
        return parts;
    }

    @Override
    public String toString() {
        return source;
    }
}
