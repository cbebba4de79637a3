package dev.runbook.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.audit.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run rebuilt from its audit records alone, so that a report can be made later and on another machine: who ran
 * which runbook file with which parameters (secrets as recorded, {@code ***}), when it started and ended, each step's
 * {@link StepTimeline}, prompts outside steps, and the {@code objectives-measured} record of a drill, if any
 * ({@code superseded} holds one that a resume made out of date: the run went on after it was measured).
 */
public record RunTimeline(String runId, String runbook, String path, String sha256, String operator, String actor,
        String tool, boolean drill, String mode, Map<String, Object> params, Instant startedAt, Instant endedAt,
        String status, List<StepTimeline> steps, List<Interval> runWaits, List<AuditRecord> records,
        Optional<JsonNode> measured, Optional<JsonNode> superseded) {

    /** The event of the record a drill appends after its run with what it measured. */
    public static final String OBJECTIVES_MEASURED = "objectives-measured";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OUTCOMES = Set.of("step-succeeded", "step-failed", "step-timed-out",
            "step-skipped", "step-declined", "step-interrupted", "step-skipped-by-operator");
    private static final Set<String> RUN_ENDS = Set.of("run-finished", "run-aborted", "run-interrupted");

    public RunTimeline {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        steps = List.copyOf(steps);
        runWaits = List.copyOf(runWaits);
        records = List.copyOf(records);
    }

    /** Rebuilds the run from its records (file order); throws IllegalArgumentException when there are none. */
    public static RunTimeline of(List<AuditRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records for the run");
        }
        String runId = records.get(0).runId().orElse("");
        JsonNode start = null;
        Instant startedAt = null;
        Instant endedAt = null;
        String status = "unfinished";
        JsonNode measured = null;
        JsonNode superseded = null;
        Map<String, Builder> steps = new LinkedHashMap<>();
        Map<String, Instant> asked = new LinkedHashMap<>();
        List<Interval> runWaits = new ArrayList<>();
        for (AuditRecord r : records) {
            String event = r.event();
            Instant at = Instant.parse(r.ts());
            if (event.equals("run-started") || event.equals("run-resumed")) {
                if (start == null) {
                    start = r.fields();
                    startedAt = r.text("runStarted").map(Instant::parse).orElse(at);
                }
                status = "unfinished";
                endedAt = null;
                if (measured != null) {
                    superseded = measured;
                    measured = null;
                }
                continue;
            }
            if (RUN_ENDS.contains(event)) {
                status = r.text("status").orElse(event.substring(4));
                endedAt = at;
                continue;
            }
            if (event.equals(OBJECTIVES_MEASURED)) {
                measured = r.fields();
                continue;
            }
            String stepId = r.step().orElse(null);
            String key = stepId == null ? "" : stepId;
            if (event.equals("prompt-asked")) {
                asked.put(key, at);
            } else if (event.equals("prompt-answered")) {
                Instant from = asked.remove(key);
                Interval wait = new Interval(from == null ? at : from, at);
                if (stepId == null) {
                    runWaits.add(wait);
                } else {
                    step(steps, stepId, at).waits.add(wait);
                }
                if (stepId != null) {
                    for (JsonNode who : r.fields().path("decidedBy")) {
                        Builder b = steps.get(stepId);
                        if (!b.confirmedBy.contains(who.asText())) {
                            b.confirmedBy.add(who.asText());
                        }
                    }
                }
            }
            if (stepId == null || event.startsWith("undo-") || event.equals("retry")) {
                continue;
            }
            Builder b = step(steps, stepId, at);
            r.text("title").ifPresent(t -> b.title = t);
            if (event.equals("step-started")) {
                b.attempts = Math.max(b.attempts, r.fields().path("attempt").asInt(b.attempts + 1));
                b.action = r.text("action").orElse(b.action);
                b.status = "running";
                b.endedAt = null;
            } else if (event.equals("step-planned")) {
                // a preflight shows a mutating step instead of running it
                b.status = "planned";
                b.endedAt = at;
                b.action = r.text("action").orElse(b.action);
                b.message = r.text("message").orElse(null);
            } else if (OUTCOMES.contains(event)) {
                b.status = r.text("status").orElse(event.substring(5));
                b.endedAt = at;
                b.attempts = Math.max(b.attempts, r.fields().path("attempts").asInt(0));
                b.message = r.text("error").or(() -> r.text("message")).orElse(null);
                JsonNode outputs = r.fields().get("outputs");
                if (outputs != null && outputs.isObject()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> plain = MAPPER.convertValue(outputs, Map.class);
                    b.outputs = plain;
                }
            }
        }
        if (start == null) {
            throw new IllegalArgumentException("the log has no start record for run " + runId);
        }
        List<StepTimeline> out = new ArrayList<>();
        for (Builder b : steps.values()) {
            out.add(new StepTimeline(b.id, b.title == null ? b.id : b.title, b.action, "recover",
                    b.status == null ? "unfinished" : b.status, b.startedAt, b.endedAt, b.attempts, b.waits,
                    b.confirmedBy, b.message, b.outputs));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = start.has("params") ? MAPPER.convertValue(start.get("params"), Map.class) : Map.of();
        JsonNode actor = start.path("actor");
        String who = actor.isObject() ? actor.path("user").asText("?") + "@" + actor.path("host").asText("?")
                + (actor.has("aws") ? " (" + actor.path("aws").asText() + ")" : "") : null;
        return new RunTimeline(runId, text(start, "runbook"), text(start, "path"), text(start, "sha256"),
                text(start, "operator"), who, text(start, "tool"), start.path("drill").asBoolean(false),
                text(start, "mode"), params, startedAt, endedAt, status, out, runWaits, records,
                Optional.ofNullable(measured), Optional.ofNullable(superseded));
    }

    /**
     * The steps a rollback left as they are (undo declined or failed, no undo, or after the rollback stopped), in
     * rollback order with why, as the run's last end record names them; empty when the rollback completed or none ran.
     */
    public Map<String, String> notUndone() {
        JsonNode end = null;
        for (AuditRecord r : records) {
            if (RUN_ENDS.contains(r.event())) {
                end = r.fields();
            } else if (r.event().equals("run-resumed")) {
                end = null;
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (end != null) {
            for (JsonNode n : end.path("notUndone")) {
                out.put(n.path("step").asText(), n.path("why").asText());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Whether the run was a tabletop ({@code run --tabletop}): a walk-through that executed nothing. */
    public boolean tabletop() {
        return "tabletop".equals(mode);
    }

    /** The exercise type: {@code tabletop} for a tabletop, else null (this log records no other kind). */
    public String exercise() {
        return tabletop() ? "tabletop" : null;
    }

    /** A tabletop's participants, as its {@code tabletop-participants} record names them (empty for other runs). */
    public List<String> participants() {
        List<String> out = new ArrayList<>();
        for (AuditRecord r : records) {
            if (r.event().equals("tabletop-participants")) {
                out.clear();
                for (JsonNode n : r.fields().path("participants")) {
                    out.add(n.asText());
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A tabletop's notes by step id, in the order they were recorded (a step noted twice keeps the last). */
    public Map<String, TabletopNote> notes() {
        Map<String, TabletopNote> out = new LinkedHashMap<>();
        for (AuditRecord r : records) {
            if (r.event().equals("tabletop-note") && r.step().isPresent()) {
                String step = r.step().get();
                out.put(step, new TabletopNote(step, r.text("note").orElse(""), r.text("by").orElse(null)));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The status with the steps a rollback left as they are, for a summary line. */
    public String statusLine() {
        String left = notUndoneText();
        return left.isEmpty() ? status : status + "; not undone: " + left;
    }

    /** {@link #notUndone()} as text: {@code id (why), ...}; empty when there are none. */
    public String notUndoneText() {
        List<String> parts = new ArrayList<>();
        notUndone().forEach((id, why) -> parts.add(id + " (" + why + ")"));
        return String.join(", ", parts);
    }

    /** Every interval spent waiting for people, inside steps and outside them. */
    public List<Interval> waits() {
        List<Interval> all = new ArrayList<>(runWaits);
        for (StepTimeline s : steps) {
            all.addAll(s.waits());
        }
        return all;
    }

    RunTimeline withSteps(List<StepTimeline> newSteps) {
        return new RunTimeline(runId, runbook, path, sha256, operator, actor, tool, drill, mode, params, startedAt,
                endedAt, status, newSteps, runWaits, records, measured, superseded);
    }

    private static Builder step(Map<String, Builder> steps, String id, Instant at) {
        return steps.computeIfAbsent(id, k -> new Builder(id, at));
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static final class Builder {
        final String id;
        final Instant startedAt;
        final List<Interval> waits = new ArrayList<>();
        final List<String> confirmedBy = new ArrayList<>();
        String title;
        String action;
        String status;
        Instant endedAt;
        int attempts;
        String message;
        Map<String, Object> outputs = Map.of();

        Builder(String id, Instant startedAt) {
            this.id = id;
            this.startedAt = startedAt;
        }
    }
}
