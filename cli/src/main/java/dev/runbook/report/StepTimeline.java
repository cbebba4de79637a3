package dev.runbook.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a run as the audit log tells it: when it began (its first record: instructions, a prompt or its start)
 * and ended (its outcome record; null while it has none), its outcome, how many attempts it made, how long it waited
 * for people (prompt asked to prompt answered) and who answered its prompts.
 *
 * @param phase detect, decide, recover or verify (a step that names none counts as recover)
 * @param waits the intervals spent waiting for an answer, in order
 */
public record StepTimeline(String id, String title, String action, String phase, String status, Instant startedAt,
        Instant endedAt, int attempts, List<Interval> waits, List<String> confirmedBy, String message,
        Map<String, Object> outputs) {

    public StepTimeline {
        waits = List.copyOf(waits);
        confirmedBy = List.copyOf(confirmedBy);
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** Start to end; zero while the step has no end. */
    public Duration duration() {
        return endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
    }

    /** The time spent waiting for people within the step. */
    public Duration waiting() {
        return Duration.ofMillis(Interval.length(Interval.union(waits)));
    }

    /** The step with another phase. */
    StepTimeline withPhase(String phase) {
        return new StepTimeline(id, title, action, phase, status, startedAt, endedAt, attempts, waits, confirmedBy,
                message, outputs);
    }
}
