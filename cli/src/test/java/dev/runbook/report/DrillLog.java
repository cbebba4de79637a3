package dev.runbook.report;

import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit records of a run with chosen timestamps (seconds after a fixed start) through the real
 * {@link HashChainedAuditLog}: the fake clock of the report tests. Every figure a test asserts follows from the
 * seconds written here.
 */
final class DrillLog implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private final Path file;
    private final HashChainedAuditLog log;
    private String runId = "run-1";

    DrillLog(Path file) {
        this.file = file;
        this.log = HashChainedAuditLog.open(file, (RunOrigin) null, false, java.time.Clock.fixed(T0,
                java.time.ZoneOffset.UTC));
    }

    Path file() {
        return file;
    }

    DrillLog run(String id) {
        this.runId = id;
        return this;
    }

    DrillLog started(double at, String runbook, boolean drill) {
        return record(at, "run-started", Map.of("runbook", runbook, "path", "/nowhere/" + runbook + ".yaml",
                "sha256", "0".repeat(64), "operator", "alice", "actor", Map.of("user", "alice", "host", "ops-1"),
                "tool", "test", "drill", drill, "mode", "run", "params", Map.of("table", "orders", "token", "***")));
    }

    DrillLog stepStarted(double at, String step, int attempt) {
        return record(at, "step-started", Map.of("step", step, "title", "Title of " + step, "action", "exec",
                "kind", "mutating", "attempt", attempt, "inputs", Map.of()));
    }

    DrillLog prompt(double asked, double answered, String step, String... decidedBy) {
        record(asked, "prompt-asked", Map.of("step", step, "prompt", "yes-no", "question", "Apply?"));
        return record(answered, "prompt-answered", Map.of("step", step, "prompt", "yes-no", "accepted", true,
                "decision", "yes", "decidedBy", List.of(decidedBy)));
    }

    DrillLog outcome(double at, String step, String status, int attempts, Map<String, Object> outputs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("title", "Title of " + step);
        m.put("status", status);
        m.put("attempts", attempts);
        m.put("durationMs", 0);
        if (!outputs.isEmpty()) {
            m.put("outputs", outputs);
        }
        if (status.equals("failed")) {
            m.put("error", "exit code 1");
        }
        return record(at, "step-" + status, m);
    }

    /** A step that starts, runs one attempt and ends. */
    DrillLog step(double from, double to, String step, String status) {
        return stepStarted(from, step, 1).outcome(to, step, status, 1, Map.of());
    }

    DrillLog finished(double at, String status) {
        return record(at, "run-finished", Map.of("status", status, "durationMs", 0, "counts", Map.of()));
    }

    DrillLog record(double at, String event, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>(fields);
        m.put("event", event);
        m.put("runId", runId);
        m.put("ts", at(at).toString());
        try {
            log.appendFields(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Appends the measurement a drill run records at its end. */
    DrillLog measured(Measurement m) {
        try {
            log.appendFields(m.fields(runId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    List<AuditRecord> records() {
        try {
            return AuditReader.records(file, runId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RunTimeline timeline() {
        return RunTimeline.of(records());
    }

    static Instant at(double seconds) {
        return T0.plus(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    @Override
    public void close() {
        log.close();
    }
}
