package dev.runbook.testing;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.model.Durations;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stands in for a real action in a runbook test: its declaration, kind and preview are the real action's, and the
 * inputs the executor rendered are checked against the declaration, but {@code apply} answers from the case's
 * fixtures, so nothing outside the process is ever called. Built-ins that touch nothing outside run for real when
 * they have no fixture.
 */
final class FixtureAction implements Action {
    /** Actions that reach nothing outside the process: without a fixture they run for real (on the fake clock). */
    static final Set<String> LOCAL = Set.of("manual", "sleep", "assert", "wait");

    private final Action real;
    private final CaseState state;

    FixtureAction(Action real, CaseState state) {
        this.real = real;
        this.state = state;
    }

    @Override
    public ActionSpec spec() {
        return real.spec();
    }

    @Override
    public Kind kind(Inputs inputs) {
        return real.kind(inputs);
    }

    @Override
    public Preview preview(Inputs inputs) {
        return real.preview(inputs);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String step = context.stepId();
        boolean undo = state.undoing(step);
        checkInputs(step, undo, inputs);
        Optional<Fixture> fixture = state.next(step, undo);
        if (fixture.isEmpty()) {
            if (LOCAL.contains(real.name()) && !undo) {
                return real.apply(inputs, context);
            }
            String what = undo ? "the undo of step '" + step + "' (" + real.name() + ")"
                    : "step '" + step + "' (" + real.name() + ")";
            throw state.fail(what + " calls the outside world and has no fixture: give steps." + step
                    + (undo ? ".undo" : "") + ".outputs or .error in the test case");
        }
        Fixture f = fixture.get();
        if (f.error() != null) {
            throw new ActionFailedException(f.error());
        }
        ActionSpec spec = real.spec();
        if (!spec.openOutputs()) {
            for (String name : f.outputs().keySet()) {
                if (spec.output(name).isEmpty()) {
                    throw state.fail(f.location() + ": the fixture of step '" + step + "' gives output '" + name
                            + "', which " + real.name() + " does not declare (it declares: "
                            + (spec.outputs().isEmpty() ? "no outputs"
                            : String.join(", ", spec.outputs().stream().map(IoSpec::name).toList())) + ")");
                }
            }
        }
        return Outputs.of(f.outputs());
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) {
        return Optional.empty();
    }

    private void checkInputs(String step, boolean undo, Inputs inputs) throws ActionFailedException {
        String where = (undo ? "the undo of step '" : "step '") + step + "'";
        for (IoSpec in : real.spec().inputs()) {
            Object v = inputs.get(in.name());
            if (v == null) {
                if (in.required()) {
                    throw state.fail(where + ": " + real.name() + " needs input '" + in.name() + "', which rendered"
                            + " to nothing");
                }
                continue;
            }
            String problem = typeProblem(in, v);
            if (problem != null) {
                throw state.fail(where + ": input '" + in.name() + "' of " + real.name() + " " + problem);
            }
        }
    }

    /** Mirrors what the real actions accept, so a value that would make the real call fail fails here too. */
    static String typeProblem(IoSpec in, Object v) {
        switch (in.type()) {
            case INTEGER:
                if (v instanceof Number && new BigDecimal(v.toString()).stripTrailingZeros().scale() <= 0) {
                    return null;
                }
                return matches(v, "-?[0-9]+") ? null : "must be a whole number, got '" + v + "'";
            case NUMBER:
                return v instanceof Number || matches(v, "-?[0-9]+(\\.[0-9]+)?") ? null
                        : "must be a number, got '" + v + "'";
            case BOOLEAN:
                return v instanceof Boolean || matches(v, "true|false") ? null : "must be true or false, got '" + v + "'";
            case DURATION:
                try {
                    Durations.parse(String.valueOf(v));
                    return null;
                } catch (RuntimeException e) {
                    return "must be a duration such as 30s or 5m, got '" + v + "'";
                }
            case LIST:
                return v instanceof List ? null : "must be a list, got '" + v + "'";
            case MAP:
                return v instanceof Map ? null : "must be a mapping, got '" + v + "'";
            case STRING:
                return v instanceof List || v instanceof Map ? "must be a single value, got " + v : null;
            default:
                return null;
        }
    }

    private static boolean matches(Object v, String regex) {
        return v instanceof String && ((String) v).trim().matches(regex);
    }
}
