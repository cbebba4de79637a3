package dev.runbook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the records of an audit log (lines that are not records, such as torn writes, are passed over; checking the
 * chain is {@link AuditVerifier}'s job) and groups them into runs.
 */
public final class AuditReader {
    private AuditReader() {
    }

    /** Every record, in file order; with {@code runId} non-null, only that run's. */
    public static List<AuditRecord> records(Path file, String runId) throws IOException {
        List<AuditRecord> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            LineScanner lines = new LineScanner(ch, 0, 1);
            while (lines.next()) {
                RecordCodec.Fields f = RecordCodec.scan(lines.buf, lines.off, lines.len);
                if (!f.isRecord() || (runId != null && !runId.equals(f.runId()))) {
                    continue;
                }
                String raw = new String(lines.buf, lines.off, lines.len, StandardCharsets.UTF_8);
                JsonNode node = RecordCodec.MAPPER.readTree(raw);
                out.add(new AuditRecord(lines.lineNo, node, raw));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The runs in the log, newest start first. */
    public static List<RunSummary> runs(Path file) throws IOException {
        Map<String, List<AuditRecord>> byRun = new LinkedHashMap<>();
        for (AuditRecord r : records(file, null)) {
            r.runId().ifPresent(id -> byRun.computeIfAbsent(id, k -> new ArrayList<>()).add(r));
        }
        List<RunSummary> runs = new ArrayList<>();
        for (Map.Entry<String, List<AuditRecord>> e : byRun.entrySet()) {
            runs.add(summary(e.getKey(), e.getValue()));
        }
        runs.sort(Comparator.comparing(RunSummary::started, Comparator.nullsLast(Comparator.reverseOrder())));
        return Collections.unmodifiableList(runs);
    }

    /** What the records of one run say about it. */
    public static RunSummary summary(String id, List<AuditRecord> records) {
        String runbook = null;
        String started = null;
        String finished = null;
        String status = "unfinished";
        boolean drill = false;
        String mode = null;
        for (AuditRecord r : records) {
            String event = r.event();
            if (event.equals("run-started") || event.equals("run-resumed")) {
                if (started == null) {
                    started = r.ts();
                    runbook = r.text("runbook").orElse(null);
                    drill = r.fields().path("drill").asBoolean(false);
                    mode = r.text("mode").orElse(null);
                }
                status = "unfinished";
                finished = null;
            } else if (event.equals("run-finished") || event.equals("run-aborted")
                    || event.equals("run-interrupted")) {
                status = r.text("status").orElse(event.substring(4));
                finished = r.ts();
            }
        }
        return new RunSummary(id, runbook, status, started, finished, drill, mode);
    }
}
