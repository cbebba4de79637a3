package dev.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Kind;
import dev.runbook.exec.JournalRefusal;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunJournal;
import dev.runbook.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When checkpoints are posted, the heartbeat, the bounded retries and the refusal under --anchor-required. */
class CheckpointerTest {
    private static final RunOrigin ORIGIN = new RunOrigin("/rb/x.yaml", "ab".repeat(32),
            new Actor("alice", "host-1", null), "1.2.3", false);

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T03:00:00Z"));
    final List<Duration> pauses = new ArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();

    /** An anchor that keeps what it is given and fails while {@code failing} is set. */
    static final class Recording implements Anchor {
        final List<Checkpoint> got = new CopyOnWriteArrayList<>();
        volatile boolean failing;
        int attempts;

        @Override
        public String uri() {
            return "test://anchor";
        }

        @Override
        public synchronized void put(Checkpoint c, Duration within) throws IOException {
            attempts++;
            if (failing) {
                throw new IOException("connection refused");
            }
            got.add(c);
        }

        @Override
        public List<Checkpoint> list(String log) {
            return got;
        }
    }

    Checkpointer checkpointer(HashChainedAuditLog log, Anchor anchor, boolean required) {
        return new Checkpointer(log, List.of(anchor), clock, Checkpointer.Settings.defaults(required)
                .withHeartbeat(Duration.ofMinutes(5)), d -> {
                    pauses.add(d);
                    clock.advance(d);
                }, warnings::add).attach();
    }

    static Map<String, Object> rec(String event, String step, String kind) {
        Map<String, Object> m = new java.util.TreeMap<>();
        m.put("runId", "r-1");
        m.put("event", event);
        if (step != null) {
            m.put("step", step);
        }
        if (kind != null) {
            m.put("kind", kind);
        }
        return m;
    }

    @Test
    void checkpointsTheStartEachMutatingStepsEndApprovalsAndTheEndButNotReadOnlyStepsOrStarts() throws Exception {
        Recording anchor = new Recording();
        try (HashChainedAuditLog log = HashChainedAuditLog.open(dir.resolve("a.jsonl"), ORIGIN, false, clock);
                Checkpointer c = checkpointer(log, anchor, false)) {
            log.appendFields(rec("run-started", null, null));
            log.appendFields(rec("step-started", "read", "read-only"));
            log.appendFields(rec("step-succeeded", "read", null));
            log.appendFields(rec("step-started", "write", "mutating"));
            log.appendFields(rec("retry", "write", null));
            log.appendFields(rec("step-started", "write", "mutating"));
            log.appendFields(rec("step-failed", "write", null));
            log.appendFields(rec("approval", "write", null));
            log.appendFields(rec("undo-started", "write", "mutating"));
            log.appendFields(rec("undo-finished", "write", null));
            log.appendFields(rec("run-finished", null, null));

            assertThat(anchor.got).extracting(Checkpoint::event).containsExactly("run-started", "step-failed",
                    "approval", "undo-finished", "run-finished");
            assertThat(anchor.got).extracting(Checkpoint::seq).containsExactly(1L, 7L, 8L, 10L, 11L);
            assertThat(c.calls()).isEqualTo(5);
            String first = Files.readAllLines(dir.resolve("a.jsonl")).get(0);
            assertThat(anchor.got.get(0).log()).isEqualTo(RecordCodec.MAPPER.readTree(first).path("hash").asText());
        }
    }

    @Test
    void aHeartbeatRepostsTheHeadWhileAStepRunsEveryIntervalAndNotOtherwise() throws Exception {
        Recording anchor = new Recording();
        try (HashChainedAuditLog log = HashChainedAuditLog.open(dir.resolve("a.jsonl"), ORIGIN, false, clock);
                Checkpointer c = checkpointer(log, anchor, false)) {
            log.appendFields(rec("run-started", null, null));
            clock.advance(Duration.ofMinutes(10));
            c.heartbeat();
            assertThat(anchor.got).as("no step running").hasSize(1);

            log.appendFields(rec("step-started", "restore", "mutating"));
            c.heartbeat();
            assertThat(anchor.got).as("10 minutes since the last checkpoint and a step runs").hasSize(2);
            Checkpoint beat = anchor.got.get(1);
            assertThat(beat.event()).isEqualTo("heartbeat");
            assertThat(beat.seq()).isEqualTo(2);
            assertThat(beat.ts()).isEqualTo("2026-11-22T03:10:00.000Z");
            clock.advance(Duration.ofMinutes(4));
            c.heartbeat();
            assertThat(anchor.got).as("not due yet").hasSize(2);
            clock.advance(Duration.ofMinutes(1));
            c.heartbeat();
            c.heartbeat();
            assertThat(anchor.got).hasSize(3);
            assertThat(anchor.got.get(2).ts()).isEqualTo("2026-11-22T03:15:00.000Z");
            log.appendFields(rec("step-succeeded", "restore", null));
            clock.advance(Duration.ofMinutes(30));
            c.heartbeat();
            assertThat(anchor.got).extracting(Checkpoint::event).containsExactly("run-started", "heartbeat",
                    "heartbeat", "step-succeeded");
        }
    }

