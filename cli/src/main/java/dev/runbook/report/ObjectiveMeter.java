package dev.runbook.report;

import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.expr.Template;
import dev.runbook.expr.Timestamps;
import dev.runbook.model.Durations;
import dev.runbook.model.Located;
import dev.runbook.model.Objectives;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a run against its runbook's objectives. RTO achieved: from the incident start to the end of the last step
 * whose phase is not {@code verify} (clean-up steps are no part of it); met when the run succeeded and that is within the target. RPO achieved: the
 * value, in seconds, of {@code objectives.rpo-from} over the run's final scope; without it, the step output named
 * {@code rpoSeconds} (the last step in runbook order that has one); met when within the target.
 */
public final class ObjectiveMeter {
    /** The step output a runbook without {@code rpo-from} reports its achieved RPO in. */
    public static final String RPO_OUTPUT = "rpoSeconds";

    private ObjectiveMeter() {
    }

    /**
     * Everything a drill records at its end, over {@code scope} (params, steps.ID.status/outputs, run), to which
     * {@code run.incidentStart} is added for {@code rpo-from}.
     */
    public static Measurement measure(Runbook runbook, RunTimeline timeline, Instant incidentStart,
            Map<String, Object> scope) {
        return measure(runbook, timeline, incidentStart, scope, DrillMarks.NONE);
    }

    /** {@link #measure(Runbook, RunTimeline, Instant, Map)} with what the team stated about the drill. */
    public static Measurement measure(Runbook runbook, RunTimeline timeline, Instant incidentStart,
            Map<String, Object> scope, DrillMarks marks) {
        return measure(runbook, timeline, incidentStart, scope, marks, DrillChecks.NONE);
    }

    /** {@link #measure(Runbook, RunTimeline, Instant, Map, DrillMarks)} with the MBCO and alarm checks read. */
    public static Measurement measure(Runbook runbook, RunTimeline timeline, Instant incidentStart,
            Map<String, Object> scope, DrillMarks marks, DrillChecks checks) {
        scope = withIncidentStart(scope, incidentStart);
        Map<String, String> phases = phases(runbook);
        RunTimeline phased = withPhases(timeline, phases);
        Objectives objectives = runbook.objectives() == null ? Objectives.NONE : runbook.objectives();
        return new Measurement(incidentStart, rto(objectives.rto(), phased, incidentStart),
                rpo(objectives, scope, runbook), recovered(timeline), phases, marks, objectives.mtpd(), checks);
    }

    /** The phase recorded for a clean-up step: it is after the recovery, and no part of the RTO or any phase. */
    public static final String CLEANUP_PHASE = "cleanup";

