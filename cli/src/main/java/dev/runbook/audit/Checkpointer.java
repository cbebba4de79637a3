package dev.runbook.audit;

import dev.runbook.action.Kind;
import dev.runbook.error.Messages;
import dev.runbook.exec.JournalException;
import dev.runbook.exec.JournalRefusal;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunJournal;
import dev.runbook.exec.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts {@link Checkpoint}s of an audit log to its {@link Anchor}s, after the record that causes one is forced to
 * disk: the run's start ({@code run-started}, {@code run-resumed}), the end of every mutating step (and of every
 * mutating undo), every {@code approval} record, the run's end ({@code run-finished}, {@code run-aborted},
 * {@code run-interrupted}) and a drill's {@code objectives-measured}; and a {@code heartbeat} of the current head
 * while a step runs and no checkpoint was made for {@link Settings#heartbeat}. So a mutating step costs one remote call
 * per anchor (its end); its start is covered by the chain up to its end.
 *
 * <p>A write that fails is retried ({@link Settings#attempts} attempts, the pause doubling from
 * {@link Settings#backoff}), all within {@link Settings#bound}; an anchor that has failed gets one attempt per
 * checkpoint until one succeeds again. A failed checkpoint is reported through {@code warn} and recorded in the log
 * as an {@code anchor-failed} record. With {@link Settings#required}, a failed anchor makes the run's
 * {@link #guard guarded journal} refuse the next mutating step (and undo) before it starts, so the run ends with exit 4.
 */
public final class Checkpointer implements HashChainedAuditLog.AppendObserver, AutoCloseable {

    /** How checkpoints are written. */
    public record Settings(int attempts, Duration backoff, Duration bound, Duration heartbeat, boolean required) {
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofMinutes(5);

        public static Settings defaults(boolean required) {
            return new Settings(3, Duration.ofMillis(200), Duration.ofSeconds(5), DEFAULT_HEARTBEAT, required);
        }

        public Settings withHeartbeat(Duration every) {
            return new Settings(attempts, backoff, bound, every, required);
        }

        public Settings withRetry(int attempts, Duration backoff, Duration bound) {
            return new Settings(attempts, backoff, bound, heartbeat, required);
        }
    }

    private static final Set<String> RUN_EVENTS = Set.of("run-started", "run-resumed", "run-finished",
            "run-aborted", "run-interrupted", "objectives-measured", "approval");

    private final HashChainedAuditLog log;
    private final List<Anchor> anchors;
    private final Clock clock;
    private final Settings settings;
    private final Sleeper sleeper;
    private final Consumer<String> warn;

    private final Set<String> mutating = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    /** Anchors whose last write failed, with why. */
    private final Map<String, String> failing = new LinkedHashMap<>();
    private volatile String refusal;
    private long lastSeq;
    private String lastHash;
    private String lastRunId;
    private Instant lastCheckpoint;
    private ScheduledExecutorService ticker;
    private int calls;

    public Checkpointer(HashChainedAuditLog log, List<Anchor> anchors, Clock clock, Settings settings,
            Sleeper sleeper, Consumer<String> warn) {
        this.log = log;
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
        this.settings = settings;
        this.sleeper = sleeper;
        this.warn = warn;
        this.lastCheckpoint = clock.instant();
    }

    /** Attaches to the log: from now on each record it writes is considered. */
    public Checkpointer attach() {
        log.addObserver(this);
        return this;
    }

    public List<Anchor> anchors() {
        return anchors;
    }

    /** How many writes were attempted so far, over all anchors (for tests and the benchmark). */
    public synchronized int calls() {
        return calls;
    }

    /**
     * Starts a daemon thread that calls {@link #heartbeat} every {@code tick} (it posts only when a step is running
     * and {@link Settings#heartbeat} has passed since the last checkpoint).
     */
    public void startHeartbeat(Duration tick) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runbook-anchor-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, tick.toMillis());
        s.scheduleWithFixedDelay(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
        ticker = s;
    }

    @Override
    public void appended(Map<String, Object> fields, long seq, String hash) {
        String event = String.valueOf(fields.get("event"));
        if (event.equals("anchor-failed") || event.equals("torn-tail")) {
            synchronized (this) {
                lastSeq = seq;
                lastHash = hash;
            }
            return;
        }
        String runId = fields.get("runId") instanceof String ? (String) fields.get("runId") : null;
        String step = fields.get("step") instanceof String ? (String) fields.get("step") : null;
        boolean post;
        synchronized (this) {
            lastSeq = seq;
            lastHash = hash;
            if (runId != null) {
                lastRunId = runId;
            }
            if (event.equals("step-started") || event.equals("undo-started")) {
                String key = (event.equals("undo-started") ? "undo:" : "") + step;
                if ("mutating".equals(fields.get("kind"))) {
                    mutating.add(key);
                }
                running.add(key);
                post = false;
            } else if (event.equals("undo-finished")) {
                running.remove("undo:" + step);
                post = mutating.remove("undo:" + step);
            } else if (event.startsWith("step-") && step != null && !event.equals("step-planned")) {
                running.remove(step);
                post = mutating.remove(step);
            } else {
                post = RUN_EVENTS.contains(event);
            }
            if (event.equals("run-finished") || event.equals("run-aborted") || event.equals("run-interrupted")) {
                running.clear();
                mutating.clear();
            }
        }
        if (post) {
            post(seq, hash, runId, event);
        }
    }

    /** Posts a heartbeat of the current head when a step is running and no checkpoint was made for a while. */
    public void heartbeat() {
        long seq;
        String hash;
        String runId;
        synchronized (this) {
            if (running.isEmpty() || lastHash == null
                    || Duration.between(lastCheckpoint, clock.instant()).compareTo(settings.heartbeat()) < 0) {
                return;
            }
            seq = lastSeq;
            hash = lastHash;
            runId = lastRunId;
        }
        post(seq, hash, runId, "heartbeat");
    }

    private void post(long seq, String hash, String runId, String event) {
        String logId;
        try {
            logId = log.logId();
        } catch (IOException e) {
            return;
        }
        if (logId == null) {
            return;
        }
        Checkpoint c = Checkpoint.of(logId, seq, hash, clock.instant(), runId, event);
        synchronized (this) {
            lastCheckpoint = clock.instant();
        }
        for (Anchor a : anchors) {
            String error = write(a, c);
            if (error == null) {
                boolean recovered;
                synchronized (this) {
                    recovered = failing.remove(a.uri()) != null;
                }
                if (recovered) {
                    warn.accept("runbook: anchor " + a.uri() + " is reachable again: checkpoint seq " + seq
                            + " written");
                }
            } else {
                failed(a, c, error);
            }
        }
    }

    /** One checkpoint to one anchor, retried within the bound; null when written, else why not. */
    private String write(Anchor a, Checkpoint c) {
        boolean wasFailing;
        synchronized (this) {
            wasFailing = failing.containsKey(a.uri());
        }
        int attempts = wasFailing ? 1 : Math.max(1, settings.attempts());
        Instant deadline = clock.instant().plus(settings.bound());
        Duration pause = settings.backoff();
        String error = null;
        for (int i = 1; i <= attempts; i++) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            try {
                synchronized (this) {
                    calls++;
                }
                a.put(c, left);
                return null;
            } catch (IOException | RuntimeException e) {
                error = Messages.describe(e);
            }
            if (i < attempts) {
                Duration wait = pause.compareTo(Duration.between(clock.instant(), deadline)) < 0 ? pause
                        : Duration.between(clock.instant(), deadline);
                if (wait.isNegative() || wait.isZero()) {
                    break;
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                pause = pause.multipliedBy(2);
            }
        }
        return error == null ? "no attempt within " + settings.bound().toMillis() + " ms" : error;
    }

    private void failed(Anchor a, Checkpoint c, String error) {
        boolean first;
        synchronized (this) {
            first = !failing.containsKey(a.uri());
            failing.put(a.uri(), error);
            if (settings.required() && refusal == null) {
                refusal = "anchor " + a.uri() + " could not be written (checkpoint seq " + c.seq() + ": " + error
                        + "); --anchor-required stops the run before its next mutating step";
            }
        }
        Map<String, Object> record = new TreeMap<>();
        record.put("event", "anchor-failed");
        if (c.runId() != null) {
            record.put("runId", c.runId());
        }
        record.put("anchor", a.uri());
        record.put("checkpointSeq", c.seq());
        record.put("checkpointEvent", c.event());
        record.put("error", error);
        record.put("required", settings.required());
        try {
            log.appendFields(record);
        } catch (IOException | RuntimeException e) {
            warn.accept("runbook: the anchor-failed record could not be written: " + Messages.describe(e));
        }
        if (first) {
            warn.accept("runbook: warning: anchor " + a.uri() + ": checkpoint seq " + c.seq() + " not written: "
                    + error + (settings.required() ? "; --anchor-required: the run stops before its next mutating "
                    + "step (exit 4)" : "; the run goes on (recorded as anchor-failed; --anchor-required would stop "
                    + "it)"));
        }
    }

    /** Why the next mutating step may not start (an anchor failed and anchors are required), or null. */
    public String refusal() {
        return refusal;
    }

    /**
     * The run's journal, refusing a mutating step or undo once {@link #refusal} is set. Before such a start it forces
     * the records the log holds in memory (group commit: the previous mutating step's end rides on the next force), so
     * that their checkpoints are posted, and an anchor that fails them refuses this start, before it is recorded.
     */
    public RunJournal guard(RunJournal inner) {
        return new RunJournal() {
            @Override
            public void append(RunEvent event) throws JournalException {
                if (startsMutation(event)) {
                    inner.force();
                    String why = refusal;
                    if (why != null) {
                        throw new JournalRefusal(why);
                    }
                }
                inner.append(event);
            }

            @Override
            public void force() throws JournalException {
                inner.force();
            }
        };
    }

    private static boolean startsMutation(RunEvent e) {
        return (e instanceof RunEvent.StepStarted && ((RunEvent.StepStarted) e).kind() == Kind.MUTATING)
                || (e instanceof RunEvent.UndoStarted && ((RunEvent.UndoStarted) e).kind() == Kind.MUTATING);
    }

    @Override
    public void close() {
        ScheduledExecutorService s = ticker;
        if (s != null) {
            s.shutdownNow();
        }
        log.removeObserver(this);
        for (Anchor a : anchors) {
            try {
                a.close();
            } catch (RuntimeException e) {
                // closing at the end of the run
            }
        }
    }
}
