package dev.runbook.cli;

import dev.runbook.actions.aws.AlarmHistoryReader;
import dev.runbook.actions.aws.AwsClients;
import dev.runbook.actions.aws.AwsSettings;
import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.error.Messages;
import dev.runbook.error.RunbookException;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.StepResult;
import dev.runbook.expr.Timestamps;
import dev.runbook.model.Runbook;
import dev.runbook.report.DrillChecks;
import dev.runbook.report.DrillMarks;
import dev.runbook.report.DrillReport;
import dev.runbook.report.ExerciseType;
import dev.runbook.report.DrillSummary;
import dev.runbook.report.JsonReport;
import dev.runbook.report.Measurement;
import dev.runbook.report.ObjectiveMeter;
import dev.runbook.report.RunTimeline;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill part of {@code runbook run --drill}: the incident start is checked before anything runs; after the run
 * the objectives are measured over its final scope, appended to the audit log as an {@code objectives-measured}
 * record, and the drill summary is printed.
 */
final class DrillWiring {
    private DrillWiring() {
    }

    /** The incident start given by {@code --incident-start}, or null for the run start; bad input is exit 2. */
    static Instant incidentStart(CliContext context, String text, boolean drill) {
        if (text == null) {
            return null;
        }
        if (!drill) {
            throw RunbookException.invalid("--incident-start is for drills: add --drill");
        }
        Instant at;
        try {
            at = Timestamps.resolve(text, context.clock());
        } catch (IllegalArgumentException e) {
            throw RunbookException.invalid("--incident-start: " + e.getMessage());
        }
        if (at.isAfter(context.clock().instant())) {
            throw RunbookException.invalid("--incident-start " + text + " is in the future (" + Timestamps.format(at)
                    + "): the incident must begin before the drill runs");
        }
        return at;
    }

    /**
     * What the team states about the drill ({@code --exercise}, {@code --detected-at}, {@code --declared-at}),
     * checked against the incident start ({@code incident}, null for the run start, taken as now); bad input is
     * exit 2 naming the option.
     */
    static DrillMarks marks(CliContext context, boolean drill, Instant incident, String exercise, String detectedAt,
            String declaredAt) {
        if (exercise == null && detectedAt == null && declaredAt == null) {
            return DrillMarks.NONE;
        }
        String given = exercise != null ? "--exercise" : detectedAt != null ? "--detected-at" : "--declared-at";
        if (!drill) {
            throw RunbookException.invalid(given + " is for drills: add --drill");
        }
        ExerciseType type = null;
        if (exercise != null) {
            try {
                type = ExerciseType.parse(exercise);
            } catch (IllegalArgumentException e) {
                throw RunbookException.invalid("--exercise: " + e.getMessage());
            }
            if (type == ExerciseType.TABLETOP) {
                throw RunbookException.invalid("--exercise tabletop: a tabletop executes nothing; run it with "
                        + "--tabletop instead of --drill");
            }
        }
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        DrillMarks marks = new DrillMarks(type, time(context, "--detected-at", detectedAt),
                time(context, "--declared-at", declaredAt));
        String problem = marks.problem(incident == null ? now : incident, now);
        if (problem != null) {
            throw RunbookException.invalid(problem + (incident == null && problem.contains("incident start")
                    ? " (without --incident-start the incident starts with the run)" : ""));
        }
        return marks;
    }

    private static Instant time(CliContext context, String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.resolve(text, context.clock()).truncatedTo(ChronoUnit.MILLIS);
        } catch (IllegalArgumentException e) {
            throw RunbookException.invalid(option + ": " + e.getMessage());
        }
    }

    /** What an earlier part of a resumed drill recorded about it, or NONE. */
    static DrillMarks declaredMarks(List<AuditRecord> records) {
        DrillMarks marks = DrillMarks.NONE;
        for (AuditRecord r : records) {
            if (r.event().equals(RunTimeline.OBJECTIVES_MEASURED)) {
                marks = Measurement.from(r.fields()).marks();
            }
        }
        return marks;
    }

    /** The incident start an earlier part of a resumed drill recorded, or null (the run start). */
    static Instant declaredIncidentStart(List<AuditRecord> records) {
        Instant at = null;
        for (AuditRecord r : records) {
            if (r.event().equals(RunTimeline.OBJECTIVES_MEASURED)) {
                at = r.text("incidentStart").map(Instant::parse).orElse(at);
            }
        }
        return at;
    }

    /**
     * The MBCO and success alarms the runbook declares, with the alarm history read from CloudWatch over the drill
     * window (from a day before the disruption start to now); a history that cannot be read is recorded as such.
     */
    private static DrillChecks checks(CliContext context, Runbook runbook, Instant disruption) {
        Instant end = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        if (runbook.objectives() == null || runbook.objectives().alarmsToRead().isEmpty()) {
            return DrillChecks.read(runbook.objectives(), disruption, end, null);
        }
        try (AwsClients clients = new AwsClients(AwsSettings.current())) {
            return DrillChecks.read(runbook.objectives(), disruption, end, new AlarmHistoryReader(clients));
        }
    }

    /** Measures the drill, records the measurement in the log and prints the summary. */
    static void measure(CliContext context, HashChainedAuditLog log, Runbook runbook, Map<String, Object> values,
            RunResult result, Instant incident, DrillMarks marks, OutputFormat output, NextCommands next) {
        try {
            List<AuditRecord> records = AuditReader.records(log.file(), result.runId());
            if (records.isEmpty()) {
                return;
            }
            RunTimeline timeline = RunTimeline.of(records);
            Map<String, String> statuses = new LinkedHashMap<>();
            Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
            for (StepResult r : result.steps().values()) {
                statuses.put(r.id(), r.status().label());
                outputs.put(r.id(), r.outputs());
            }
            Map<String, Object> scope = ObjectiveMeter.scope(result.runId(), timeline.startedAt(), values, statuses,
                    outputs);
            Instant disruption = incident == null ? timeline.startedAt() : incident.truncatedTo(ChronoUnit.MILLIS);
            DrillChecks checks = checks(context, runbook, disruption);
            Measurement m = ObjectiveMeter.measure(runbook, timeline, disruption, scope, marks, checks);
            log.appendFields(m.fields(result.runId(), DrillReport.measured(timeline, m).scorecard()));
            DrillReport report = DrillReport.of(RunTimeline.of(AuditReader.records(log.file(), result.runId())),
                    runbook);
            if (output == OutputFormat.json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", "drill-summary");
                line.put("runId", result.runId());
                line.putAll(JsonReport.tree(report));
                line.remove("steps");
                context.out().println(Json.line(line));
            } else {
                context.out().println();
                for (String l : DrillSummary.lines(report, next.report(result.runId(), result.status()))) {
                    context.out().println(l);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the run itself is over and recorded: a failed measurement must not change its exit code
            context.err().println("runbook: the drill's objectives could not be measured or recorded: "
                    + Messages.describe(e));
            if (context.debug()) {
                e.printStackTrace(context.err());
            }
        }
        context.out().flush();
    }
}