    /**
     * The phase of every step of the runbook; a step that names none counts as recover; a clean-up step is in
     * {@link #CLEANUP_PHASE}.
     */
    public static Map<String, String> phases(Runbook runbook) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Step s : runbook.steps()) {
            m.put(s.idValue(), s.phase() == null ? Phase.RECOVER.yamlName() : s.phase().yamlName());
        }
        for (Step s : runbook.cleanup()) {
            m.put(s.idValue(), CLEANUP_PHASE);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The scope expressions see at the end of a run: {@code params}, {@code steps.ID.status/outputs}, {@code run}. */
    public static Map<String, Object> scope(String runId, Instant started, Map<String, Object> params,
            Map<String, String> statuses, Map<String, Map<String, Object>> outputs) {
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : statuses.entrySet()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", e.getValue());
            one.put("outputs", outputs.getOrDefault(e.getKey(), Map.of()));
            steps.put(e.getKey(), one);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("started", started);
        run.put("dry", false);
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("params", params);
        scope.put("steps", steps);
        scope.put("run", run);
        return scope;
    }

    /** The scope rebuilt from the log (outputs and parameters as recorded: secret ones are {@code ***}). */
    static Map<String, Object> scope(RunTimeline t) {
        Map<String, String> statuses = new LinkedHashMap<>();
        Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
        for (StepTimeline s : t.steps()) {
            statuses.put(s.id(), s.status());
            outputs.put(s.id(), s.outputs());
        }
        return scope(t.runId(), t.startedAt(), t.params(), statuses, outputs);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withIncidentStart(Map<String, Object> scope, Instant incidentStart) {
        Map<String, Object> run = new LinkedHashMap<>((Map<String, Object>) scope.getOrDefault("run", Map.of()));
        // text, as timestamps are everywhere in expressions: seconds-between() and add-time() read it
        run.put("incidentStart", Timestamps.format(incidentStart));
        Map<String, Object> out = new LinkedHashMap<>(scope);
        out.put("run", run);
        return out;
    }

    static RunTimeline withPhases(RunTimeline t, Map<String, String> phases) {
        return t.withSteps(t.steps().stream()
                .map(s -> s.withPhase(phases.getOrDefault(s.id(), Phase.RECOVER.yamlName())))
                .toList());
    }

    static boolean recovered(RunTimeline t) {
        return "succeeded".equals(t.status());
    }

    static Objective rto(Duration target, RunTimeline phased, Instant incidentStart) {
        Instant end = null;
        for (StepTimeline s : phased.steps()) {
            if (!Phase.VERIFY.yamlName().equals(s.phase()) && !CLEANUP_PHASE.equals(s.phase()) && s.endedAt() != null
                    && (end == null || s.endedAt().isAfter(end))) {
                end = s.endedAt();
            }
        }
        String source = "incident start to the end of the last step not in phase verify";
        if (end == null) {
            return new Objective("rto", target, null, target == null ? null : false, source,
                    "no recovery step ended");
        }
        Duration achieved = Duration.between(incidentStart, end);
        if (!recovered(phased)) {
            // a failed recovery achieved no RTO, however fast it failed: the time it stopped is not one
            return new Objective("rto", target, null, target == null ? null : false, source,
                    Objective.NOT_RECOVERED_NOTE + phased.status() + "): no RTO was achieved; its last recovery"
                    + " step ended " + Texts.human(achieved) + " after the incident start");
        }
        Boolean met = target == null ? null : achieved.compareTo(target) <= 0;
        return new Objective("rto", target, achieved, met, source, null);
    }

    static Objective rpo(Objectives objectives, Map<String, Object> scope, Runbook runbook) {
        Duration target = objectives.rpo();
        Located<String> from = objectives.rpoFrom();
        if (from != null) {
            try {
                Template t = Template.condition(from.value(), from.location());
                Object value = Expressions.shared().evaluate(t, scope);
                return achieved(target, seconds(value), "objectives.rpo-from");
            } catch (ExpressionException | IllegalArgumentException e) {
                return new Objective("rpo", target, null, target == null ? null : false, "objectives.rpo-from",
                        "rpo-from could not be evaluated: " + e.getMessage());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> steps = (Map<String, Object>) scope.getOrDefault("steps", Map.of());
        List<String> order = runbook == null ? List.copyOf(steps.keySet())
                : runbook.steps().stream().map(Step::idValue).toList();
        String source = null;
        Object value = null;
        for (String id : order) {
            Object step = steps.get(id);
            if (step instanceof Map) {
                Object outputs = ((Map<?, ?>) step).get("outputs");
                if (outputs instanceof Map && ((Map<?, ?>) outputs).get(RPO_OUTPUT) != null) {
                    value = ((Map<?, ?>) outputs).get(RPO_OUTPUT);
                    source = "steps." + id + ".outputs." + RPO_OUTPUT;
                }
            }
        }
        if (source == null) {
            return new Objective("rpo", target, null, target == null ? null : false, null,
                    "not measured: declare objectives.rpo-from or have a step output " + RPO_OUTPUT);
        }
        try {
            return achieved(target, seconds(value), source);
        } catch (IllegalArgumentException e) {
            return new Objective("rpo", target, null, target == null ? null : false, source, e.getMessage());
        }
    }

    private static Objective achieved(Duration target, Duration achieved, String source) {
        Boolean met = target == null ? null : achieved.compareTo(target) <= 0;
        return new Objective("rpo", target, achieved, met, source, null);
    }

    /** A number of seconds (a number, numeric text, or a duration literal such as {@code 5m}). */
    static Duration seconds(Object value) {
        if (value instanceof Duration) {
            return (Duration) value;
        }
        String text = value == null ? "" : value.toString().trim();
        if (value instanceof Double && !Double.isFinite((Double) value)) {
            throw new IllegalArgumentException("the achieved RPO is not a finite number of seconds: '" + text + "'");
        }
        try {
            BigDecimal s = new BigDecimal(text);
            if (s.signum() < 0) {
                throw new IllegalArgumentException("the achieved RPO is negative (" + text + " seconds)");
            }
            // longValue() would keep the low 64 bits of 1e400 (zero): a value past the longest duration is unmeasurable
            if (s.compareTo(BigDecimal.valueOf(Durations.MAX.getSeconds())) > 0) {
                throw new IllegalArgumentException("the achieved RPO is out of range (" + text
                        + " seconds; at most 36500 days)");
            }
            return Duration.ofMillis(s.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            if (Durations.isDuration(text)) {
                return Durations.parse(text);
            }
            throw new IllegalArgumentException("the achieved RPO is not a number of seconds: '" + text + "'");
        }
    }
}
