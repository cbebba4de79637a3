package dev.runbook.check;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.ValueType;
import dev.runbook.exec.Redactor;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.expr.Timestamps;
import dev.runbook.graph.StepGraph;
import dev.runbook.graph.StepKinds;
import dev.runbook.model.Confirm;
import dev.runbook.model.Durations;
import dev.runbook.model.Located;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Objectives;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.params.ParameterBinder;
import dev.runbook.params.ParameterException;
import dev.runbook.util.Regex;
import dev.runbook.util.Suggestions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The static checks of a parsed runbook: step ids and {@code needs}, cycles, actions and their inputs, every
 * expression and the names it reads, parameter declarations, and warnings for what is legal but likely wrong (a
 * mutating step without {@code confirm}, a step that can never run, an unused parameter). All problems come out of
 * one pass, sorted by line then column; the work is linear in steps, edges and expression references.
 */
public final class RunbookChecker {
    private static final Set<String> ROOTS = Set.of("params", "steps", "run", "outputs");
    private static final List<String> RUN_FIELDS = List.of("id", "started", "dry");
    /** objectives.rpo-from is evaluated after the run, when the drill's incident start is known too. */
    private static final List<String> RPO_RUN_FIELDS = List.of("id", "started", "dry", "incidentStart");
    private static final String WAIT = "wait";

    /** What {@code constant} returns for an expression whose value is only known at run time. */
    private static final Object NOT_CONSTANT = new Object();

    private final ActionRegistry registry;
    private final Clock clock;
    /** Evaluates the expressions that read no name, with this checker's clock. */
    private final Expressions constants;
    private final boolean strict;

