package dev.runbook.graph;

import dev.runbook.model.Confirm;
import dev.runbook.model.Located;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.Objectives;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.model.Undo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds runbook models in tests without the YAML parser. Every located value gets a line of its own, in the order
 * the builder is called, so tests can read exact locations back from the model.
 */
public final class TestRunbook {
    public static final String FILE = "test.yaml";

    private int line = 1;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private Objectives objectives = Objectives.NONE;

    public static TestRunbook runbook() {
        return new TestRunbook();
    }

    /** A runbook of steps that only have ids and (when given) needs: {@code "b<-a,c"}, {@code "c<-"} for []. */
    public static Runbook ofSteps(String... specs) {
        TestRunbook rb = runbook();
        for (String spec : specs) {
            int arrow = spec.indexOf("<-");
            String id = arrow < 0 ? spec : spec.substring(0, arrow);
            rb.step(id, s -> {
                s.action("noop");
                if (arrow >= 0) {
                    String rest = spec.substring(arrow + 2);
                    s.needs(rest.isEmpty() ? new String[0] : rest.split(","));
                }
            });
        }
        return rb.build();
    }

    Location next(int column) {
        return new Location(FILE, line++, column);
    }

    public TestRunbook param(String name, ParamType type, Consumer<ParamBuilder> body) {
        ParamBuilder p = new ParamBuilder(name, type, next(3));
        body.accept(p);
        parameters.put(name, p.build());
        return this;
    }

    public TestRunbook param(String name, ParamType type) {
        return param(name, type, p -> { });
    }

    public TestRunbook rpoFrom(String expression) {
        objectives = new Objectives(next(1), null, null, new Located<>(expression, next(12)));
        return this;
    }

    public TestRunbook step(String id, Consumer<StepBuilder> body) {
        StepBuilder s = new StepBuilder(id);
        body.accept(s);
        steps.add(s.build());
        return this;
    }

    public Runbook build() {
        return new Runbook(FILE, new Location(FILE, 1, 1), 1, "test-runbook", "Test", null, objectives,
                parameters, steps);
    }

    /** Plain Java values to located nodes; strings starting with a quote-free form are unquoted scalars. */
    Node node(Object value) {
        if (value instanceof Node) {
            return (Node) value;
        }
        Location at = next(9);
        if (value instanceof Map) {
            List<Node.Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                Location keyAt = next(7);
                line--;
                entries.add(new Node.Entry(String.valueOf(e.getKey()), keyAt, node(e.getValue())));
            }
            return new Node.Mapping(at, entries);
        }
        if (value instanceof List) {
            List<Node> items = new ArrayList<>();
            for (Object o : (List<?>) value) {
                items.add(node(o));
            }
            return new Node.Sequence(at, items);
        }
        Object v = value instanceof Integer ? Long.valueOf((Integer) value) : value;
        return new Node.Scalar(at, v, v instanceof String);
    }

    /** Builds one parameter. */
    public final class ParamBuilder {
        private final String name;
        private final ParamType type;
        private final Location at;
        private boolean required;
        private Node defaultValue;
        private String pattern;
        private List<Object> allowed = List.of();
        private boolean secret;

        ParamBuilder(String name, ParamType type, Location at) {
            this.name = name;
            this.type = type;
            this.at = at;
        }

        public ParamBuilder required() {
            required = true;
            return this;
        }

        public ParamBuilder defaultValue(Object value) {
            defaultValue = node(value);
            return this;
        }

        public ParamBuilder pattern(String regex) {
            pattern = regex;
            return this;
        }

        public ParamBuilder allowed(Object... values) {
            List<Object> out = new ArrayList<>();
            for (Object v : values) {
                out.add(v instanceof Integer ? Long.valueOf((Integer) v) : v);
            }
            allowed = out;
            return this;
        }

        public ParamBuilder secret() {
            secret = true;
            return this;
        }

        Parameter build() {
            return new Parameter(at, name, type, required, defaultValue, pattern, allowed, secret, null);
        }
    }

    /** Builds one step; fields come out on consecutive lines in the order set. */
    public final class StepBuilder {
        private final Location at;
        private final Located<String> id;
        private String title;
        private Located<String> action;
        private Node.Mapping with;
        private List<Located<String>> needs;
        private Located<String> condition;
        private Located<String> check;
        private Confirm confirm = Confirm.NONE;
        private Located<String> timeout;
        private Undo undo;
        private OnFailure onFailure = OnFailure.ABORT;
        private String instructions;
        private Node.Mapping outputs;

        StepBuilder(String id) {
            this.at = next(3);
            line--;
            this.id = new Located<>(id, next(9));
        }

        public StepBuilder title(String text) {
            title = text;
            line++;
            return this;
        }

        public StepBuilder action(String name) {
            action = new Located<>(name, next(13));
            return this;
        }

        /** {@code with} from alternating keys and values. */
        public StepBuilder with(Object... keysAndValues) {
            with = mapping(keysAndValues);
            return this;
        }

        public StepBuilder needs(String... ids) {
            List<Located<String>> out = new ArrayList<>();
            line++;
            for (String need : ids) {
                out.add(new Located<>(need, next(9)));
            }
            needs = out;
            return this;
        }

        public StepBuilder when(String expression) {
            condition = new Located<>(expression, next(9));
            return this;
        }

        public StepBuilder check(String expression) {
            check = new Located<>(expression, next(12));
            return this;
        }

        public StepBuilder confirmYes() {
            confirm = new Confirm.YesNo(next(14));
            return this;
        }

        public StepBuilder confirmTyped(String value) {
            Location at = next(14);
            confirm = new Confirm.Typed(at, new Located<>(value, new Location(FILE, at.line(), at.column() + 8)));
            return this;
        }

        public StepBuilder timeout(String value) {
            timeout = new Located<>(value, next(14));
            return this;
        }

        public StepBuilder undo(String actionName, Object... keysAndValues) {
            Location at = next(5);
            Located<String> a = new Located<>(actionName, next(15));
            undo = new Undo(at, a, mapping(keysAndValues));
            return this;
        }

        public StepBuilder onFailure(OnFailure value) {
            onFailure = value;
            line++;
            return this;
        }

        public StepBuilder instructions(String text) {
            instructions = text;
            line++;
            return this;
        }

        public StepBuilder outputs(Object... keysAndValues) {
            outputs = mapping(keysAndValues);
            return this;
        }

        private Node.Mapping mapping(Object... keysAndValues) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return (Node.Mapping) node(m);
        }

        Step build() {
            Located<String> a = action == null ? new Located<>("noop", at) : action;
            return new Step(at, id, title, a, with == null ? Node.Mapping.empty(at) : with, needs, condition, check,
                    confirm, timeout, Retry.NONE, onFailure, undo, instructions,
                    outputs == null ? Node.Mapping.empty(at) : outputs, null);
        }
    }
}
