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
        return named(inputs, name);
    }

    public Optional<IoSpec> output(String name) {
        return named(outputs, name);
    }

    // A loop, not a stream: looked up for every input of every step while a cold `validate` is still interpreted.
    private static Optional<IoSpec> named(List<IoSpec> specs, String name) {
        for (IoSpec s : specs) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
