package dev.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.action.Kind;
import dev.runbook.exec.RunEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainedAuditLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T03:00:00.123456Z"), ZoneOffset.UTC);
    private static final RunOrigin ORIGIN = new RunOrigin("/rb/failover.yaml", "ab".repeat(32),
            new Actor("alice", "host-1", null), "1.2.3", true);

    @TempDir
    Path dir;

    static Path writeLog(Path file, int records) throws Exception {
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, false, CLOCK)) {
            for (int i = 1; i <= records; i++) {
                log.appendFields(Map.of("runId", "r-1", "event", "step-started", "step", "s" + i));
            }
        }
        return file;
    }

    @Test
    void chainsEachRecordToThePreviousWithTheHashOfItsCanonicalFormAndPrev() throws Exception {
        // given
        Path file = writeLog(dir.resolve("audit.jsonl"), 3);

        // when
        List<String> lines = Files.readAllLines(file);

        // then: recomputed independently from the JSON, keys sorted, without hash
        String prev = "0".repeat(64);
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode record = (ObjectNode) RecordCodec.MAPPER.readTree(lines.get(i));
            assertThat(record.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(record.path("prev").asText()).isEqualTo(prev);
            assertThat(record.path("ts").asText()).isEqualTo("2026-11-22T03:00:00.123Z");
            String hash = record.remove("hash").asText();
            String canonical = RecordCodec.MAPPER.writeValueAsString(RecordCodec.MAPPER.convertValue(record,
                    TreeMap.class));
            assertThat(lines.get(i)).startsWith(canonical.substring(0, canonical.length() - 1));
            assertThat(hash).isEqualTo(Sha256.of((canonical + prev).getBytes(StandardCharsets.UTF_8)));
            prev = hash;
        }
    }

    @Test
    void anInterruptedThreadStillAppendsWholeRecordsAndKeepsItsInterrupt() throws Exception {
        // given a thread interrupted before it records (an abort reaching the thread that writes a step's end)
        Path file = dir.resolve("audit.jsonl");
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, true, CLOCK)) {
            Thread.currentThread().interrupt();

            // when
            log.appendFields(Map.of("runId", "r-1", "event", "step-finished", "step", "s1"));
            boolean stillInterrupted = Thread.interrupted();
            log.appendFields(Map.of("runId", "r-1", "event", "run-interrupted"));

            // then: written, the interrupt kept for the caller, the channel still open for the next record
            assertThat(stillInterrupted).isTrue();
        }
        VerifyResult result = new AuditVerifier().verify(file);
        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(result.records()).isEqualTo(2);
    }

    @Test
    void interruptsArrivingWhileRecordsAreWrittenLoseNoRecordAndDuplicateNone() throws Exception {
        // a writer appending 300 records one at a time, interrupted 200 times at whatever moment it has reached
        interruptWhileWriting("step-finished", (log, i) -> log.appendFields(Map.of("runId", "r-1", "event",
                "step-finished", "step", "s" + i)));
    }

    /** One way to write record {@code i} of 300 (numbered from 1). */
    private interface Writes {
        void write(HashChainedAuditLog log, int i) throws Exception;
    }

    /**
     * Writes 300 records on a thread that another interrupts 200 times at whatever moment it has reached; then every
     * record is in the log once, in order, and the chain is intact (a record cut off by an interrupt is only a torn
     * tail).
     */
    private void interruptWhileWriting(String event, Writes writes) throws Exception {
        // given
        Path file = dir.resolve("audit.jsonl");
        int records = 300;
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, true, CLOCK)) {
                for (int i = 1; i <= records; i++) {
                    writes.write(log, i);
                    written.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();

        // when
        for (int i = 0; i < 200 && writer.isAlive(); i++) {
            writer.interrupt();
            int at = written.get();
            while (written.get() == at && writer.isAlive()) {
                Thread.onSpinWait();
            }
        }
        writer.join();

        // then
        assertThat(failure.get()).isNull();
        VerifyResult result = new AuditVerifier().verify(file);
        assertThat(result.valid()).as(result.toString()).isTrue();
        List<String> steps = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode record = RecordCodec.MAPPER.readTree(line);
            if (record.path("event").asText().equals(event)) {
                steps.add(record.path("step").asText());
            }
        }
        assertThat(steps).hasSize(records);
        for (int i = 0; i < records; i++) {
            assertThat(steps.get(i)).isEqualTo("s" + (i + 1));
        }
    }

    @Test
    void groupCommitKeepsRecordsInMemoryUntilForcedThenWritesThemAsOneChainAndTellsObserversInOrder()
            throws Exception {
        // given a log with an observer, and three events appended (a run's start, a read-only step)
        Path file = dir.resolve("audit.jsonl");
        List<String> told = new ArrayList<>();
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, true, CLOCK)) {
            log.addObserver(new HashChainedAuditLog.AppendObserver() {
                @Override
                public void appended(Map<String, Object> fields, long seq, String hash) {
                    told.add(seq + " " + fields.get("event"));
                }

                @Override
                public void forced(long seq, String hash) {
                    told.add("forced up to " + seq);
                }
            });
            Instant t = CLOCK.instant();
            log.append(new RunEvent.RunStarted("r-1", t, "x", "x.yaml", Map.of(), dev.runbook.exec.Mode.RUN,
                    "alice", false));
            log.append(new RunEvent.StepStarted("r-1", t, "read", null, "exec", Kind.READ_ONLY, 1, Map.of()));
            log.append(new RunEvent.StepFinished("r-1", t, "read", null, dev.runbook.exec.StepStatus.SUCCEEDED,
                    Map.of(), null, java.time.Duration.ZERO, 1));

            // then: nothing on disk yet, nothing told
            assertThat(Files.size(file)).isZero();
            assertThat(told).isEmpty();

            // when: forced, then one more record appended at once, then a force with nothing kept
            log.force();
            long afterForce = Files.size(file);
            log.appendFields(Map.of("runId", "r-1", "event", "approval", "step", "w"));
            log.force();

            // then
            assertThat(afterForce).isPositive();
            assertThat(told).containsExactly("1 run-started", "2 step-started", "3 step-succeeded", "forced up to 3",
                    "4 approval", "forced up to 4");
        }
        VerifyResult result = new AuditVerifier().verify(file);
        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(result.records()).isEqualTo(4);
    }

    @Test
    void closingWritesWhatIsKept() throws Exception {
        // given
        Path file = dir.resolve("audit.jsonl");
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, true, CLOCK)) {
            log.append(new RunEvent.StepStarted("r-1", CLOCK.instant(), "read", null, "exec", Kind.READ_ONLY, 1,
                    Map.of()));
            assertThat(Files.size(file)).isZero();
        }

        // then
        VerifyResult result = new AuditVerifier().verify(file);
        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(result.records()).isEqualTo(1);
    }

    @Test
    void interruptsArrivingWhileGroupsAreWrittenLoseNoRecordAndDuplicateNone() throws Exception {
        // a writer forcing groups of 1 to 4 kept records (the last one forced too), interrupted at any moment
        interruptWhileWriting("retry", (log, i) -> {
            log.append(new RunEvent.RetryScheduled("r-1", CLOCK.instant(), "s" + i, 2, java.time.Duration.ZERO,
                    "x"));
            if (i % (1 + i % 4) == 0 || i == 300) {
                log.force();
            }
        });
    }

    @Test
    void createsTheFolderOwnerOnlyAndTheFileReadableByItsOwnerOnly() throws Exception {
        // given
        Path file = dir.resolve("state/runbook/audit.jsonl");

        // when
        writeLog(file, 1);

        // then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void refusesAReadOnlyLogBeforeAnythingIsWritten() throws Exception {
        // given
        Path file = writeLog(dir.resolve("audit.jsonl"), 1);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        long size = Files.size(file);

        // when / then
        assertThatThrownBy(() -> HashChainedAuditLog.open(file, ORIGIN))
                .isInstanceOf(AuditLogException.class)
                .hasMessage("cannot write the audit log " + file + ": it is read-only (mode r--------)");
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void refusesToAppendToAFileThatIsNotAnAuditLog() throws Exception {
        // given
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "my notes\nmore notes\n");

        // when / then
        assertThatThrownBy(() -> HashChainedAuditLog.open(file, ORIGIN))
                .isInstanceOf(AuditLogException.class)
                .hasMessageContaining("is not a runbook audit log");
        assertThat(Files.readString(file)).isEqualTo("my notes\nmore notes\n");
    }

    @Test
    void refusesALogWhoseFirstLineIsNotTheStartOfAChainAndLeavesItAsItIs() throws Exception {
        for (String first : List.of("garbage", "{\"not\":\"a record\"}", "{\"cut-off")) {
            // given: an intact log with a line put before its first record
            Path file = writeLog(dir.resolve("audit-" + Math.abs(first.hashCode()) + ".jsonl"), 2);
            String text = first + "\n" + Files.readString(file);
            Files.writeString(file, text);

            // when / then
            assertThatThrownBy(() -> HashChainedAuditLog.open(file, ORIGIN))
                    .as(first)
                    .isInstanceOf(AuditLogException.class)
                    .hasMessageStartingWith("the audit log " + file + " does not start with a record: line 1: ");
            assertThat(Files.readString(file)).isEqualTo(text);
        }

        // but a cut-off first record already named by its torn-tail record is the start of a chain
        Path cut = dir.resolve("cut.jsonl");
        Files.writeString(cut, "{\"actor\":{\"ho");
        writeLog(cut, 1);
        writeLog(cut, 1);
        VerifyResult r = new AuditVerifier().verify(cut);
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(r.records()).isEqualTo(3);
    }

    @Test
    void refusesALogThatStartsInTheMiddleOfAChain() throws Exception {
        // given: the first record was deleted
        Path file = writeLog(dir.resolve("audit.jsonl"), 3);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(1, lines.size()));

        // when / then
        assertThatThrownBy(() -> HashChainedAuditLog.open(file, ORIGIN))
                .isInstanceOf(AuditLogException.class)
                .hasMessageContaining("line 1: it is not the first record of a chain (seq 2, expected seq 1)");
    }

    @Test
    void leavesATornLastLineInPlaceAndNamesItsOffsetLengthAndHashInATornTailRecord() throws Exception {
        // given: two records, then half a record cut off by a crash
        Path file = writeLog(dir.resolve("audit.jsonl"), 2);
        long offset = Files.size(file);
        byte[] torn = "{\"event\":\"step-succ".getBytes(StandardCharsets.UTF_8);
        Files.write(file, torn, StandardOpenOption.APPEND);
        assertThat(new AuditVerifier().verify(file).problem()).isEqualTo(VerifyResult.Problem.TORN);

        // when
        writeLog(file, 1);

        // then
        String text = Files.readString(file);
        assertThat(text).contains("{\"event\":\"step-succ\n");
        List<String> lines = Files.readAllLines(file);
        JsonNode tornTail = RecordCodec.MAPPER.readTree(lines.get(3));
        assertThat(tornTail.path("event").asText()).isEqualTo("torn-tail");
        assertThat(tornTail.path("offset").asLong()).isEqualTo(offset);
        assertThat(tornTail.path("length").asLong()).isEqualTo(torn.length);
        assertThat(tornTail.path("sha256").asText()).isEqualTo(Sha256.of(torn));
        assertThat(tornTail.path("seq").asLong()).isEqualTo(3);
        VerifyResult r = new AuditVerifier().verify(file);
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(r.records()).isEqualTo(4);
        assertThat(r.tornAccounted()).isEqualTo(1);
    }

    @Test
    void aCompleteLastRecordThatOnlyLacksItsNewlineIsKeptAsARecord() throws Exception {
        // given
        Path file = writeLog(dir.resolve("audit.jsonl"), 2);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));

        // when
        writeLog(file, 1);

        // then
        VerifyResult r = new AuditVerifier().verify(file);
        assertThat(r.valid()).isTrue();
        assertThat(r.records()).isEqualTo(3);
        assertThat(r.tornAccounted()).isZero();
    }

    @Test
    void aCutOffFirstRecordIsAccountedForToo() throws Exception {
        // given
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"actor\":{\"ho");

        // when
        writeLog(file, 1);

        // then
        VerifyResult r = new AuditVerifier().verify(file);
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(r.tornAccounted()).isEqualTo(1);
    }

    @Test
    void concurrentWritersInterleaveWholeRecordsAndKeepOneChain() throws Exception {
        // given
        Path file = dir.resolve("audit.jsonl");
        int writers = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();

        // when: separate log instances (as separate runs would have) append at once
        for (int w = 0; w < writers; w++) {
            String run = "r-" + w;
            done.add(pool.submit(() -> {
                go.await();
                try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, false, CLOCK)) {
                    for (int i = 0; i < each; i++) {
                        log.appendFields(Map.of("runId", run, "event", "retry"));
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        // then
        VerifyResult r = new AuditVerifier().verify(file);
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(r.records()).isEqualTo(writers * each);
    }

    @Test
    void recordsARunStartWithTheRunbookItsHashTheActorTheToolAndRedactedParameters() throws Exception {
        // given
        Path file = dir.resolve("audit.jsonl");

        // when
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, false, CLOCK)) {
            log.append(new RunEvent.RunStarted("r-9", CLOCK.instant(), "failover", "failover.yaml",
                    Map.of("region", "eu-west-1", "token", "***"), dev.runbook.exec.Mode.RUN, "alice", false));
            log.append(new RunEvent.StepStarted("r-9", CLOCK.instant(), "promote", "Promote", "exec",
                    Kind.MUTATING, 1, Map.of("command", List.of("promote", "--now"))));
        }

        // then
        List<AuditRecord> records = AuditReader.records(file, "r-9");
        JsonNode start = records.get(0).fields();
        assertThat(start.path("event").asText()).isEqualTo("run-started");
        assertThat(start.path("runbook").asText()).isEqualTo("failover");
        assertThat(start.path("path").asText()).isEqualTo("/rb/failover.yaml");
        assertThat(start.path("sha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(start.path("actor").path("user").asText()).isEqualTo("alice");
        assertThat(start.path("tool").asText()).isEqualTo("1.2.3");
        assertThat(start.path("drill").asBoolean()).isTrue();
        assertThat(start.path("params").path("token").asText()).isEqualTo("***");
        JsonNode step = records.get(1).fields();
        assertThat(step.path("event").asText()).isEqualTo("step-started");
        assertThat(step.path("kind").asText()).isEqualTo("mutating");
        assertThat(step.path("inputs").path("command").get(1).asText()).isEqualTo("--now");
    }
}
