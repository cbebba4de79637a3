package dev.runbook.action;

import java.util.List;
import java.util.Optional;

/**
 * What an action declares about itself: its stable name, what it does, whether it mutates (the default; an action
 * may decide per call from its inputs, see {@link Action#kind}), and its inputs and outputs. When
 * {@code openOutputs} is true the action may return outputs beyond the declared ones (e.g. {@code wait} returns the
 * outputs of what it polled), so references to undeclared outputs are not errors.
 */
public record ActionSpec(
        String name,
        String description,
        Kind kind,
        List<IoSpec> inputs,
        List<IoSpec> outputs,
        boolean openOutputs) {

    public ActionSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<IoSpec> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<IoSpec> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
