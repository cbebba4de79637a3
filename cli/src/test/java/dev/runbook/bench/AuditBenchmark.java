package dev.runbook.bench;

import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import dev.runbook.audit.VerifyResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Audit log figures: the raw rate of write + force of a line the size of a record on the disk of FOLDER, against
 * {@link HashChainedAuditLog} appends with fsync (rounds alternate, medians compared), appends without fsync, and
 * {@code audit verify} of 1,000,000 generated records. Not a test (the suite does not run it); run it with
 * {@code java -cp target/test-classes:target/classes:DEPS dev.runbook.bench.AuditBenchmark [FOLDER] [APPENDS]}.
 */
public final class AuditBenchmark {
    private AuditBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "target/bench-audit");
        int appends = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Files.createDirectories(dir);
        RunOrigin origin = new RunOrigin("/bench/runbook.yaml", "ab".repeat(32), null, "bench", false);
        Map<String, Object> fields = record();

        // The size of one record as the log writes it, for the raw baseline.
        Path probe = dir.resolve("probe.jsonl");
        Files.deleteIfExists(probe);
        try (HashChainedAuditLog log = HashChainedAuditLog.open(probe, origin, false, Clock.systemUTC())) {
            log.appendFields(fields);
        }
        int lineSize = (int) Files.size(probe);

        List<Double> raw = new ArrayList<>();
        List<Double> audit = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            raw.add(rawRate(dir.resolve("raw.bin"), lineSize, appends));
            audit.add(auditRate(dir.resolve("audit.jsonl"), origin, fields, appends, true));
        }
        double rawMedian = median(raw);
        double auditMedian = median(audit);
        double noSync = auditRate(dir.resolve("nosync.jsonl"), origin, fields, 100_000, false);
        System.out.printf(Locale.ROOT, "record size: %d bytes; %d appends per round, 5 rounds alternating%n",
                lineSize, appends);
        System.out.printf(Locale.ROOT, "raw write+force:        %8.0f /s (median; rounds %s)%n", rawMedian, raw);
        System.out.printf(Locale.ROOT, "audit append (fsync):   %8.0f /s (median; rounds %s)%n", auditMedian, audit);
        System.out.printf(Locale.ROOT, "ratio audit / raw:      %8.1f %%%n", 100 * auditMedian / rawMedian);
        System.out.printf(Locale.ROOT, "audit append (no fsync): %7.0f /s%n", noSync);

        Path big = dir.resolve("million.jsonl");
        Files.deleteIfExists(big);
        long t0 = System.nanoTime();
        try (HashChainedAuditLog log = HashChainedAuditLog.open(big, origin, false, Clock.systemUTC())) {
            for (int i = 0; i < 1_000_000; i++) {
                log.appendFields(fields);
            }
        }
        System.out.printf(Locale.ROOT, "generated 1,000,000 records (%d MB) in %.1f s%n", Files.size(big) >> 20,
                (System.nanoTime() - t0) / 1e9);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            VerifyResult r = new AuditVerifier().verify(big);
            double wall = (System.nanoTime() - w0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "verify 1,000,000 records: %s, %d records, %.2f s wall, %.2f s CPU%n",
                    r.valid() ? "intact" : "BROKEN " + r.message(), r.records(), wall, cpu);
        }
        Files.deleteIfExists(big);
    }

    /** A typical record: a step that succeeded with a few outputs. */
    private static Map<String, Object> record() {
        Map<String, Object> m = new TreeMap<>();
        m.put("runId", "20261122030000-1a2b3c4d");
        m.put("event", "step-succeeded");
        m.put("step", "promote-replica");
        m.put("title", "Promote the replica in eu-west-1");
        m.put("status", "succeeded");
        m.put("outputs", Map.of("exitCode", 0, "stdout", "promoted db-replica-2 to primary", "stderr", ""));
        m.put("durationMs", 1234);
        m.put("attempts", 1);
        return m;
    }

    private static double rawRate(Path file, int lineSize, int n) throws IOException {
        Files.deleteIfExists(file);
        byte[] line = new byte[lineSize];
        java.util.Arrays.fill(line, (byte) 'x');
        line[lineSize - 1] = '\n';
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double auditRate(Path file, RunOrigin origin, Map<String, Object> fields, int n, boolean fsync)
            throws IOException {
        Files.deleteIfExists(file);
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, origin, fsync, Clock.systemUTC())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                log.appendFields(fields);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return Math.round(sorted.get(sorted.size() / 2));
    }
}
