package dev.runbook.exec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one step ended in a run: its status, its outputs (as later steps saw them, not redacted), the failure or skip
 * explanation, how long it took and how many attempts it made (0 when it never started).
 */
public record StepResult(String id, StepStatus status, Map<String, Object> outputs, String message,
        Duration duration, int attempts) {

    public StepResult {
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        duration = duration == null ? Duration.ZERO : duration;
    }

    static StepResult notRun(String id, StepStatus status, String message) {
        return new StepResult(id, status, Map.of(), message, Duration.ZERO, 0);
    }
}
