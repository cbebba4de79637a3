package dev.runbook.exec;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run starts from: nothing for a fresh run; for {@code resume}, the run's id and start, the steps that
 * already completed (with their outputs, in the order they completed) and the steps that started without a
 * recorded outcome ("in doubt"), and the resources its actions registered.
 */
public record RunState(String runId, Instant started, Map<String, StepResult> completed, Set<String> inDoubt,
        java.util.List<StepResource> resources) {

    public RunState {
        completed = Collections.unmodifiableMap(new LinkedHashMap<>(completed));
        inDoubt = Collections.unmodifiableSet(new LinkedHashSet<>(inDoubt));
        resources = resources == null ? java.util.List.of() : java.util.List.copyOf(resources);
    }

    public RunState(String runId, Instant started, Map<String, StepResult> completed, Set<String> inDoubt) {
        this(runId, started, completed, inDoubt, java.util.List.of());
    }

    /** This state with the resources the earlier run registered: probed again after the clean-up. */
    public RunState withResources(java.util.List<StepResource> registered) {
        return new RunState(runId, started, completed, inDoubt, registered);
    }

    /** A fresh run: a new id is chosen by the executor. */
    public static RunState fresh() {
        return new RunState(null, null, Map.of(), Set.of());
    }

    /** A run to continue: completed steps are not run again, and their outputs are used as recorded. */
    public static RunState resume(String runId, Instant started, Map<String, StepResult> completed,
            Set<String> inDoubt) {
        return new RunState(runId, started, completed, inDoubt);
    }

    public boolean isResume() {
        return runId != null;
    }
}
