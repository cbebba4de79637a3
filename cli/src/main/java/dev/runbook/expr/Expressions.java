package dev.runbook.expr;

import dev.runbook.model.Location;
import dev.runbook.model.Node;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.internal.introspection.Uberspect;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.commons.jexl3.introspection.JexlSandbox;
import org.apache.commons.jexl3.introspection.JexlUberspect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.impl.NoOpLog;

/**
 * Compiles and evaluates runbook {@code ${{ }}} expressions on a sandboxed Apache Commons JEXL engine: no method
 * calls, no object creation, no assignments, loops or lambdas; only maps, lists and {@link ExpressionFunctions}
 * are reachable. Thread-safe; one shared instance, or one per clock for tests.
 */
public final class Expressions {

    /** Runbook function names and the Java methods of {@link ExpressionFunctions} they are rewritten to. */
    private static final Map<String, String> FUNCTIONS = functionTable();
    /**
     * JEXL's own functions that runbooks may call as they are: none. JEXL's size() and empty() answer 0 and true
     * for an argument that fails (a sandbox refusal included), so runbooks' size and empty are functions of ours.
     */
    private static final Set<String> BUILTINS = Set.of();
    private static final Map<String, String> RUNBOOK_NAME_OF = reverse(FUNCTIONS);
    private static final JexlEngine ENGINE = engine();
    private static final Expressions SHARED = new Expressions(Clock.systemUTC());
    private static final Pattern FEATURE = Pattern.compile("(?:@\\d+:\\d+ )?(.+?) error in '");

    private final ExpressionFunctions functions;

    private Expressions(Clock clock) {
        this.functions = new ExpressionFunctions(clock);
    }

    /** The instance used by the engine; {@code now()} reads the system clock. */
    public static Expressions shared() {
        return SHARED;
    }

    /** An instance whose {@code now()} reads the given clock (expressions compiled by any instance work here). */
    public static Expressions withClock(Clock clock) {
        return new Expressions(clock);
    }

    /** The function names runbooks may call, as they write them ({@code format-time}, {@code size}...). */
    public static Set<String> functionNames() {
        Set<String> names = new LinkedHashSet<>(FUNCTIONS.keySet());
        return Collections.unmodifiableSet(names);
    }

