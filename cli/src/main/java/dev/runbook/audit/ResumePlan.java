package dev.runbook.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.exec.StepResult;
import dev.runbook.exec.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code resume} rebuilds from one run's records: the runbook it ran (path, SHA-256), its recorded parameters
 * (secret ones are {@code ***}), the steps that succeeded with their recorded outputs, in the order they completed,
 * and the steps in doubt: started without a recorded outcome, and the resources its actions registered. A clean-up
 * that ended succeeded or declined is done with: its steps do not count as completed, so that a resume that runs
 * main steps again runs the whole clean-up after them; one that failed or was interrupted (or never recorded its
 * end) keeps its completed steps, and the resume runs the rest.
 */
public record ResumePlan(String runId, String runbook, String path, String sha256, Instant started, boolean drill,
        RunSummary summary, boolean rollbackStarted, Map<String, Object> params, Map<String, StepResult> completed,
        Map<String, InDoubtStep> inDoubt, List<dev.runbook.exec.StepResource> resources) {

    public ResumePlan {
        resources = List.copyOf(resources);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        completed = Collections.unmodifiableMap(new LinkedHashMap<>(completed));
        inDoubt = Collections.unmodifiableMap(new LinkedHashMap<>(inDoubt));
    }

    /**
     * A step whose "started" record has no outcome after it, or a mutating one that was interrupted while its action
     * ran ({@code interruptedAt} then says when, else null): what the log knows about that attempt.
     */
    public record InDoubtStep(String step, String action, String kind, String startedAt, int attempt,
            Map<String, Object> inputs, String interruptedAt) {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** Rebuilds the plan from the run's records in file order; throws when the run has no start record. */
    public static ResumePlan of(String runId, List<AuditRecord> records) {
        AuditRecord start = null;
        AuditRecord latest = null;
        Map<String, StepResult> completed = new LinkedHashMap<>();
        Map<String, InDoubtStep> inDoubt = new LinkedHashMap<>();
        boolean rollback = false;
        // The steps with a start record since the latest (re)start: only an attempt's own end settles its doubt.
        Set<String> attempted = new HashSet<>();
        List<dev.runbook.exec.StepResource> resources = new java.util.ArrayList<>();
        Set<String> cleanupSteps = new java.util.LinkedHashSet<>();
        boolean cleanupDone = false;
        for (AuditRecord r : records) {
            String event = r.event();
            JsonNode f = r.fields();
            if (event.equals("cleanup-started")) {
                cleanupDone = false;
                for (JsonNode s : f.path("steps")) {
                    cleanupSteps.add(s.asText());
                }
            } else if (event.equals("cleanup-finished")) {
                String status = f.path("status").asText("");
                cleanupDone = status.equals("succeeded") || status.equals("declined");
            } else if (event.equals("resource-created")) {
                resources.add(new dev.runbook.exec.StepResource(f.path("step").asText(null),
                        new dev.runbook.action.CreatedResource(f.path("kind").asText(""), f.path("id").asText(""),
                                f.path("region").asText(null), f.path("removal").asText(null))));
            } else if (event.equals("run-started") || event.equals("run-resumed")) {
                start = start == null ? r : start;
                latest = r;
                attempted.clear();
            } else if (event.equals("step-started")) {
                String step = r.step().orElse("");
                completed.remove(step);
                attempted.add(step);
                inDoubt.put(step, new InDoubtStep(step, f.path("action").asText(null), f.path("kind").asText(null),
                        r.ts(), f.path("attempt").asInt(1), toMap(f.get("inputs")), null));
            } else if (event.startsWith("step-") && !event.equals("step-planned") && r.step().isPresent()) {
                String step = r.step().get();
                // A later run that ended the step without attempting it (the operator stopped at the in-doubt
                // question, it was skipped or declined) decided nothing about the earlier attempt: still in doubt.
                // Success (found or marked done) and the end of a new attempt settle it, except an interruption of
                // a mutating attempt (an abort or a signal while its action ran): what it changed is not known.
                boolean ownAttempt = attempted.remove(step);
                if (event.equals("step-succeeded") || ownAttempt) {
                    InDoubtStep started = inDoubt.remove(step);
                    if (event.equals("step-interrupted") && started != null && "mutating".equals(started.kind())) {
                        inDoubt.put(step, new InDoubtStep(started.step(), started.action(), started.kind(),
                                started.startedAt(), started.attempt(), started.inputs(), r.ts()));
                    }
                }
                if (event.equals("step-succeeded")) {
                    completed.remove(step);
                    completed.put(step, new StepResult(step, StepStatus.SUCCEEDED, toMap(f.get("outputs")),
                            f.path("message").asText(null), Duration.ofMillis(f.path("durationMs").asLong(0)),
                            f.path("attempts").asInt(0)));
                } else {
                    completed.remove(step);
                }
            } else if (event.equals("undo-started") || event.equals("undo-finished")) {
                rollback = true;
            }
        }
        if (start == null) {
            throw new AuditLogException("run " + runId + " has no run-started record in the audit log");
        }
        if (cleanupDone) {
            for (String step : cleanupSteps) {
                completed.remove(step);
            }
        }
        // The latest (re)start says which runbook bytes and parameters the run goes on with (--allow-changed).
        JsonNode s = latest.fields();
        return new ResumePlan(runId, s.path("runbook").asText(null), s.path("path").asText(null),
                s.path("sha256").asText(null), Instant.parse(start.ts()), s.path("drill").asBoolean(false),
                AuditReader.summary(runId, records), rollback, toMap(s.get("params")), completed, inDoubt, resources);
    }

    private static Map<String, Object> toMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        return RecordCodec.MAPPER.convertValue(node, MAP);
    }
}
