package dev.runbook.report;

import dev.runbook.model.Objectives;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of one run or drill, made from its audit records: the timeline with every step's phase, the incident
 * start, the RTO and RPO against their targets, wall-clock time per phase, and the time spent waiting for people
 * apart from the time spent in automation. A drill's {@code objectives-measured} record is preferred; without one
 * (an ordinary run) the RTO is computed from the timeline with the run start as the incident start.
 *
 * @param beforeRun time from the incident start to the run start (detection and call-out before the runbook)
 * @param measuredAtEnd whether the figures come from the drill's own {@code objectives-measured} record
 * @param marks what the team stated about the drill (exercise type, detection, declaration)
 * @param mtpd the maximum tolerable period of disruption the runbook declares, null without one
 * @param checks what the drill's MBCO and success alarms are checked against (NONE for a run that is not a drill)
 */
public record DrillReport(RunTimeline timeline, Instant incidentStart, Objective rto, Objective rpo,
        Map<String, Duration> phases, Duration waiting, Duration automation, Duration beforeRun,
        boolean measuredAtEnd, DrillMarks marks, Duration mtpd, DrillChecks checks) {

    public DrillReport {
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        marks = marks == null ? DrillMarks.NONE : marks;
        checks = checks == null ? DrillChecks.NONE : checks;
    }

    /**
     * The report of a run. {@code runbook} is the runbook as run, when it is at hand: it gives phases, targets and
     * {@code rpo-from} to a run that has no {@code objectives-measured} record; null otherwise.
     */
    public static DrillReport of(RunTimeline timeline, Runbook runbook) {
        if (timeline.measured().isPresent()) {
            Measurement m = Measurement.from(timeline.measured().get());
            RunTimeline phased = ObjectiveMeter.withPhases(timeline, m.phases());
            return build(phased, m.incidentStart(), m.rto(), m.rpo(), true, m.marks(), m.mtpd(), m.checks());
        }
        if (timeline.superseded().isPresent()) {
            // measured before a resume: its incident start, phases and targets still hold, its figures do not
            Measurement m = Measurement.from(timeline.superseded().get());
            RunTimeline phased = ObjectiveMeter.withPhases(timeline, m.phases());
            Objectives objectives = runbook != null && runbook.objectives() != null ? runbook.objectives()
                    : new Objectives(null, m.rto().target(), m.rpo().target(), null);
            return build(phased, m.incidentStart(), ObjectiveMeter.rto(m.rto().target(), phased, m.incidentStart()),
                    ObjectiveMeter.rpo(objectives, ObjectiveMeter.withIncidentStart(ObjectiveMeter.scope(timeline),
                            m.incidentStart()), runbook), false, m.marks(), m.mtpd(), m.checks());
        }
        Map<String, String> phases = runbook == null ? Map.of() : ObjectiveMeter.phases(runbook);
        RunTimeline phased = ObjectiveMeter.withPhases(timeline, phases);
        Objectives objectives = runbook == null || runbook.objectives() == null ? Objectives.NONE : runbook.objectives();
        Instant incident = timeline.startedAt();
        if (timeline.mode() != null && !timeline.mode().equals("run")) {
            // a preflight applies no change: there is no recovery to measure
            String note = "a " + timeline.mode() + " recovers nothing";
            return build(phased, incident, new Objective("rto", objectives.rto(), null, null, null, note),
                    new Objective("rpo", objectives.rpo(), null, null, null, note), false, DrillMarks.NONE,
                    objectives.mtpd(), DrillChecks.NONE);
        }
        Objective rto = ObjectiveMeter.rto(objectives.rto(), phased, incident);
        Objective rpo = ObjectiveMeter.rpo(objectives, ObjectiveMeter.withIncidentStart(ObjectiveMeter.scope(timeline),
                incident), runbook);
        return build(phased, incident, rto, rpo, false, DrillMarks.NONE, objectives.mtpd(), DrillChecks.NONE);
    }

    /**
     * The report of a drill from its measurement before that is recorded, for the scorecard block of the
     * {@code objectives-measured} record ({@link Measurement#fields(String, Scorecard)}).
     */
    public static DrillReport measured(RunTimeline timeline, Measurement m) {
        RunTimeline phased = ObjectiveMeter.withPhases(timeline, m.phases());
        return build(phased, m.incidentStart(), m.rto(), m.rpo(), true, m.marks(), m.mtpd(), m.checks());
    }

    private static DrillReport build(RunTimeline t, Instant incident, Objective rto, Objective rpo, boolean measured,
            DrillMarks marks, Duration mtpd, DrillChecks checks) {
        Map<String, Duration> phases = new LinkedHashMap<>();
        List<Interval> all = new ArrayList<>();
        for (Phase p : Phase.values()) {
            List<Interval> spans = new ArrayList<>();
            for (StepTimeline s : t.steps()) {
                if (p.yamlName().equals(s.phase()) && s.endedAt() != null) {
                    spans.add(new Interval(s.startedAt(), s.endedAt()));
                }
            }
            all.addAll(spans);
            phases.put(p.yamlName(), Duration.ofMillis(Interval.length(Interval.union(spans))));
        }
        List<Interval> busy = Interval.union(all);
        List<Interval> waits = Interval.union(t.waits());
        long waiting = Interval.length(waits);
        long automation = Interval.length(busy) - Interval.overlap(busy, waits);
        Duration before = Duration.between(incident, t.startedAt());
        return new DrillReport(t, incident, rto, rpo, phases, Duration.ofMillis(waiting), Duration.ofMillis(automation),
                before.isNegative() ? Duration.ZERO : before, measured, marks, mtpd, checks);
    }

    /**
     * The scorecard of this report from what the log holds: the incident start as disruption start, the run start
     * as execution start, the technical restore at the achieved RTO (the end of the last step that is not in the
     * {@code verify} phase), the verified service at the end of the last {@code verify} step; the RPO achieved as
     * measured; the exercise type, detection and declaration as the team stated them at the run
     * ({@link DrillMarks}); the MTPD as declared; the MBCO and the success alarms from the drill's checks
     * ({@link DrillChecks}).
     */
    public Scorecard scorecard() {
        boolean ok = "succeeded".equals(timeline.status());
        Instant restore = ok && incidentStart != null && rto != null && rto.achieved() != null
                ? incidentStart.plus(rto.achieved()) : null;
        ExerciseType exercise = timeline.tabletop() ? ExerciseType.TABLETOP : marks.exercise();
        Duration rtoTarget = rto == null ? null : rto.target();
        return new Scorecard(exercise, mtpd, rtoTarget, rpo == null ? null : rpo.target(), checks.mbcoLevel(),
                mbcoMet(), incidentStart, marks.detectedAt(), marks.declaredAt(), timeline.startedAt(), restore,
                ok ? verifiedService() : null, rpo == null ? null : rpo.achieved(), ok,
                incidentStart == null ? List.of() : checks.verdicts(incidentStart, rtoTarget));
    }

    /** The end of the last step in the {@code verify} phase that succeeded; null without one. */
    private Instant verifiedService() {
        Instant at = null;
        for (StepTimeline s : timeline.steps()) {
            if (Phase.VERIFY.yamlName().equals(s.phase()) && "succeeded".equals(s.status()) && s.endedAt() != null
                    && (at == null || s.endedAt().isAfter(at))) {
                at = s.endedAt();
            }
        }
        return at;
    }

    /** The MBCO: met when its step succeeded (missed when it ran and did not), or from its alarm's history. */
    private Boolean mbcoMet() {
        if (checks.mbcoLevel() == null) {
            return null;
        }
        if (checks.mbcoStep() != null) {
            for (StepTimeline s : timeline.steps()) {
                if (s.id().equals(checks.mbcoStep())) {
                    if ("succeeded".equals(s.status())) {
                        return true;
                    }
                    return "failed".equals(s.status()) ? Boolean.FALSE : null;
                }
            }
            return null;
        }
        return incidentStart == null ? null : checks.mbcoAlarmMet(incidentStart);
    }

    /** The objectives in report order. */
    public List<Objective> objectives() {
        return List.of(rto, rpo);
    }

    /** Seconds from the incident start to an instant. */
    public double offsetSeconds(Instant at) {
        return Duration.between(incidentStart, at).toMillis() / 1000.0;
    }
}
