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
import java.util.List;

/** {@code sleep}: waits for a duration, through the context's clock so that tests with a fake clock do not wait. */
public final class SleepAction implements Action {
    private static final ActionSpec SPEC = new ActionSpec(
            "sleep",
            "Waits for a duration.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("duration", ValueType.DURATION, "how long to wait, e.g. 30s, 5m, PT1M")),
            List.of(),
            false);

    /** How often a long sleep reports how much of it is left. */
    private static final Duration TICK = Duration.ofSeconds(1);

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public Preview preview(Inputs inputs) {
        try {
            return Preview.of("sleep " + Texts.duration(duration(inputs)));
        } catch (ActionFailedException e) {
            // Dry-runs show what they can: the value as rendered (it may not be known yet).
            return Preview.of("sleep " + inputs.string("duration"));
        }
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        Duration total = duration(inputs);
        Duration left = total;
        // In ticks, so that the operator sees the wait count down instead of a step that looks stuck.
        while (left.compareTo(Duration.ZERO) > 0) {
            context.progress("sleeping: " + Texts.duration(left) + " left of " + Texts.duration(total));
            Duration tick = left.compareTo(TICK) > 0 ? TICK : left;
            context.sleep(tick);
            left = left.minus(tick);
        }
        return Outputs.NONE;
    }

    private static Duration duration(Inputs inputs) throws ActionFailedException {
        if (!inputs.has("duration")) {
            throw new ActionFailedException("duration is missing");
        }
        try {
            Duration d = inputs.duration("duration", Duration.ZERO);
            if (d.isNegative()) {
                throw new ActionFailedException("duration " + Texts.duration(d) + " is negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ActionFailedException("duration: " + e.getMessage(), e);
        }
    }
}
