package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-memory actions for executor tests. Every call to {@code apply} is recorded, in order, in one shared journal of
 * calls ({@link #calls()}), as {@code "name:stepId"}.
 */
final class TestActions {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Action> actions = new ArrayList<>();

    /** What a fake action does when applied. */
    interface Behaviour {
        Outputs apply(Inputs inputs, ActionContext ctx, int call) throws Exception;
    }

    TestActions add(String name, Kind kind, Behaviour behaviour) {
        actions.add(new Fake(name, kind, behaviour, List.of()));
        return this;
    }

    /** An action whose input {@code name} is an expression (left unrendered). */
    TestActions addWithExpressionInput(String name, String input, Behaviour behaviour) {
        actions.add(new Fake(name, Kind.READ_ONLY, behaviour,
                List.of(IoSpec.required(input, ValueType.EXPRESSION, "an expression"))));
        return this;
    }

    /** Returns the given outputs. */
    TestActions returning(String name, Kind kind, Map<String, Object> outputs) {
        return add(name, kind, (in, ctx, n) -> Outputs.of(outputs));
    }

    /** Returns its inputs as outputs. */
    TestActions echo(String name, Kind kind) {
        return add(name, kind, (in, ctx, n) -> Outputs.of(in.values()));
    }

    /** Fails its first {@code failures} calls with the message, then returns no outputs. */
    TestActions failing(String name, int failures, String message) {
        return add(name, Kind.MUTATING, (in, ctx, n) -> {
            if (n <= failures) {
                throw new ActionFailedException(message);
            }
            return Outputs.NONE;
        });
    }

    /**
     * Two read-only actions that each wait (up to 30 s) until the other has started and return {@code sawOther}: true
     * only when steps using them overlap.
     */
    TestActions meetingEachOther(String one, String other) {
        CountDownLatch oneStarted = new CountDownLatch(1);
        CountDownLatch otherStarted = new CountDownLatch(1);
        add(one, Kind.READ_ONLY, (in, ctx, n) -> {
            oneStarted.countDown();
            return Outputs.of(Map.of("sawOther", otherStarted.await(30, TimeUnit.SECONDS)));
        });
        return add(other, Kind.READ_ONLY, (in, ctx, n) -> {
            otherStarted.countDown();
            return Outputs.of(Map.of("sawOther", oneStarted.await(30, TimeUnit.SECONDS)));
        });
    }

    /** Counts {@code started} down, blocks until interrupted, then sets {@code interrupted} and ends with it. */
    TestActions hanging(String name, Kind kind, CountDownLatch started, AtomicBoolean interrupted) {
        return add(name, kind, (in, ctx, n) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return Outputs.NONE;
        });
    }

    ActionRegistry registry() {
        return ActionRegistry.of(actions);
    }

    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The steps for which the named action was applied, in order. */
    List<String> callsOf(String name) {
        List<String> out = new ArrayList<>();
        for (String c : calls()) {
            if (c.startsWith(name + ":")) {
                out.add(c.substring(name.length() + 1));
            }
        }
        return out;
    }

    private final class Fake implements Action {
        private final ActionSpec spec;
        private final Behaviour behaviour;
        private int count;

        Fake(String name, Kind kind, Behaviour behaviour, List<IoSpec> inputs) {
            this.spec = new ActionSpec(name, "a test action", kind, inputs, List.of(), true);
            this.behaviour = behaviour;
        }

        @Override
        public ActionSpec spec() {
            return spec;
        }

        @Override
        public Preview preview(Inputs inputs) {
            return Preview.of(spec.name() + " " + inputs.values());
        }

        @Override
        public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
            int n;
            synchronized (this) {
                n = ++count;
            }
            calls.add(spec.name() + ":" + context.stepId());
            return behaviour.apply(inputs, context, n);
        }
    }
}
