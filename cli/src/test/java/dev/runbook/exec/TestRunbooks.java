package dev.runbook.exec;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds runbooks in code for executor tests, as the parser would (every node located in "test.yaml"). */
final class TestRunbooks {
    static final String FILE = "test.yaml";

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    static TestRunbooks runbook() {
        return new TestRunbooks();
    }

    TestRunbooks param(String name, boolean secret) {
        parameters.put(name, new Parameter(at(), name, ParamType.STRING, false, null, null, List.of(), secret, null));
        return this;
    }

    TestRunbooks step(StepBuilder s) {
        steps.add(s.build());
        return this;
    }

    Runbook build() {
        return new Runbook(FILE, at(), 1, "test-runbook", "A test runbook", null, Objectives.NONE, parameters, steps);
    }

    static StepBuilder step(String id, String action) {
        return new StepBuilder(id, action);
    }

    static Location at() {
        return new Location(FILE, 1, 1);
    }

    static <T> Located<T> located(T value) {
        return new Located<>(value, at());
    }

    /** A YAML node for a plain value: strings, numbers, booleans, lists and maps. */
    static Node node(Object value) {
        if (value instanceof Map) {
            List<Node.Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                entries.add(new Node.Entry(String.valueOf(e.getKey()), at(), node(e.getValue())));
            }
            return new Node.Mapping(at(), entries);
        }
        if (value instanceof List) {
            List<Node> items = new ArrayList<>();
            for (Object o : (List<?>) value) {
                items.add(node(o));
            }
            return new Node.Sequence(at(), items);
        }
        return new Node.Scalar(at(), value, value instanceof String);
    }

    static Node.Mapping mapping(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (Node.Mapping) node(map);
    }

    /** One step, with the parser's defaults for everything not set. */
    static final class StepBuilder {
        private final String id;
        private final String action;
        private String title;
        private Node.Mapping with = Node.Mapping.empty(at());
        private List<Located<String>> needs;
        private Located<String> condition;
        private Located<String> check;
        private Confirm confirm = Confirm.NONE;
        private Located<String> timeout;
        private Retry retry = Retry.NONE;
        private OnFailure onFailure = OnFailure.ABORT;
        private Undo undo;
        private String instructions;
        private Node.Mapping outputs = Node.Mapping.empty(at());

        private StepBuilder(String id, String action) {
            this.id = id;
            this.action = action;
        }

        StepBuilder title(String t) {
            this.title = t;
            return this;
        }

        StepBuilder with(Object... keysAndValues) {
            this.with = mapping(keysAndValues);
            return this;
        }

        StepBuilder needs(String... ids) {
            this.needs = new ArrayList<>();
            for (String n : Arrays.asList(ids)) {
                this.needs.add(located(n));
            }
            return this;
        }

        StepBuilder when(String expression) {
            this.condition = located(expression);
            return this;
        }

        StepBuilder check(String expression) {
            this.check = located(expression);
            return this;
        }

        StepBuilder confirmYesNo() {
            this.confirm = new Confirm.YesNo(at());
            return this;
        }

        StepBuilder confirmTyped(String value) {
            this.confirm = new Confirm.Typed(at(), located(value));
            return this;
        }

        StepBuilder approvers(int count) {
            this.confirm = new Confirm.Approvers(at(), count);
            return this;
        }

        StepBuilder timeout(String t) {
            this.timeout = located(t);
            return this;
        }

        StepBuilder retry(int attempts, Duration delay, double backoff, Duration maxDelay) {
            this.retry = new Retry(at(), attempts, delay, backoff, maxDelay);
            return this;
        }

        StepBuilder onFailure(OnFailure f) {
            this.onFailure = f;
            return this;
        }

        StepBuilder undo(String undoAction, Object... keysAndValues) {
            this.undo = new Undo(at(), located(undoAction), mapping(keysAndValues));
            return this;
        }

        StepBuilder instructions(String text) {
            this.instructions = text;
            return this;
        }

        StepBuilder outputs(Object... keysAndValues) {
            this.outputs = mapping(keysAndValues);
            return this;
        }

        Step build() {
            return new Step(at(), located(id), title, located(action), with, needs, condition, check, confirm,
                    timeout, retry, onFailure, undo, instructions, outputs, null);
        }
    }
}
