package dev.runbook.exec;

import dev.runbook.error.RunbookException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a run ended: its id and status, a one-line explanation when it did not succeed (secrets replaced), and every
 * step's result in runbook order.
 */
public record RunResult(String runId, RunStatus status, String message, Map<String, StepResult> steps,
        Duration duration) {

    public RunResult {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    public StepResult step(String id) {
        return steps.get(id);
    }

    /** The failure as the engine's exception, for front-ends that map reasons to exit codes; empty on success. */
    public Optional<RunbookException> failure() {
        return status.reason().map(r -> new RunbookException(r, message == null ? status.label() : message));
    }
}
