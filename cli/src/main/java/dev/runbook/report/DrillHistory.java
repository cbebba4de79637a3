package dev.runbook.report;

import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drills of one runbook over time, from the audit log: each drill's report (incident start, RTO and RPO against
 * their targets, who ran it), newest first by drill date (the incident start), and a sparkline of the RTO achieved from the oldest drill to the newest.
 */
public final class DrillHistory {
    /** From lowest to highest: plain ASCII, so that it prints on any terminal and in any CI log. */
    private static final String LEVELS = "_.-~=+*#";

    private DrillHistory() {
    }

    /**
     * The drills of runbook {@code name} in {@code log}, newest first by drill date, the incident start (runs not
     * marked as drills are left out).
     */
    public static List<DrillReport> of(Path log, String name) throws IOException {
        Map<String, List<AuditRecord>> byRun = new LinkedHashMap<>();
        for (AuditRecord r : AuditReader.records(log, null)) {
            r.runId().ifPresent(id -> byRun.computeIfAbsent(id, k -> new ArrayList<>()).add(r));
        }
        List<DrillReport> drills = new ArrayList<>();
        for (List<AuditRecord> records : byRun.values()) {
            RunTimeline t;
            try {
                t = RunTimeline.of(records);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (t.drill() && name.equals(t.runbook()) && "run".equals(t.mode())) {
                drills.add(DrillReport.of(t, null));
            }
        }
        // by drill date (the incident start the drill declared), not by when its run started: a drill of an incident
        // that began earlier is older, whenever it was run; ties by run start, then run id
        drills.sort(Comparator.comparing(DrillReport::incidentStart)
                .thenComparing((DrillReport d) -> d.timeline().startedAt())
                .thenComparing((DrillReport d) -> d.timeline().runId()).reversed());
        return List.copyOf(drills);
    }

    /**
     * One character per drill, oldest first, from {@code _} (the lowest RTO) to {@code #} (the highest); {@code ?}
     * for a drill whose RTO could not be measured.
     */
    public static String sparkline(List<Duration> oldestFirst) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Duration d : oldestFirst) {
            if (d != null) {
                min = Math.min(min, d.toMillis());
                max = Math.max(max, d.toMillis());
            }
        }
        StringBuilder b = new StringBuilder();
        for (Duration d : oldestFirst) {
            if (d == null) {
                b.append('?');
            } else if (max == min) {
                b.append(LEVELS.charAt(LEVELS.length() / 2));
            } else {
                int level = (int) Math.round((double) (d.toMillis() - min) / (max - min) * (LEVELS.length() - 1));
                b.append(LEVELS.charAt(level));
            }
        }
        return b.toString();
    }
}
