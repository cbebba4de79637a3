package dev.runbook.testing;

import dev.runbook.model.Location;
import java.util.List;

/**
 * The answers given for one step: the calls of its action in order (the last one repeats), and the calls of its
 * {@code undo} action, if the case expects a rollback.
 */
public record StepFixtures(String step, Location location, List<Fixture> calls, List<Fixture> undo) {

    public StepFixtures {
        calls = List.copyOf(calls);
        undo = List.copyOf(undo);
    }
}