    private static Map<String, String> functionTable() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : List.of("now", "format-time", "duration", "seconds-between", "add-time", "lower", "upper",
                "trim", "contains", "starts-with", "ends-with", "replace", "to-int", "to-number", "to-string", "json",
                "join")) {
            m.put(name, camel(name));
        }
        // 'default', 'size' and 'empty' are JEXL words, so they need Java names of their own.
        m.put("default", "defaultTo");
        m.put("size", "sizeOf");
        m.put("empty", "isEmpty");
        return Collections.unmodifiableMap(m);
    }

    private static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static Map<String, String> reverse(Map<String, String> m) {
        Map<String, String> r = new HashMap<>();
        m.forEach((k, v) -> r.put(v, k));
        return Collections.unmodifiableMap(r);
    }

    private static JexlEngine engine() {
        JexlFeatures features = new JexlFeatures()
                .sideEffect(false)
                .sideEffectGlobal(false)
                .loops(false)
                .lambda(false)
                .newInstance(false)
                .methodCall(false)
                .script(false)
                .importPragma(false)
                .namespacePragma(false)
                .annotation(false)
                .register(false)
                .pragma(false);
        // RESTRICTED keeps java.lang.reflect, System, Runtime, class loaders and I/O out; getClass() is denied on
        // top. ClassPermissions is what makes our functions class callable through the namespace.
        JexlPermissions permissions = new JexlPermissions.ClassPermissions(
                JexlPermissions.RESTRICTED.compose("java.lang { Object { getClass(); } }"),
                List.of(ExpressionFunctions.class.getName()));
        // Deny by default, inherited by subclasses: only maps, lists and the functions can be touched at all.
        JexlSandbox sandbox = new JexlSandbox(false, true);
        sandbox.allow(Map.class.getName());
        sandbox.allow(List.class.getName());
        sandbox.allow(ExpressionFunctions.class.getName());
        // JEXL looks the default namespace up under the null key (the empty string is not it); a HashMap allows it.
        Map<String, Object> namespaces = new HashMap<>();
        namespaces.put(null, new ExpressionFunctions(Clock.systemUTC()));
        // An explicit logger and an explicit uberspect keep JEXL from starting commons-logging (and through it SLF4J
        // and logback, about 0.1 s of a cold start): given only a logger, JEXL still calls LogFactory.getLog to compare
        // it with its default. Errors reach users as ExpressionException, never through a log.
        Log quiet = new NoOpLog();
        return new JexlBuilder()
                .logger(quiet)
                .arithmetic(new RunbookArithmetic(true))
                .uberspect(new Uberspect(quiet, JexlUberspect.MAP_STRATEGY, permissions))
                .features(features)
                .permissions(permissions)
                .sandbox(sandbox)
                // Map keys before getters: params.class is the map entry 'class', never getClass().
                .strategy(JexlUberspect.MAP_STRATEGY)
                .namespaces(namespaces)
                .strict(true)
                .silent(false)
                .safe(false)
                .cache(1024)
                .create();
    }

    /** Compiles one expression, written without {@code ${{ }}}; parse errors and sandbox violations throw. */
    public CompiledExpression compile(String source, Location location) throws ExpressionException {
        String src = source == null ? "" : source.strip();
        if (src.isEmpty()) {
            throw new ExpressionException("the expression is empty", source, location);
        }
        Lexical.Normalized normalized;
        try {
            normalized = Lexical.normalize(src, FUNCTIONS, BUILTINS);
        } catch (Lexical.LexicalError e) {
            throw new ExpressionException("expression '" + src + "' is not valid: " + e.getMessage(), src, location);
        }
        List<String> plain = Lexical.plainPath(normalized.text(), BUILTINS);
        if (plain != null) {
            // Most runbook expressions are a plain name path (params.table, steps.restore.outputs.arn): its one
            // reference is known without JEXL, and JEXL parses it on first evaluation. A cold `validate` spent a
            // third of its time in JEXL's parser, interpreted (docs/performance.md).
            String text = normalized.text();
            return new CompiledExpression(src, location, () -> ENGINE.createScript(new JexlInfo("expression", 1, 1), text),
                    Set.of(new Reference(plain)));
        }
        JexlScript script = parse(src, location, normalized);
        Set<Reference> refs = new LinkedHashSet<>();
        try {
            for (List<String> path : script.getVariables()) {
                if (!path.isEmpty()) {
                    refs.add(new Reference(path));
                }
            }
            // A script that reads a variable has a value; only one that reads none can be empty (';' or a comment).
            // getParsedText() renders the script again, a measurable part of a cold validate: asked only then.
            if (refs.isEmpty() && (script.getParsedText() == null || script.getParsedText().isBlank())) {
                throw new ExpressionException("expression '" + src + "' does not parse: it has no value", src,
                        location);
            }
        } catch (StackOverflowError e) {
            // JEXL walks the tree recursively: a long chain of unary operators ('!!!!...') parses but is too deep
            throw tooDeep(src, location);
        }
        return new CompiledExpression(src, location, () -> script, Collections.unmodifiableSet(refs));
    }

    private JexlScript parse(String src, Location location, Lexical.Normalized normalized) throws ExpressionException {
        try {
            return ENGINE.createScript(new JexlInfo("expression", 1, 1), normalized.text());
        } catch (JexlException.Feature e) {
            throw new ExpressionException("expression '" + src + "' is not allowed: " + feature(e) + " at column "
                    + column(e, normalized), src, location);
        } catch (JexlException e) {
            throw new ExpressionException("expression '" + src + "' does not parse: " + parseDetail(e, src, normalized),
                    src, location);
        } catch (StackOverflowError e) {
            throw tooDeep(src, location);
        }
    }

    /**
     * Evaluates an expression in a scope ({@code params}, {@code steps}, {@code run}, {@code outputs}). When any
     * reference reaches an {@link Unknown}, the result is an Unknown named after that reference, and JEXL is not
     * called. A name missing from the scope is an error.
     */
    public Object evaluate(CompiledExpression e, Map<String, Object> scope) throws ExpressionException {
        for (Reference ref : e.references()) {
            Object unknown = lookUp(e, ref, scope);
            if (unknown != null) {
                Object map = mapOfUnknowns(e, scope);
                return map != null ? map : unknown;
            }
        }
        Limits.startEvaluation();
        try {
            return Values.plain(e.script().execute(new ScopeContext(scope, functions)));
        } catch (JexlException ex) {
            throw new ExpressionException("expression '" + e.source() + "' failed: " + runtimeDetail(ex),
                    e.source(), e.location(), ex);
        } catch (RuntimeException ex) {
            throw new ExpressionException("expression '" + e.source() + "' failed: " + plainCause(ex),
                    e.source(), e.location(), ex);
        } catch (StackOverflowError ex) {
            throw tooDeep(e.source(), e.location());
        } finally {
            Limits.endEvaluation();
        }
    }

    /**
     * A map literal that reads values not known yet keeps its keys: {@code {tableName: <steps.restore.outputs.table>}}
     * rather than one Unknown, as the same map written in YAML would, so that a dry-run shows which keys change. Null
     * when the expression is not one map literal or a key is itself unknown.
     */
    private Object mapOfUnknowns(CompiledExpression e, Map<String, Object> scope) throws ExpressionException {
        List<String[]> entries = MapLiteral.entries(e.source());
        if (entries == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (String[] entry : entries) {
            Object key = evaluate(compile(entry[0], e.location()), scope);
            if (key == null || key instanceof Unknown) {
                return null;
            }
            map.put(Values.toText(key), evaluate(compile(entry[1], e.location()), scope));
        }
        return map;
    }

    private static ExpressionException tooDeep(String src, Location location) {
        return new ExpressionException("expression '" + src + "' is nested too deeply to evaluate (at most "
                + Limits.MAX_NESTING + " levels of brackets and operators)", src, location);
    }

    /** A single-expression template keeps its type; any other template is text (see {@link Values#toText}). */
    public Object evaluate(Template t, Map<String, Object> scope) throws ExpressionException {
        if (t.isLiteral()) {
            return t.source();
        }
        if (t.isSingleExpression()) {
            return evaluate(t.expressions().get(0), scope);
        }
        StringBuilder out = new StringBuilder();
        for (Object part : t.parts()) {
            if (part instanceof CompiledExpression) {
                out.append(Values.toText(evaluate((CompiledExpression) part, scope)));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** Renders a whole {@code with} tree to plain values: every string is a template; map keys stay as written. */
    public Object render(Node node, Map<String, Object> scope) throws ExpressionException {
        if (node == null) {
            return null;
        }
        if (node instanceof Node.Scalar) {
            Object v = ((Node.Scalar) node).value();
            if (v instanceof String && Template.hasExpression((String) v)) {
                return evaluate(Template.parse((String) v, node.location()), scope);
            }
            return v;
        }
        if (node instanceof Node.Sequence) {
            List<Object> out = new ArrayList<>();
            for (Node item : ((Node.Sequence) node).items()) {
                out.add(render(item, scope));
            }
            return Collections.unmodifiableList(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Node.Entry entry : ((Node.Mapping) node).entries()) {
            out.put(entry.key(), render(entry.value(), scope));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Walks a reference through the scope: returns an Unknown when it reaches one, null when the path resolves or
     * leaves maps (then JEXL takes over), and throws when a map lacks the next name.
     */
    private static Object lookUp(CompiledExpression e, Reference ref, Map<String, Object> scope)
            throws ExpressionException {
        List<String> path = ref.path();
        if (!scope.containsKey(path.get(0))) {
            throw new ExpressionException("expression '" + e.source() + "' failed: '" + path.get(0)
                    + "' is not defined here (available: " + String.join(", ", scope.keySet()) + ")",
                    e.source(), e.location());
        }
        Object current = scope.get(path.get(0));
        for (int i = 1; i < path.size(); i++) {
            if (current instanceof Unknown) {
                return new Unknown(ref.toString());
            }
            String name = path.get(i);
            if (current instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) current;
                if (!map.containsKey(name)) {
                    String at = String.join(".", path.subList(0, i));
                    throw new ExpressionException("expression '" + e.source() + "' failed: '" + ref + "' is not defined"
                            + " (" + at + " has no '" + name + "')", e.source(), e.location());
                }
                current = map.get(name);
            } else if (current instanceof List && name.matches("\\d{1,9}")) {
                List<?> list = (List<?>) current;
                int index = Integer.parseInt(name);
                if (index >= list.size()) {
                    return null;
                }
                current = list.get(index);
            } else {
                return null;
            }
        }
        return current instanceof Unknown ? new Unknown(ref.toString()) : null;
    }

    private static int column(JexlException e, Lexical.Normalized normalized) {
        JexlInfo info = e.getInfo();
        return info == null ? 1 : normalized.originalColumn(info.getColumn());
    }

    private static String feature(JexlException.Feature e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = FEATURE.matcher(message);
        String what = m.find() ? m.group(1).trim() : "this construct";
        if (what.contains("assign")) {
            return "assignments";
        }
        if (what.contains("method call")) {
            return "method calls (use a function, see docs/expressions.md)";
        }
        if (what.contains("create instance")) {
            return "creating objects";
        }
        if (what.contains("pragma")) {
            return "pragmas";
        }
        if (what.equals("function")) {
            return "lambdas and function definitions";
        }
        if (what.contains("loop")) {
            return "loops";
        }
        if (what.contains("annotation")) {
            return "annotations";
        }
        if (what.contains("local var")) {
            return "variables";
        }
        return what;
    }

    private static String parseDetail(JexlException e, String src, Lexical.Normalized normalized) {
        int col = column(e, normalized);
        String token = e.getDetail();
        if (e instanceof JexlException.Ambiguous) {
            return "two values with no operator between them at column " + col;
        }
        if (token == null || token.isBlank()) {
            return "at column " + col;
        }
        String denormalized = denormalize(token);
        if (src.endsWith(denormalized) && col >= src.length() - denormalized.length() + 1) {
            return "unexpected end after '" + denormalized + "' at column " + (src.length() + 1);
        }
        return "unexpected '" + denormalized + "' at column " + col;
    }

    private static String denormalize(String token) {
        String t = token;
        for (Map.Entry<String, String> f : RUNBOOK_NAME_OF.entrySet()) {
            if (t.equals(f.getKey())) {
                return f.getValue();
            }
        }
        return t;
    }

    private static String runtimeDetail(JexlException ex) {
        Throwable cause = rootCause(ex);
        if (cause instanceof NumberFormatException) {
            // The value itself is left out: it may be a secret parameter.
            return "a text that is not a number is used as a number";
        }
        if (cause instanceof RunbookArithmetic.NumberOverflow) {
            return cause.getMessage();
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (cause instanceof JexlArithmetic.NullOperand) {
            return "a value used with '" + detail(ex).replace(" error", "") + "' is null";
        }
        if (cause instanceof ArithmeticException) {
            String m = String.valueOf(cause.getMessage());
            if (m.equals("/") || m.equals("%") || m.contains("by zero")) {
                return "division by zero";
            }
            int p = m.indexOf(":(");
            if (m.startsWith("Object comparison") && p >= 0) {
                return "cannot compare values of different types (e.g. text with a number)";
            }
            return "the operator '" + detail(ex).replace(" error", "") + "' does not apply to these values";
        }
        if (cause instanceof IndexOutOfBoundsException) {
            return "index " + detail(ex) + " is out of range";
        }
        if (ex instanceof JexlException.Variable) {
            return "'" + ((JexlException.Variable) ex).getVariable() + "' is not defined here";
        }
        if (ex instanceof JexlException.Property) {
            return "'" + detail(ex) + "' cannot be read here (only entries of maps and lists can)";
        }
        if (ex instanceof JexlException.Method) {
            String method = ((JexlException.Method) ex).getMethod();
            String name = RUNBOOK_NAME_OF.getOrDefault(method, method);
            return "function '" + name + "' cannot take these arguments (see docs/expressions.md)";
        }
        if (ex instanceof JexlException.Operator) {
            return "operator '" + detail(ex) + "' cannot be applied to these values";
        }
        String d = detail(ex);
        if (d.contains("null")) {
            return "a value used is null";
        }
        return d.isBlank() ? "it cannot be evaluated" : d;
    }

    private static String detail(JexlException ex) {
        String d = ex.getDetail();
        return d == null ? "" : d;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String plainCause(RuntimeException ex) {
        Throwable c = rootCause(ex);
        return c.getMessage() == null ? "it cannot be evaluated" : c.getMessage();
    }

    /** A read-only view of the scope that also supplies this instance's functions as the default namespace. */
    private static final class ScopeContext implements JexlContext, JexlContext.NamespaceResolver {
        private final Map<String, Object> scope;
        private final ExpressionFunctions functions;

        ScopeContext(Map<String, Object> scope, ExpressionFunctions functions) {
            this.scope = scope;
            this.functions = functions;
        }

        @Override
        public Object get(String name) {
            return scope.get(name);
        }

        @Override
        public void set(String name, Object value) {
            throw new UnsupportedOperationException("expressions cannot assign");
        }

        @Override
        public boolean has(String name) {
            return scope.containsKey(name);
        }

        @Override
        public Object resolveNamespace(String name) {
            return name == null ? functions : null;
        }
    }
}
