package dev.runbook.graph;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import java.util.ArrayList;
import java.util.List;

/** A test action with a declared spec; {@code read-only: true} makes a mutating one read-only, like {@code exec}. */
public final class FakeAction implements Action {
    private final ActionSpec spec;

    private FakeAction(ActionSpec spec) {
        this.spec = spec;
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Kind kind(Inputs inputs) {
        if (spec.input("read-only").isPresent()) {
            return inputs.bool("read-only", false) ? Kind.READ_ONLY : Kind.MUTATING;
        }
        return spec.kind();
    }

    @Override
    public Preview preview(Inputs inputs) {
        return Preview.of(spec.name());
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) {
        return Outputs.NONE;
    }

    /** Builds a fake action's spec. */
    public static final class Builder {
        private final String name;
        private Kind kind = Kind.READ_ONLY;
        private final List<IoSpec> inputs = new ArrayList<>();
        private final List<IoSpec> outputs = new ArrayList<>();
        private boolean open;

        Builder(String name) {
            this.name = name;
        }

        public Builder mutating() {
            kind = Kind.MUTATING;
            return this;
        }

        public Builder required(String input, dev.runbook.action.ValueType type) {
            inputs.add(IoSpec.required(input, type, input));
            return this;
        }

        public Builder optional(String input, dev.runbook.action.ValueType type) {
            inputs.add(IoSpec.optional(input, type, input));
            return this;
        }

        public Builder output(String output) {
            outputs.add(IoSpec.output(output, dev.runbook.action.ValueType.STRING, output));
            return this;
        }

        public Builder openOutputs() {
            open = true;
            return this;
        }

        public FakeAction build() {
            return new FakeAction(new ActionSpec(name, name, kind, inputs, outputs, open));
        }
    }
}
