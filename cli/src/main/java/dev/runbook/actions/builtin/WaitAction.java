package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code wait}: polls a read-only step (re-run) or action until an expression over the polled outputs is true,
 * sleeping between polls with an optional backoff, and gives up after {@code max-wait} (or the step's timeout,
 * when that comes first). Its outputs are those of the last poll.
 */
public final class WaitAction implements Action {
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(5);
    private static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(30);

    private static final ActionSpec SPEC = new ActionSpec(
            "wait",
            "Polls a read-only step or action until a condition on its outputs is true.",
            Kind.READ_ONLY,
            List.of(
                    IoSpec.required("until", ValueType.EXPRESSION,
                            "the condition that ends the wait; outputs are those of the last poll"),
                    IoSpec.optional("step", ValueType.STRING,
                            "the id of a read-only step to re-run on each poll (or give action)"),
                    IoSpec.optional("action", ValueType.STRING,
                            "a read-only action to run on each poll (or give step)"),
                    IoSpec.optional("with", ValueType.MAP, "the inputs of action"),
                    IoSpec.optional("interval", ValueType.DURATION, "the time between polls (default 10s)"),
                    IoSpec.optional("backoff", ValueType.NUMBER,
                            "the factor the interval grows by after each poll (default 1.0: fixed interval)"),
                    IoSpec.optional("max-interval", ValueType.DURATION,
                            "the longest interval the backoff may reach (default 5m)"),
                    IoSpec.optional("max-wait", ValueType.DURATION,
                            "when to give up (default 30m; the step's timeout wins when shorter)")),
            List.of(),
            true);

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public Preview preview(Inputs inputs) {
        List<String> details = new ArrayList<>();
        if (inputs.has("step")) {
            details.add("polls step '" + inputs.string("step") + "'");
        }
        if (inputs.has("action")) {
            details.add("polls action " + inputs.string("action")
                    + (inputs.has("with") ? " with " + inputs.map("with") : ""));
        }
        try {
            Settings s = settings(inputs);
            String every = "every " + Texts.duration(s.interval);
            if (s.backoff > 1.0) {
                every += ", growing x" + String.format(Locale.ROOT, "%s", s.backoff)
                        + " up to " + Texts.duration(s.maxInterval);
            }
            details.add(every);
            details.add("gives up after " + Texts.duration(s.maxWait));
        } catch (ActionFailedException e) {
            details.add("invalid: " + e.getMessage());
        }
        return new Preview("wait until " + Texts.oneLine(Texts.bareExpression(inputs.string("until", ""))), details);
    }

    @Override
    public Duration bound(Inputs inputs) {
        try {
            return settings(inputs).maxWait;
        } catch (ActionFailedException invalid) {
            return null;
        }
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String until = inputs.string("until");
        if (until == null || until.isBlank()) {
            throw new ActionFailedException("until is missing: give the condition that ends the wait");
        }
        Settings s = settings(inputs);
        String bare = Texts.bareExpression(until);
        Duration limit = s.maxWait;
        Duration remaining = context.remaining();
        if (remaining != null && remaining.compareTo(limit) < 0) {
            limit = remaining;
        }

        Instant start = context.clock().instant();
        Duration interval = s.interval;
        for (int poll = 1; ; poll++) {
            Outputs last = poll(inputs, context, poll);
            Object done = context.evaluate(until, Map.of("outputs", last.values()));
            if (!(done instanceof Boolean)) {
                throw new ActionFailedException("until is neither true nor false: " + bare + " gave "
                        + Texts.describe(done) + explanation(context.explain(until)));
            }
            if ((Boolean) done) {
                return last;
            }
            Duration elapsed = Duration.between(start, context.clock().instant());
            String explain = context.explain(until);
            if (elapsed.compareTo(limit) >= 0) {
                throw new ActionFailedException("gave up after " + Texts.duration(limit) + ": " + bare
                        + " still false" + explanation(explain));
            }
            context.progress("waiting for " + bare + ": " + Texts.duration(elapsed.withNanos(0))
                    + (explain == null || explain.isBlank() ? "" : ", last: " + explain));
            Duration left = limit.minus(elapsed);
            context.sleep(interval.compareTo(left) < 0 ? interval : left);
            interval = grow(interval, s.backoff, s.maxInterval);
        }
    }

    private static Outputs poll(Inputs inputs, ActionContext context, int poll) throws Exception {
        String what = inputs.has("step")
                ? "step '" + inputs.string("step") + "'"
                : "action " + inputs.string("action");
        Outputs out;
        try {
            out = inputs.has("step")
                    ? context.rerunStep(inputs.string("step"))
                    : context.runAction(inputs.string("action"), inputs.map("with"));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // A failing poll fails the wait; the step's retry policy may run the whole wait again.
            throw new ActionFailedException("poll " + poll + " of " + what + " failed: " + e.getMessage(), e);
        }
        return out == null ? Outputs.NONE : out;
    }

    static Duration grow(Duration interval, double backoff, Duration max) {
        double next = interval.toNanos() * backoff;
        return next >= max.toNanos() ? max : Duration.ofNanos((long) next);
    }

    private static String explanation(String explain) {
        return explain == null || explain.isBlank() ? "" : " (" + explain + ")";
    }

    /** The checked timing inputs of one wait. */
    private record Settings(Duration interval, double backoff, Duration maxInterval, Duration maxWait) {
    }

    private static Settings settings(Inputs inputs) throws ActionFailedException {
        boolean step = inputs.has("step");
        boolean action = inputs.has("action");
        if (step == action) {
            throw new ActionFailedException(step
                    ? "give step or action, not both"
                    : "give what to poll: step (the id of a read-only step) or action (with its inputs in with)");
        }
        if (step && inputs.has("with")) {
            throw new ActionFailedException("with gives the inputs of action; a polled step keeps its own inputs");
        }
        Duration interval = duration(inputs, "interval", DEFAULT_INTERVAL);
        Duration maxInterval = duration(inputs, "max-interval", DEFAULT_MAX_INTERVAL);
        Duration maxWait = duration(inputs, "max-wait", DEFAULT_MAX_WAIT);
        if (interval.isZero() || interval.isNegative()) {
            throw new ActionFailedException("interval must be longer than 0s");
        }
        if (maxInterval.compareTo(interval) < 0) {
            maxInterval = interval;
        }
        double backoff;
        Object b = inputs.get("backoff");
        try {
            backoff = b == null ? 1.0 : b instanceof Number ? ((Number) b).doubleValue()
                    : Double.parseDouble(String.valueOf(b).trim());
        } catch (NumberFormatException e) {
            throw new ActionFailedException("backoff: " + Texts.describe(b) + " is not a number", e);
        }
        if (!(backoff >= 1.0) || Double.isInfinite(backoff)) {
            throw new ActionFailedException("backoff must be a number of at least 1.0, not " + b);
        }
        return new Settings(interval, backoff, maxInterval, maxWait);
    }

    private static Duration duration(Inputs inputs, String name, Duration fallback) throws ActionFailedException {
        try {
            Duration d = inputs.duration(name, fallback);
            if (d.isNegative()) {
                throw new ActionFailedException(name + " must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ActionFailedException(name + ": " + e.getMessage(), e);
        }
    }
}