    @Test
    void aFailingAnchorIsRetriedWithinTheBoundThenRecordedAndReportedOnceAndRetriedOnceLater() throws Exception {
        Recording anchor = new Recording();
        anchor.failing = true;
        Path file = dir.resolve("a.jsonl");
        try (HashChainedAuditLog log = HashChainedAuditLog.open(file, ORIGIN, false, clock);
                Checkpointer c = checkpointer(log, anchor, false)) {
            log.appendFields(rec("run-started", null, null));
            assertThat(anchor.attempts).isEqualTo(3);
            assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
            log.appendFields(rec("step-started", "w", "mutating"));
            log.appendFields(rec("step-succeeded", "w", null));
            assertThat(anchor.attempts).as("a failed anchor gets one attempt per checkpoint").isEqualTo(4);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("test://anchor").contains("connection refused");
            assertThat(c.refusal()).isNull();

            anchor.failing = false;
            log.appendFields(rec("run-finished", null, null));
            assertThat(anchor.got).hasSize(1);
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(1)).contains("reachable again");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"anchor-failed\""))).hasSize(2);
        assertThat(new AuditVerifier().verify(file).valid()).isTrue();
    }

    @Test
    void retriesStopAtTheBound() throws Exception {
        Recording anchor = new Recording();
        anchor.failing = true;
        try (HashChainedAuditLog log = HashChainedAuditLog.open(dir.resolve("a.jsonl"), ORIGIN, false, clock);
                Checkpointer c = new Checkpointer(log, List.of(anchor), clock, Checkpointer.Settings.defaults(false)
                        .withRetry(10, Duration.ofSeconds(1), Duration.ofMillis(2500)), d -> {
                            pauses.add(d);
                            clock.advance(d);
                        }, warnings::add).attach()) {
            Instant before = clock.instant();
            log.appendFields(rec("run-started", null, null));
            assertThat(Duration.between(before, clock.instant())).isLessThanOrEqualTo(Duration.ofMillis(2500));
            assertThat(anchor.attempts).isEqualTo(2);
        }
    }

    @Test
    void withRequiredAFailedAnchorRefusesTheNextMutatingStepButNotAReadOnlyOne() throws Exception {
        Recording anchor = new Recording();
        try (HashChainedAuditLog log = HashChainedAuditLog.open(dir.resolve("a.jsonl"), ORIGIN, false, clock);
                Checkpointer c = checkpointer(log, anchor, true)) {
            RunJournal guarded = c.guard(log);
            // as the executor records: append, and force where the write-ahead rule says
            RunJournal journal = event -> {
                guarded.append(event);
                if (RunJournal.forcesAfter(event)) {
                    guarded.force();
                }
            };
            Instant t = clock.instant();
            journal.append(new RunEvent.RunStarted("r-1", t, "x", "x.yaml", Map.of(), dev.runbook.exec.Mode.RUN,
                    "alice", false));
            journal.append(new RunEvent.StepStarted("r-1", t, "w", null, "exec", Kind.MUTATING, 1, Map.of()));
            assertThat(c.refusal()).isNull();
            anchor.failing = true;
            journal.append(new RunEvent.StepFinished("r-1", t, "w", null, dev.runbook.exec.StepStatus.SUCCEEDED,
                    Map.of(), null, Duration.ZERO, 1));
            // group commit: the step's end rides on the next force, and so does its checkpoint
            assertThat(c.refusal()).isNull();
            journal.append(new RunEvent.StepStarted("r-1", t, "r", null, "exec", Kind.READ_ONLY, 1, Map.of()));
            assertThat(c.refusal()).isNull();
            // the next mutating start forces first: the end's checkpoint fails, and this start is refused
            assertThatThrownBy(() -> journal.append(new RunEvent.StepStarted("r-1", t, "w2", null, "exec",
                    Kind.MUTATING, 1, Map.of()))).isInstanceOf(JournalRefusal.class)
                    .hasMessageContaining("--anchor-required");
            assertThat(c.refusal()).contains("test://anchor").contains("--anchor-required");
            assertThat(Files.readString(dir.resolve("a.jsonl"))).contains("\"step-succeeded\"")
                    .contains("\"anchor-failed\"").doesNotContain("\"w2\"");
        }
    }
}