    /** A checker that knows the actions of this registry. */
    public RunbookChecker(ActionRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    /** As {@link #RunbookChecker(ActionRegistry)}, with the clock that relative timestamps ({@code now-10m}) use. */
    public RunbookChecker(ActionRegistry registry, Clock clock) {
        this(registry, clock, false);
    }

    private RunbookChecker(ActionRegistry registry, Clock clock, boolean strict) {
        this.registry = registry;
        this.clock = clock;
        this.constants = Expressions.withClock(clock);
        this.strict = strict;
    }

    /**
     * This checker with the checks of {@code validate --strict} too: warnings for what is legal and often right but
     * fragile (outputs of a conditional step read without guarding on its status, {@code ${{ }}} inside a
     * {@code shell: true} script).
     */
    public RunbookChecker strict() {
        return new RunbookChecker(registry, clock, true);
    }

    /** Errors and warnings, sorted by line then column; empty for a clean runbook. */
    public List<Problem> check(Runbook runbook) {
        return new Pass(runbook).run();
    }

    /** Where an expression sits, which decides what it may read. */
    private static final class Scope {
        final Step step;
        /** {@code outputs} names the step's own outputs (check, outputs mapping) or what an action polls. */
        final boolean outputsAllowed;
        /** Output names read through {@code outputs} are checked against this step's outputs. */
        final boolean outputsChecked;
        /** An undo runs after its own step, so it may read that step's outputs. */
        final boolean selfAllowed;

        Scope(Step step, boolean outputsAllowed, boolean outputsChecked, boolean selfAllowed) {
            this.step = step;
            this.outputsAllowed = outputsAllowed;
            this.outputsChecked = outputsChecked;
            this.selfAllowed = selfAllowed;
        }
    }

    /** One run of the checks over one runbook. */
    private final class Pass {
        /** An MTPD shorter than the RTO cannot be met by a recovery that meets its RTO (ISO 22301: RTO < MTPD). */
        private void warnMtpdShorterThanRto() {
            Objectives o = rb.objectives();
            if (o != null && o.mtpd() != null && o.rto() != null && o.mtpd().compareTo(o.rto()) < 0) {
                problems.add(Problem.warning(o.location(), "objectives: mtpd " + Durations.format(o.mtpd())
                        + " is shorter than the rto " + Durations.format(o.rto())
                        + ": a recovery that meets its RTO could still exceed the MTPD",
                        "the RTO must fit inside the maximum tolerable period of disruption"));
            }
        }


        /** The step that checks the MBCO must be a step of the runbook. */
        private void checkMbcoStep() {
            Objectives o = rb.objectives();
            if (o == null || o.mbco() == null || o.mbco().step() == null) {
                return;
            }
            Located<String> id = o.mbco().step();
            if (!byId.containsKey(id.value())) {
                problems.add(Problem.error(id.location(), "unknown step '" + id.value() + "' in objectives.mbco.step"
                        + didYouMean(id.value(), graph.steps())));
            }
        }

        private final Runbook rb;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, Step> byId = new HashMap<>();
        private final Set<String> usedParams = new HashSet<>();
        /** Per reading step: the other steps whose outputs it reads, with where it first reads each. */
        private final Map<String, Map<String, Location>> outputsRead = new HashMap<>();
        private boolean paramsReadByComputedName;
        private StepGraph graph;

        Pass(Runbook rb) {
            this.rb = rb;
        }

        List<Problem> run() {
            checkIds();
            graph = StepGraph.of(rb);
            checkNeeds();
            checkCycles();
            checkParameters();
            for (Step step : rb.allSteps()) {
                checkStep(step);
            }
            if (rb.objectives() != null && rb.objectives().rpoFrom() != null) {
                Located<String> rpo = rb.objectives().rpoFrom();
                condition(rpo, new Scope(null, false, false, false));
            }
            warnMtpdShorterThanRto();
            checkMbcoStep();
            checkCleanup();
            warnNeverRuns();
            warnUndoThatCannotRun();
            warnUnusedParameters();
            warnShortSecretDefaults();
            if (strict) {
                warnUnguardedOutputs();
                warnExpressionsInShellScripts();
            }
            List<Problem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
            unique.sort(Comparator.comparingInt((Problem p) -> p.location() == null ? 0 : p.location().line())
                    .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
            return List.copyOf(unique);
        }

        // ---- ids, needs, cycles ----

        private void checkIds() {
            for (Step step : rb.allSteps()) {
                if (step.id() == null || step.idValue() == null) {
                    continue;
                }
                Step first = byId.putIfAbsent(step.idValue(), step);
                if (first != null) {
                    Location at = first.id().location();
                    problems.add(Problem.error(step.id().location(), "duplicate step id '" + step.idValue()
                            + "' (first at " + at.line() + ":" + at.column() + ")"));
                }
            }
        }

        private void checkNeeds() {
            for (Step step : rb.allSteps()) {
                if (step.needs() == null) {
                    continue;
                }
                for (Located<String> need : step.needs()) {
                    if (need == null || need.value() == null) {
                        continue;
                    }
                    if (need.value().equals(step.idValue())) {
                        problems.add(Problem.error(need.location(), "step '" + step.idValue() + "' needs itself"));
                    } else if (!byId.containsKey(need.value())) {
                        problems.add(Problem.error(need.location(), "unknown step '" + need.value() + "' in needs"
                                + didYouMean(need.value(), graph.steps())));
                    }
                }
            }
        }

        /**
         * {@code cleanup:} runs after every main step: its {@code needs} name only clean-up steps, no main step needs
         * one, and a clean-up step neither rolls back nor has an undo (there is nothing after it to undo it).
         */
        private void checkCleanup() {
            if (rb.cleanup().isEmpty()) {
                return;
            }
            Set<String> cleanupIds = new HashSet<>();
            for (Step s : rb.cleanup()) {
                cleanupIds.add(s.idValue());
            }
            for (Step step : rb.steps()) {
                for (Located<String> need : step.needs() == null ? List.<Located<String>>of() : step.needs()) {
                    if (need != null && cleanupIds.contains(need.value()) && !rb.steps().contains(
                            byId.get(need.value()))) {
                        problems.add(Problem.error(need.location(), "step '" + step.idValue() + "' needs clean-up step '"
                                + need.value() + "': clean-up steps run after every main step"));
                    }
                }
            }
            for (Step step : rb.cleanup()) {
                for (Located<String> need : step.needs() == null ? List.<Located<String>>of() : step.needs()) {
                    if (need != null && need.value() != null && !cleanupIds.contains(need.value())
                            && byId.containsKey(need.value())) {
                        problems.add(Problem.error(need.location(), "clean-up step '" + step.idValue() + "' needs main"
                                + " step '" + need.value() + "': clean-up steps always run after every main step, so"
                                + " needs names only clean-up steps",
                                "to run only when '" + need.value() + "' succeeded, say if: ${{ steps." + need.value()
                                        + ".status == 'succeeded' }}"));
                    }
                }
                if (step.onFailure() == OnFailure.ROLLBACK) {
                    problems.add(Problem.error(step.location(), "clean-up step '" + step.idValue() + "' has on-failure:"
                            + " rollback: a clean-up is not rolled back", "use on-failure: continue or abort"));
                }
                if (step.undo() != null) {
                    problems.add(Problem.error(step.undo().location(), "clean-up step '" + step.idValue()
                            + "' has an undo: nothing rolls a clean-up back"));
                }
            }
        }

        private void checkCycles() {
            for (List<String> cycle : graph.cycles()) {
                Step first = byId.get(cycle.get(0));
                problems.add(Problem.error(first.location(), "the steps form a cycle: " + String.join(" -> ", cycle),
                        "a step without needs waits for the step above it; give a step needs: [...] to change that"));
            }
        }

        // ---- parameters ----

        private void checkParameters() {
            for (Parameter p : rb.parameters().values()) {
                boolean patternOk = true;
                if (p.pattern() != null) {
                    String problem = Regex.problem(p.pattern());
                    if (problem != null) {
                        patternOk = false;
                        problems.add(Problem.error(p.location(), "parameter '" + p.name() + "': its pattern: "
                                + problem));
                    }
                }
                boolean allowedOk = checkAllowed(p);
                if (p.type() == ParamType.ENUM && p.allowed().isEmpty()) {
                    allowedOk = false; // the parser reports an enum without allowed values
                }
                if (p.defaultValue() != null && patternOk && allowedOk) {
                    try {
                        ParameterBinder.convert(p, p.defaultValue(), clock);
                    } catch (ParameterException e) {
                        problems.add(Problem.error(location(p.defaultValue(), p.location()),
                                "default of " + e.getMessage()));
                    }
                }
            }
        }

        /** Each allowed value must be a value of the parameter's type; enum values are any scalar. */
        private boolean checkAllowed(Parameter p) {
            boolean ok = true;
            ParamType type = p.type() == ParamType.ENUM || p.type() == null ? ParamType.STRING : p.type();
            Parameter plain = new Parameter(p.location(), p.name(), type, false, null, null, List.of(), p.secret(),
                    p.description());
            for (Object value : p.allowed()) {
                try {
                    ParameterBinder.convert(plain, value, clock);
                } catch (ParameterException e) {
                    ok = false;
                    problems.add(Problem.error(p.location(), "allowed value of " + e.getMessage()));
                }
            }
            return ok;
        }

        /** A secret default too short to be masked inside other text (its value is not named). */
        private void warnShortSecretDefaults() {
            for (Parameter p : rb.parameters().values()) {
                if (p.secret() && p.defaultValue() != null && Redactor.hasShortText(p.defaultValue().toPlain())) {
                    problems.add(Problem.warning(p.location(), Redactor.shortSecretWarning("default of parameter '"
                            + p.name() + "'"), "use a secret of " + Redactor.SHORT + " characters or more"));
                }
            }
        }

        private void warnUnusedParameters() {
            if (paramsReadByComputedName) {
                return;
            }
            for (Parameter p : rb.parameters().values()) {
                if (!usedParams.contains(p.name())) {
                    problems.add(Problem.warning(p.location(), "parameter '" + p.name() + "' is never used",
                            "read it as ${{ params." + p.name() + " }}, or remove it"));
                }
            }
        }

        // ---- steps ----

        private void checkStep(Step step) {
            Scope plain = new Scope(step, false, false, false);
            Action action = checkWith(step, step.action(), step.with(), false);
            if (step.undo() != null) {
                checkWith(step, step.undo().action(), step.undo().with(), true);
            }
            if (step.title() != null) {
                template(step.title(), step.location(), plain);
            }
            if (step.instructions() != null) {
                template(step.instructions(), step.location(), plain);
            }
            if (step.condition() != null) {
                condition(step.condition(), plain);
                checkConstantCondition(step);
            }
            if (step.check() != null) {
                condition(step.check(), new Scope(step, true, true, false));
            }
            if (step.confirm() instanceof Confirm.Typed) {
                Located<String> value = ((Confirm.Typed) step.confirm()).value();
                if (value != null && value.value() != null) {
                    template(value.value(), value.location(), plain);
                }
            }
            checkTimeout(step, plain);
            if (step.outputs() != null) {
                expressions(step.outputs(), new Scope(step, true, false, false), null);
            }
            if (action != null && step.action() != null) {
                warnMutatingWithoutConfirm(step, action);
            }
        }

        private void checkTimeout(Step step, Scope scope) {
            Located<String> timeout = step.timeout();
            if (timeout == null || timeout.value() == null) {
                return;
            }
            Object value = timeout.value();
            if (Template.hasExpression(timeout.value())) {
                template(timeout.value(), timeout.location(), scope);
                value = constant(timeout, false);
                if (value == NOT_CONSTANT) {
                    return;
                }
            }
            Duration d;
            try {
                d = value instanceof Duration ? (Duration) value : Durations.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(timeout.location(), "timeout: " + e.getMessage()));
                return;
            }
            if (d.isNegative()) {
                problems.add(Problem.error(timeout.location(), "timeout of step '" + step.idValue()
                        + "' is negative (" + d + "): the step would fail at once", "leave timeout out for no limit"));
            } else if (d.isZero()) {
                problems.add(Problem.error(timeout.location(), "timeout of step '" + step.idValue()
                        + "' is 0: the step would fail at once", "leave timeout out for no limit"));
            }
        }

        /** An {@code if} that reads nothing is decided now: it must be true or false, as the run requires. */
        private void checkConstantCondition(Step step) {
            Object v = constant(step.condition(), true);
            if (v != NOT_CONSTANT && !(v instanceof Boolean)) {
                problems.add(Problem.error(step.condition().location(), "if of step '" + step.idValue()
                        + "' must be true or false, got " + (v instanceof String ? "the string '" + v + "'"
                                : v == null ? "null" : String.valueOf(v)),
                        "a condition is an expression such as ${{ params.dryRun == false }}; a quoted word is text"));
            }
        }

        /**
         * The value of an expression field that reads no name (no params, steps, run), or {@link #NOT_CONSTANT}
         * when it reads one, does not compile or fails (those are reported elsewhere or at run time).
         */
        private Object constant(Located<String> text, boolean condition) {
            if (text == null || text.value() == null) {
                return NOT_CONSTANT;
            }
            try {
                Template t = condition ? Template.condition(text.value(), text.location())
                        : Template.parse(text.value(), text.location());
                if (!t.references().isEmpty()) {
                    return NOT_CONSTANT;
                }
                return constants.evaluate(t, Map.of());
            } catch (ExpressionException | RuntimeException e) {
                return NOT_CONSTANT;
            }
        }

        /**
         * The action of a step or undo, its inputs and the expressions in them. Returns the action, or null when it
         * is unknown (then only the expressions are checked).
         */
        private Action checkWith(Step step, Located<String> actionName, Node.Mapping with, boolean undo) {
            Scope scope = new Scope(step, false, false, undo);
            Node.Mapping inputs = with == null ? Node.Mapping.empty(step.location()) : with;
            if (actionName == null || actionName.value() == null) {
                expressions(inputs, scope, null);
                return null;
            }
            String name = actionName.value();
            Optional<Action> found = registry.find(name);
            if (found.isEmpty()) {
                problems.add(Problem.error(actionName.location(), "unknown action '" + name + "'"
                        + registry.closest(name).map(s -> ", did you mean '" + s + "'?").orElse(""),
                        "runbook actions lists the actions available"));
                expressions(inputs, scope, null);
                return null;
            }
            ActionSpec spec = found.get().spec();
            Set<String> badTypes = checkInputs(name, spec, inputs, actionName.location());
            checkLiteralInputs(name, found.get(), inputs, badTypes);
            checkWrittenInputs(name, found.get(), inputs);
            for (Node.Entry entry : inputs.entries()) {
                ValueType type = spec.input(entry.key()).map(IoSpec::type).orElse(null);
                Scope inputScope = type == ValueType.EXPRESSION ? new Scope(step, true, false, undo) : scope;
                expressions(entry.value(), inputScope, type);
            }
            if (!undo && WAIT.equals(name)) {
                checkWaitTarget(step, inputs);
                checkWaitAction(inputs);
            }
            return found.get();
        }

        /**
         * What the action itself refuses in the values written out (a {@code command: []}, a non-numeric
         * {@code expect-exit}): the checks its {@code apply} makes, asked of it before the run. Inputs already
         * reported as of the wrong type are left out.
         */
        private void checkLiteralInputs(String name, Action action, Node.Mapping inputs, Set<String> badTypes) {
            Map<String, Object> literal = new HashMap<>();
            Set<String> computed = new HashSet<>();
            for (Node.Entry entry : inputs.entries()) {
                if (containsExpression(entry.value())) {
                    computed.add(entry.key());
                } else if (!badTypes.contains(entry.key())) {
                    literal.put(entry.key(), entry.value().toPlain());
                }
            }
            Map<String, String> found;
            try {
                found = action.inputProblems(new Inputs(literal), computed);
            } catch (RuntimeException e) {
                return; // a plug-in's own check is best effort; the run reports the same problem
            }
            for (Map.Entry<String, String> p : found.entrySet()) {
                Node value = inputs.get(p.getKey());
                problems.add(Problem.error(location(value, inputs.location()), "input '" + p.getKey()
                        + "' of action '" + name + "': " + p.getValue()));
            }
        }

        /**
         * What the action refuses in the structure of its inputs as written ({@code aws.call}'s service, operation
         * and parameter names), reported at the input, or at the key a path ({@code parameters/Tags/0/Key}) names, or
         * at that key's value when the path ends with {@code /}.
         */
        private void checkWrittenInputs(String name, Action action, Node.Mapping inputs) {
            Map<String, String> found;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> written = (Map<String, Object>) inputs.toPlain();
                found = action.writtenProblems(new Inputs(written));
            } catch (RuntimeException e) {
                return; // best effort, as checkLiteralInputs: the run reports the same problem
            }
            for (Map.Entry<String, String> p : found.entrySet()) {
                boolean atValue = p.getKey().endsWith("/");
                String[] path = p.getKey().split("/");
                Location at = inputs.location();
                Node node = inputs.get(path[0]);
                if (node != null) {
                    at = node.location();
                }
                for (int i = 1; i < path.length && node != null; i++) {
                    if (node instanceof Node.Mapping) {
                        Node.Entry e = ((Node.Mapping) node).entry(path[i]);
                        node = e == null ? null : e.value();
                        if (e != null) {
                            at = i == path.length - 1 && !atValue ? e.keyLocation() : e.value().location();
                        }
                    } else if (node instanceof Node.Sequence && path[i].matches("\\d{1,9}")
                            && Integer.parseInt(path[i]) < ((Node.Sequence) node).items().size()) {
                        node = ((Node.Sequence) node).items().get(Integer.parseInt(path[i]));
                        at = node.location();
                    } else {
                        node = null;
                    }
                }
                problems.add(Problem.error(at, "input '" + path[0] + "' of action '" + name + "': " + p.getValue()));
            }
        }

        /**
         * Unknown inputs, literal values of the wrong type, and missing required inputs of one action call. Returns
         * the names of the inputs whose literal value has the wrong type.
         */
        private Set<String> checkInputs(String name, ActionSpec spec, Node.Mapping inputs, Location actionAt) {
            Set<String> badTypes = new HashSet<>();
            List<String> inputNames = new ArrayList<>();
            for (IoSpec io : spec.inputs()) {
                inputNames.add(io.name());
            }
            for (Node.Entry entry : inputs.entries()) {
                Optional<IoSpec> io = spec.input(entry.key());
                if (io.isEmpty()) {
                    problems.add(Problem.error(entry.keyLocation(), "unknown input '" + entry.key() + "' of action '"
                            + name + "'" + didYouMean(entry.key(), inputNames),
                            inputNames.isEmpty() ? name + " takes no inputs" : "its inputs: "
                                    + String.join(", ", inputNames)));
                } else if (!checkType(name, io.get(), entry.value())) {
                    badTypes.add(entry.key());
                }
            }
            for (IoSpec io : spec.inputs()) {
                if (io.required() && !inputs.has(io.name())) {
                    Location at = inputs.entries().isEmpty() ? actionAt : inputs.location();
                    problems.add(Problem.error(at, "action '" + name + "' needs input '" + io.name() + "'"
                            + (io.description() == null || io.description().isBlank() ? ""
                                    : " (" + io.description() + ")")));
                }
            }
            return badTypes;
        }

        /** {@code wait} with {@code action:} and {@code with:} polls that action: check the call like a step's. */
        private void checkWaitAction(Node.Mapping inputs) {
            Node action = inputs.get("action");
            if (!(action instanceof Node.Scalar) || !((Node.Scalar) action).isString()) {
                return;
            }
            String name = (String) ((Node.Scalar) action).value();
            if (Template.hasExpression(name)) {
                return;
            }
            Optional<Action> found = registry.find(name);
            if (found.isEmpty()) {
                problems.add(Problem.error(action.location(), "unknown action '" + name + "'"
                        + registry.closest(name).map(s -> ", did you mean '" + s + "'?").orElse("")));
                return;
            }
            Node with = inputs.get("with");
            Node.Mapping polled = with instanceof Node.Mapping ? (Node.Mapping) with : Node.Mapping.empty(
                    action.location());
            checkInputs(name, found.get().spec(), polled, action.location());
        }

        private void checkWaitTarget(Step step, Node.Mapping inputs) {
            Node target = inputs.get("step");
            if (!(target instanceof Node.Scalar) || !((Node.Scalar) target).isString()) {
                return;
            }
            String id = (String) ((Node.Scalar) target).value();
            if (Template.hasExpression(id)) {
                return;
            }
            if (!byId.containsKey(id)) {
                problems.add(Problem.error(target.location(), "wait polls unknown step '" + id + "'"
                        + didYouMean(id, graph.steps())));
            } else if (!graph.isAncestor(id, step.idValue())) {
                problems.add(Problem.error(target.location(), "step '" + step.idValue() + "' polls step '" + id
                        + "', but '" + id + "' does not run before '" + step.idValue() + "'; add '" + id
                        + "' to needs"));
            }
        }

        /**
         * Literal values of the wrong type; a value holding an expression is only known when the step runs. False
         * when the value was reported.
         */
        private boolean checkType(String action, IoSpec io, Node value) {
            if (value == null || containsExpression(value)) {
                return true;
            }
            String problem = typeProblem(io.type(), value);
            if (problem != null) {
                problems.add(Problem.error(value.location(), "input '" + io.name() + "' of action '" + action
                        + "' " + problem));
                return false;
            }
            return true;
        }

        private String typeProblem(ValueType type, Node value) {
            if (type == null || type == ValueType.ANY) {
                return null;
            }
            if (value instanceof Node.Mapping) {
                return type == ValueType.MAP ? null : "wants " + describe(type) + ", got a mapping";
            }
            if (value instanceof Node.Sequence) {
                return type == ValueType.LIST ? null : "wants " + describe(type) + ", got a list";
            }
            Object v = ((Node.Scalar) value).value();
            if (v == null) {
                return null;
            }
            String text = String.valueOf(v).trim();
            boolean ok;
            switch (type) {
                case INTEGER:
                    ok = v instanceof Long || (v instanceof String && isLong(text));
                    break;
                case NUMBER:
                    ok = v instanceof Number || (v instanceof String && isNumber(text));
                    break;
                case BOOLEAN:
                    ok = v instanceof Boolean || (v instanceof String
                            && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")));
                    break;
                case DURATION:
                    ok = v instanceof String && Durations.isDuration(text);
                    break;
                case TIMESTAMP:
                    ok = v instanceof String && isTimestamp(text);
                    break;
                case MAP:
                    ok = false;
                    break;
                default:
                    ok = true; // strings, lists (a single item is a list of one) and expressions take any scalar
                    break;
            }
            return ok ? null : "wants " + describe(type) + ", got '" + v + "'";
        }

        private String describe(ValueType type) {
            switch (type) {
                case INTEGER: return "an integer";
                case NUMBER: return "a number";
                case BOOLEAN: return "true or false";
                case DURATION: return "a duration (e.g. 90s, 15m, 1h30m or PT15M)";
                case TIMESTAMP: return "a timestamp (ISO-8601 with a zone, now, or now-10m)";
                case LIST: return "a list";
                case MAP: return "a mapping";
                case EXPRESSION: return "an expression";
                default: return "a string";
            }
        }

        private boolean isTimestamp(String text) {
            try {
                Timestamps.resolve(text, clock);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private void warnMutatingWithoutConfirm(Step step, Action action) {
            if (StepKinds.MANUAL.equals(step.actionName())) {
                return;
            }
            if (step.confirm() != null && !(step.confirm() instanceof Confirm.None)) {
                return;
            }
            if (StepKinds.of(step, registry).orElse(Kind.READ_ONLY) == Kind.MUTATING) {
                problems.add(Problem.warning(step.location(), "step '" + step.idValue() + "' changes things ("
                        + action.name() + " is mutating) but has no confirm:",
                        "add confirm: true, or confirm: { type: VALUE } to make the operator type a value"));
            }
        }

        // ---- undo that no rollback reaches ----

        /**
         * An undo runs only in a rollback, which a step with {@code on-failure: rollback} (its own or the runbook's
         * default) starts when it fails; the steps undone are those completed by then. So a step's undo can run only
         * when some other step that may run after it (one that is not among its ancestors) can start a rollback.
         */
        private void warnUndoThatCannotRun() {
            List<String> triggers = new ArrayList<>();
            for (Step step : rb.steps()) {
                if (step.onFailure() == OnFailure.ROLLBACK && !literallyFalse(step.condition())
                        && byId.get(step.idValue()) == step) {
                    triggers.add(step.idValue());
                }
            }
            for (Step step : rb.steps()) {
                if (step.undo() == null || graph.onCycle(step.idValue())) {
                    continue;
                }
                Set<String> before = graph.ancestors(step.idValue());
                boolean reachable = false;
                for (String t : triggers) {
                    if (!t.equals(step.idValue()) && !before.contains(t)) {
                        reachable = true;
                        break;
                    }
                }
                if (!reachable) {
                    problems.add(Problem.warning(step.undo().location(), "the undo of step '" + step.idValue()
                            + "' can never run without a terminal: no step that can run after it has on-failure: rollback (at a"
                            + " terminal only the operator's choice to roll back after a failure runs it)",
                            "give the steps whose failure should undo it on-failure: rollback, or say it once for"
                                    + " the runbook with a top-level on-failure: rollback"));
                }
            }
        }

        // ---- strict: fragile but legal ----

        /**
         * A step that reads the outputs of a step with an {@code if} reads nothing when that step is skipped; its own
         * {@code if} should say what happens then by reading {@code steps.X.status}.
         */
        private void warnUnguardedOutputs() {
            for (Step reader : rb.allSteps()) {
                Map<String, Location> read = outputsRead.get(reader.idValue());
                if (read == null || byId.get(reader.idValue()) != reader) {
                    continue;
                }
                Set<String> guarded = statusesRead(reader.condition());
                for (Map.Entry<String, Location> e : read.entrySet()) {
                    Step target = byId.get(e.getKey());
                    if (target == null || target.condition() == null || guarded.contains(e.getKey())) {
                        continue;
                    }
                    problems.add(Problem.warning(e.getValue(), "step '" + reader.idValue() + "' reads the outputs of '"
                            + e.getKey() + "', which has an if: when '" + e.getKey() + "' is skipped they do not exist",
                            "guard it in the step's own if, e.g. if: ${{ steps." + e.getKey()
                                    + ".status != 'skipped' }}"));
                }
            }
        }

        /** The ids X of every {@code steps.X.status} an {@code if} reads. */
        private Set<String> statusesRead(Located<String> condition) {
            Set<String> out = new HashSet<>();
            if (condition == null || condition.value() == null) {
                return out;
            }
            try {
                for (Reference ref : Template.condition(condition.value(), condition.location()).references()) {
                    List<String> path = ref.path();
                    if (path.size() >= 3 && path.get(0).equals("steps") && path.get(2).equals("status")) {
                        out.add(path.get(1));
                    }
                }
            } catch (ExpressionException e) {
                // reported by the expression checks
            }
            return out;
        }

        /** {@code ${{ }}} rendered into a {@code shell: true} script is shell source, not a value. */
        private void warnExpressionsInShellScripts() {
            for (Step step : rb.allSteps()) {
                if (!"exec".equals(step.actionName()) || step.with() == null) {
                    continue;
                }
                Node shell = step.with().get("shell");
                Node command = step.with().get("command");
                if (shell instanceof Node.Scalar && Boolean.TRUE.equals(((Node.Scalar) shell).value())
                        && command != null && containsExpression(command)) {
                    problems.add(Problem.warning(command.location(), "step '" + step.idValue() + "' has ${{ }} in a"
                            + " shell: true script: each value reaches sh as a positional parameter (one word, never"
                            + " code), except where the value can only be pasted (a script that is one ${{ }}, or one"
                            + " whose values cannot be rendered again, such as now())",
                            "pass values through env: and refer to them as \"$NAME\" in the script, or give command"
                                    + " as an argv list without shell: true"));
                }
            }
        }

        // ---- never-running steps ----

        /**
         * A step can never run when it waits for a step on a cycle (directly or through others), or when it reads the
         * outputs of a step that never runs: written {@code if: false}, or itself never running. A step that only
         * needs such a step runs (a skipped step counts as done for ordering). Steps on the cycle are already errors
         * and are not warned about again.
         */
        private void warnNeverRuns() {
            List<String> ids = graph.steps();
            Map<String, Integer> pending = new HashMap<>();
            Set<String> never = new HashSet<>();
            List<String> ready = new ArrayList<>();
            for (String id : ids) {
                int n = graph.dependencies(id).size();
                pending.put(id, n);
                if (n == 0) {
                    ready.add(id);
                }
            }
            // Kahn's order: steps on a cycle and every step after one are never released.
            Set<String> released = new HashSet<>();
            for (int i = 0; i < ready.size(); i++) {
                String id = ready.get(i);
                released.add(id);
                Step step = byId.get(id);
                String neverRead = null;
                for (String target : outputsRead.getOrDefault(id, Map.of()).keySet()) {
                    if (never.contains(target)) {
                        neverRead = target;
                        break;
                    }
                }
                if (literallyFalse(step.condition())) {
                    never.add(id);
                } else if (neverRead != null) {
                    never.add(id);
                    problems.add(Problem.warning(step.location(), "step '" + id + "' can never run: it reads the "
                            + "outputs of '" + neverRead + "', which is skipped by if: false or never runs"));
                }
                for (String next : graph.dependents(id)) {
                    if (pending.merge(next, -1, Integer::sum) == 0) {
                        ready.add(next);
                    }
                }
            }
            if (released.size() == ids.size()) {
                return;
            }
            for (String id : ids) {
                if (released.contains(id) || graph.onCycle(id)) {
                    continue;
                }
                for (String dep : graph.dependencies(id)) {
                    if (!released.contains(dep)) {
                        problems.add(Problem.warning(byId.get(id).location(), "step '" + id + "' can never run: it "
                                + "waits for '" + dep + "', which " + (graph.onCycle(dep) ? "is on a cycle"
                                : "waits for a cycle")));
                        break;
                    }
                }
            }
        }

        private boolean literallyFalse(Located<String> condition) {
            if (condition == null || condition.value() == null) {
                return false;
            }
            String text = condition.value().strip();
            if (text.startsWith("${{") && text.endsWith("}}")) {
                text = text.substring(3, text.length() - 2).strip();
            }
            return text.equalsIgnoreCase("false");
        }

        // ---- expressions and references ----

        /** Every string under a node: templates, or conditions for expression-typed inputs. */
        private void expressions(Node node, Scope scope, ValueType type) {
            if (node instanceof Node.Scalar) {
                Object v = ((Node.Scalar) node).value();
                if (!(v instanceof String)) {
                    return;
                }
                if (type == ValueType.EXPRESSION) {
                    condition(new Located<>((String) v, node.location()), scope);
                } else {
                    template((String) v, node.location(), scope);
                }
            } else if (node instanceof Node.Sequence) {
                for (Node item : ((Node.Sequence) node).items()) {
                    expressions(item, scope, type);
                }
            } else if (node instanceof Node.Mapping) {
                for (Node.Entry e : ((Node.Mapping) node).entries()) {
                    expressions(e.value(), scope, type);
                }
            }
        }

        private void template(String text, Location at, Scope scope) {
            if (!Template.hasExpression(text)) {
                return;
            }
            try {
                references(Template.parse(text, at), at, scope);
            } catch (ExpressionException e) {
                problems.add(Problem.error(e.location() == null ? at : e.location(), e.getMessage()));
            }
        }

        private void condition(Located<String> text, Scope scope) {
            if (text.value() == null) {
                return;
            }
            try {
                references(Template.condition(text.value(), text.location()), text.location(), scope);
            } catch (ExpressionException e) {
                problems.add(Problem.error(e.location() == null ? text.location() : e.location(), e.getMessage()));
            }
        }

        private void references(Template t, Location at, Scope scope) {
            for (Reference ref : t.references()) {
                reference(ref, at, scope);
            }
        }

        private void reference(Reference ref, Location at, Scope scope) {
            List<String> path = ref.path();
            String root = path.get(0);
            switch (root) {
                case "params":
                    if (path.size() < 2) {
                        paramsReadByComputedName = true;
                    } else if (rb.parameters().containsKey(path.get(1))) {
                        usedParams.add(path.get(1));
                    } else {
                        problems.add(Problem.error(at, "unknown parameter '" + path.get(1) + "' in " + ref
                                + didYouMean(path.get(1), rb.parameters().keySet()),
                                rb.parameters().isEmpty() ? "this runbook declares no parameters"
                                        : "declared: " + String.join(", ", rb.parameters().keySet())));
                    }
                    break;
                case "steps":
                    stepReference(ref, at, scope);
                    break;
                case "run":
                    List<String> runFields = scope.step == null ? RPO_RUN_FIELDS : RUN_FIELDS;
                    if (path.size() >= 2 && !runFields.contains(path.get(1))) {
                        problems.add(Problem.error(at, "unknown name '" + ref + "'"
                                + didYouMean(path.get(1), runFields), scope.step == null
                                        ? "rpo-from sees run.id, run.started, run.dry and run.incidentStart"
                                        : "run has only run.id, run.started and run.dry"));
                    }
                    break;
                case "outputs":
                    if (!scope.outputsAllowed) {
                        problems.add(Problem.error(at, "'" + ref + "' can only be read in check: or outputs:, "
                                + "where outputs are the step's own", scope.step == null ? null
                                : "from another step, read steps.<id>.outputs.<name>"));
                    } else if (scope.outputsChecked && path.size() >= 2) {
                        Set<String> declared = declaredOutputs(scope.step);
                        if (declared != null && !declared.contains(path.get(1))) {
                            problems.add(Problem.error(at, "step '" + scope.step.idValue() + "' has no output '"
                                    + path.get(1) + "'" + didYouMean(path.get(1), declared), outputsHint(declared)));
                        }
                    }
                    break;
                default:
                    Set<String> roots = new TreeSet<>(ROOTS);
                    if (!scope.outputsAllowed) {
                        roots.remove("outputs");
                    }
                    problems.add(Problem.error(at, "unknown name '" + root + "' in expression" + didYouMean(root, roots),
                            "expressions read " + String.join(", ", roots)));
                    break;
            }
        }

        private void stepReference(Reference ref, Location at, Scope scope) {
            List<String> path = ref.path();
            if (path.size() < 2) {
                return;
            }
            String id = path.get(1);
            Step target = byId.get(id);
            if (target == null) {
                problems.add(Problem.error(at, "unknown step '" + id + "' in " + ref + didYouMean(id, graph.steps())));
                return;
            }
            if (path.size() >= 3) {
                String field = path.get(2);
                if ("outputs".equals(field) && scope.step != null && !id.equals(scope.step.idValue())) {
                    outputsRead.computeIfAbsent(scope.step.idValue(), k -> new java.util.LinkedHashMap<>())
                            .putIfAbsent(id, at);
                }
                if ("outputs".equals(field)) {
                    if (path.size() >= 4) {
                        Set<String> declared = declaredOutputs(target);
                        if (declared != null && !declared.contains(path.get(3))) {
                            problems.add(Problem.error(at, "step '" + id + "' has no output '" + path.get(3) + "'"
                                    + didYouMean(path.get(3), declared), outputsHint(declared)));
                        }
                    }
                } else if (!"status".equals(field)) {
                    problems.add(Problem.error(at, "unknown name '" + ref + "'" + didYouMean(field,
                            List.of("outputs", "status")), "a step has only steps." + id + ".outputs.<name> and steps."
                            + id + ".status"));
                }
            }
            if (scope.step == null) {
                return; // objectives are measured after the run
            }
            String reader = scope.step.idValue();
            if (id.equals(reader)) {
                if (!scope.selfAllowed) {
                    problems.add(Problem.error(at, "step '" + reader + "' reads " + ref + ", its own result, before "
                            + "it has run", "in check: and outputs:, read outputs.<name>"));
                }
            } else if (!graph.isAncestor(id, reader)) {
                problems.add(Problem.error(at, "step '" + reader + "' reads " + ref + ", but '" + id
                        + "' does not run before '" + reader + "'; add '" + id + "' to needs"));
            }
        }

        /** The outputs later steps may read, or null when any name goes (unknown or open action). */
        private Set<String> declaredOutputs(Step step) {
            if (step.action() == null || step.actionName() == null) {
                return null;
            }
            Optional<Action> action = registry.find(step.actionName());
            if (action.isEmpty() || action.get().spec().openOutputs()) {
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            for (IoSpec o : action.get().spec().outputs()) {
                out.add(o.name());
            }
            if (step.outputs() != null) {
                for (Node.Entry e : step.outputs().entries()) {
                    out.add(e.key());
                }
            }
            return out;
        }

        private String outputsHint(Set<String> declared) {
            return declared.isEmpty() ? "it has no outputs" : "its outputs: " + String.join(", ", declared);
        }
    }

    private static boolean containsExpression(Node node) {
        if (node instanceof Node.Scalar) {
            Object v = ((Node.Scalar) node).value();
            return v instanceof String && Template.hasExpression((String) v);
        }
        if (node instanceof Node.Sequence) {
            for (Node item : ((Node.Sequence) node).items()) {
                if (containsExpression(item)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Node.Mapping) {
            for (Node.Entry e : ((Node.Mapping) node).entries()) {
                if (containsExpression(e.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return !text.toLowerCase(Locale.ROOT).contains("n"); // NaN and Infinity are not numbers a runbook means
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Location location(Node node, Location fallback) {
        return node == null || node.location() == null ? fallback : node.location();
    }

    private static String didYouMean(String word, Collection<String> candidates) {
        return Suggestions.closest(word, candidates).map(s -> ", did you mean '" + s + "'?").orElse("");
    }
}
