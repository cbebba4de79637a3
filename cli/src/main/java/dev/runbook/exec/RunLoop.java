package dev.runbook.exec;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Actor;
import dev.runbook.action.ActorProbe;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of one runbook: the {@link Execution} handle (start, await, Ctrl-C, abort), the run's start, each step's
 * recorded end, and the run's end; what the run knows about its steps is in {@link StepLedger}. The decisions have
 * homes of their own, all called from here: {@link Scheduler} (which step starts next, skips, what a step's end means
 * for the run), {@link StepRunner} (one step's life, on step workers; actions on action threads so that a timeout can
 * abandon them), {@link Planner} (dry-run and preflight), {@link InDoubtResolver} (resume), {@link StepPrompts}
 * (questions), {@link Rollback} (undo), {@link Renderer} (expressions and inputs), {@link StepReads} (what a step
 * reads), {@link ActorCheck} (who the run acts as) and {@link EventChannel} (journal first, then display).
 */
final class RunLoop implements Execution {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Executor cfg;
    private final Runbook runbook;
    private final Map<String, Object> params;
    private final RunState initial;
    private final Redactor redactor = new Redactor();
    private final EventChannel events;
    private final StepReads reads;
    private final String runId;
    private final Instant started;
    private final StepLedger ledger;
    /** The {@code run} expressions see; it does not change during a run. */
    private final Map<String, Object> runScope;
    private final Renderer renderer;
    private final StepPrompts prompts = new StepPrompts(this);
    private final StepRunner steps;
    /** The main steps' scheduler, then the clean-up's: finished steps count down its dependents. */
    private volatile Scheduler scheduler;
    /** The resources the run's actions registered (with an earlier run's, on resume), in order. */
    private final List<StepResource> resources = Collections.synchronizedList(new java.util.ArrayList<>());

    private final ReentrantLock promptLock = new ReentrantLock(true);
    private final Set<Future<?>> runningActions = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> runningSteps = ConcurrentHashMap.newKeySet();
    /** Who the run acts as, by the probe that said so at the start of the run (none in a dry-run). */
    private final Map<ActorProbe, Actor> actors = new ConcurrentHashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile boolean aborted;
    private static final String OPERATOR_ABORT = "interrupted by the operator";
    /** Why the run was aborted: the operator's Ctrl-C or answer, or a signal (set once, before {@link #aborted}). */
    private volatile String abortReason = OPERATOR_ABORT;
    private volatile RunResult result;
    private volatile Throwable bug;
    private ExecutorService stepPool;
    private ExecutorService actionPool;

    RunLoop(Executor cfg, Runbook runbook, Map<String, Object> params, RunState initial) {
        this.cfg = cfg;
        this.runbook = runbook;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.initial = initial;
        this.events = new EventChannel(cfg.journal, cfg.listener, redactor);
        this.runId = initial.runId() != null ? initial.runId() : newRunId(cfg.clock.instant());
        this.started = initial.started() != null ? initial.started() : cfg.clock.instant();
        Map<String, List<String>> needs = Scheduler.dependencies(runbook);
        this.reads = new StepReads(cfg.expressions);
        this.steps = new StepRunner(this, reads, new Planner(cfg.mode, reads, needs));
        this.ledger = new StepLedger(runbook, cfg.registry);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("started", started);
        run.put("dry", cfg.mode != Mode.RUN);
        this.runScope = Collections.unmodifiableMap(run);
        this.renderer = new Renderer(this, this.params, ledger.scope(), runScope);
        this.scheduler = new Scheduler(this, needs);
        this.resources.addAll(initial.resources());
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Parameter p = runbook.parameters().get(e.getKey());
            if (p != null && p.secret()) {
                redactor.addValue(e.getValue());
            }
        }
    }

    /** Runs started by this process: part of each run id's seed. */
    private static final AtomicLong RUN_IDS = new AtomicLong();

    /**
     * {@code yyyyMMddHHmmss-xxxxxxxx} (UTC, then 32 random bits in hex). The bits only need to tell apart runs started
     * in the same second, not to be secret: a seed of the clocks and the process id, not SecureRandom, whose provider
     * start-up was 5% of a cold dry-run.
     */
    static String newRunId(Instant at) {
        LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        StringBuilder id = new StringBuilder(23);
        id.append(t.getYear());
        for (int part : new int[] {t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()}) {
            id.append(part < 10 ? "0" : "").append(part);
        }
        long seed = System.nanoTime() ^ (ProcessHandle.current().pid() << 40) ^ at.toEpochMilli() ^ RUN_IDS.incrementAndGet();
        String bits = Integer.toHexString(new SplittableRandom(seed).nextInt());
        return id.append('-').append("00000000", bits.length(), 8).append(bits).toString();
    }

    // ---------------------------------------------------------------- Execution

    Execution start() {
        stepPool = Executors.newFixedThreadPool(cfg.parallelism, r -> thread(r, "runbook-step-"));
        actionPool = Executors.newCachedThreadPool(r -> thread(r, "runbook-action-"));
        Thread t = new Thread(this::runAndFinish, "runbook-run-" + runId);
        t.start();
        return this;
    }

    private static Thread thread(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
        // A hung action that ignores interruption must not keep the JVM alive after the run has ended.
        t.setDaemon(true);
        return t;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public RunResult await() {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                abort();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (bug instanceof Error) {
            throw (Error) bug;
        }
        if (bug != null) {
            throw new IllegalStateException("internal error in the executor: " + bug, bug);
        }
        return result;
    }

    @Override
    public boolean interrupt() {
        if (aborted || finished.getCount() == 0) {
            return aborted;
        }
        if (!promptLock.tryLock()) {
            abort();
            return true;
        }
        boolean abort;
        try {
            displayOnly(new RunEvent.PromptAsked(runId, now(), null, PromptKind.INTERRUPT,
                    "Interrupted: abort the run?"));
            abort = cfg.confirmer.abortOnInterrupt();
            displayOnly(new RunEvent.PromptAnswered(runId, now(), null, PromptKind.INTERRUPT, abort,
                    List.of(cfg.operator), abort ? "abort" : "continue"));
        } catch (RuntimeException e) {
            abort = true;
        } finally {
            promptLock.unlock();
        }
        if (abort) {
            abort();
        }
        return abort;
    }

    @Override
    public void abort() {
        abort(OPERATOR_ABORT);
    }

    /** Aborts for {@code reason} ("stopped by SIGTERM"), which becomes the run's end message. */
    @Override
    public void abort(String reason) {
        if (!aborted) {
            abortReason = reason == null || reason.isBlank() ? OPERATOR_ABORT : reason;
        }
        aborted = true;
        for (Future<?> f : runningActions) {
            f.cancel(true);
        }
        for (Future<?> f : runningSteps) {
            f.cancel(true);
        }
    }

    /**
     * An interrupted action may still be cleaning up (an exec killing its child processes); the run is reported finished
     * only once every action thread has ended, or the cancel grace has passed, so that a front-end that exits right
     * after {@link #await()} does not cut that clean-up short.
     */
    private void awaitActionsStopped() {
        try {
            actionPool.awaitTermination(cfg.cancelGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the run

    private void runAndFinish() {
        try {
            result = runAll();
        } catch (RuntimeException | Error e) {
            // A bug: the run is recorded as failed, and await() rethrows so that the front-end reports it as one.
            bug = e;
            result = finish(RunStatus.FAILED, "internal error: " + e, List.of());
        } finally {
            stepPool.shutdownNow();
            actionPool.shutdownNow();
            awaitActionsStopped();
            finished.countDown();
        }
    }

    private RunResult runAll() {
        try {
            record(new RunEvent.RunStarted(runId, started, runbook.name(), runbook.file(), params, cfg.mode,
                    cfg.operator, initial.isResume()));
        } catch (JournalException e) {
            return finish(RunStatus.AUDIT_FAILED, auditFailure(), List.of());
        }
        if (cfg.mode == Mode.RUN && cfg.approvals != null) {
            try {
                record(new RunEvent.PlanRecorded(runId, now(), cfg.approvals.plan().digest(),
                        cfg.approvals.plan().toMap()));
            } catch (JournalException e) {
                return finish(RunStatus.AUDIT_FAILED, auditFailure(), List.of());
            }
        }
        if (cfg.mode == Mode.TABLETOP) {
            try {
                record(new RunEvent.ParticipantsRecorded(runId, now(), cfg.tabletop.participants()));
            } catch (JournalException e) {
                return finish(RunStatus.AUDIT_FAILED, auditFailure(), List.of());
            }
        }
        if (!cfg.mode.appliesNothing()) {
            // a tabletop, like a dry-run, asks no outside system who it is: it works without credentials
            ActorCheck.Stop stopped = ActorCheck.identify(this);
            if (stopped != null) {
                return finish(stopped.status(), stopped.message(), ledger.withoutResult());
            }
        }
        for (Map.Entry<String, StepResult> e : initial.completed().entrySet()) {
            StepResult r = e.getValue();
            ledger.showOutputs(e.getKey(), r.outputs(), true);
            putResult(r);
            if (r.status() == StepStatus.SUCCEEDED) {
                ledger.completed(e.getKey());
            }
            displayOnly(new RunEvent.StepCarriedOver(runId, now(), e.getKey(), ledger.title(e.getKey()),
                    r.status()));
        }

        Scheduler.End end = scheduler.run();
        Outcome main = mainOutcome(end);
        Outcome all = new Cleanup(this).after(main);
        return finish(all.status(), all.message(), all.notRun(), all.notUndone());
    }

    /** How a run (or its main steps) ended: its status and message, the steps not run, the steps not undone. */
    record Outcome(RunStatus status, String message, List<String> notRun, Map<String, String> notUndone) {
    }

    /** What the main steps' end means for the run, rolling back first when it asks for it. */
    private Outcome mainOutcome(Scheduler.End end) {
        List<String> notRun = end.notRun();
        if (auditFailure() != null) {
            return new Outcome(RunStatus.AUDIT_FAILED, auditFailure(), notRun, Map.of());
        }
        if (aborted) {
            return new Outcome(RunStatus.INTERRUPTED, abortReason, notRun, Map.of());
        }
        if (end.rollbackFrom() != null && cfg.mode == Mode.RUN) {
            Rollback.Outcome o = new Rollback(this).run(end.message());
            return new Outcome(o.status(), o.message(), notRun, o.notUndone());
        }
        if (end.stop() != null) {
            return new Outcome(end.stop(), end.message(), notRun, Map.of());
        }
        if (!end.failedContinuing().isEmpty()) {
            return new Outcome(RunStatus.FAILED, String.join("; ", end.failedContinuing()), notRun, Map.of());
        }
        return new Outcome(cfg.mode == Mode.RUN ? RunStatus.SUCCEEDED : RunStatus.PLANNED, null, notRun, Map.of());
    }

    /**
     * The clean-up's scheduler takes over from the main steps' (which has ended): the run is no longer aborted, so
     * that the clean-up runs after a Ctrl-C; a new abort stops the clean-up. Returns whether the main steps were
     * aborted by the operator (not by a signal, which ends the process soon: the clean-up is left to resume).
     */
    Scheduler startCleanup(Map<String, List<String>> needs, List<dev.runbook.model.Step> cleanup) {
        Scheduler s = new Scheduler(this, needs, cleanup);
        scheduler = s;
        aborted = false;
        return s;
    }

    /** Whether the run was aborted by the operator (Ctrl-C, or an answer), not by a signal. */
    boolean abortedByOperator() {
        return OPERATOR_ABORT.equals(abortReason);
    }

    /** Why the run was aborted. */
    String abortReason() {
        return abortReason;
    }

    /** An action registered a resource it created: recorded ({@code resource-created}), probed after the clean-up. */
    void registered(String step, dev.runbook.action.CreatedResource resource) {
        resources.add(new StepResource(step, resource));
        emitQuietly(new RunEvent.ResourceCreated(runId, now(), step, resource.kind(), resource.id(),
                resource.region(), resource.removal()));
    }

    /** The resources registered so far (a copy), oldest first. */
    List<StepResource> resources() {
        synchronized (resources) {
            return new java.util.ArrayList<>(resources);
        }
    }

    /** Records a step's result where the scheduler and expressions look for it; the first counts down its dependents. */
    void putResult(StepResult r) {
        if (ledger.put(r)) {
            scheduler.finished(r.id());
        }
    }

    /** Records a step's end: its result, its outputs for later steps, and the StepFinished event. */
    void finishStep(StepResult r) {
        ledger.showOutputs(r.id(), r.outputs(), false);
        putResult(r);
        if (r.status() == StepStatus.SUCCEEDED) {
            ledger.completed(r.id());
        }
        emitQuietly(new RunEvent.StepFinished(runId, now(), r.id(), ledger.title(r.id()), r.status(),
                ledger.outputsUnknown(r.id()) ? Map.of() : r.outputs(), r.message(),
                r.duration(), r.attempts()));
    }

    private RunResult finish(RunStatus status, String message, List<String> notRun) {
        return finish(status, message, notRun, Map.of());
    }

    private RunResult finish(RunStatus status, String message, List<String> notRun, Map<String, String> notUndone) {
        Map<String, StepResult> ordered = ledger.inFileOrder();
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (StepResult r : ordered.values()) {
            counts.merge(r.status(), 1, Integer::sum);
        }
        Duration took = Duration.between(started, cfg.clock.instant());
        String redacted = redactor.redact(message);
        emitQuietly(new RunEvent.RunFinished(runId, now(), status, redacted, took, counts, notUndone));
        return new RunResult(runId, status, redacted, ordered, took);
    }

    // ---------------------------------------------------------------- events and prompts

    /** Journal first, then listeners: see {@link EventChannel#record}. */
    void record(RunEvent event) throws JournalException {
        events.record(event);
    }

    void identified(ActorProbe probe, Actor actor) {
        actors.put(probe, actor);
    }

    /** The AWS identities (ARNs) this run acts as, as identified at its start. */
    List<String> awsActors() {
        List<String> out = new java.util.ArrayList<>();
        for (Actor a : actors.values()) {
            if ("aws".equals(a.system()) && a.id() != null) {
                out.add(a.id());
            }
        }
        return out;
    }

    /** The actor this probe identified at the start of the run, or null. */
    Actor identified(ActorProbe probe) {
        return actors.get(probe);
    }

    void emitQuietly(RunEvent event) {
        events.emitQuietly(event);
    }

    void displayOnly(RunEvent event) {
        events.displayOnly(event);
    }

    void lockPrompt() throws InterruptedException {
        promptLock.lockInterruptibly();
    }

    ReentrantLock promptLock() {
        return promptLock;
    }

    // ---------------------------------------------------------------- small things

    /** On resume: whether the step started in the earlier run without a recorded outcome. */
    boolean inDoubt(String id) {
        return initial.inDoubt().contains(id);
    }

    ExecutorService stepPool() {
        return stepPool;
    }

    /** The steps running now, on step workers or inline on the run's thread: an abort interrupts them. */
    Set<Future<?>> runningSteps() {
        return runningSteps;
    }

    ExecutorService actionPool() {
        return actionPool;
    }

    Set<Future<?>> runningActions() {
        return runningActions;
    }

    boolean aborted() {
        return aborted;
    }

    String auditFailure() {
        return events.auditFailure();
    }

    /** What the run knows about its steps. */
    StepLedger ledger() {
        return ledger;
    }

    StepRunner steps() {
        return steps;
    }

    StepPrompts prompts() {
        return prompts;
    }

    Renderer renderer() {
        return renderer;
    }

    Executor cfg() {
        return cfg;
    }

    Redactor redactor() {
        return redactor;
    }

    Runbook runbook() {
        return runbook;
    }

    String runIdValue() {
        return runId;
    }

    Instant now() {
        return cfg.clock.instant();
    }

    Duration since(Instant t0) {
        Duration d = Duration.between(t0, now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    static String describe(Throwable e) {
        if (e instanceof ActionFailedException || e instanceof StepStop) {
            return e.getMessage();
        }
        if (isBug(e)) {
            // an action's own defect: say so, with what it threw, so that it can be reported
            String m = e.getMessage();
            return "the action failed unexpectedly (a bug in runbook or the action: " + e.getClass().getSimpleName()
                    + (m == null || m.isBlank() ? "" : ": " + m) + ")";
        }
        return dev.runbook.error.Messages.describe(e);
    }

    /** Exceptions that no input explains (a null pointer, a broken invariant), as opposed to failures of the world. */
    private static boolean isBug(Throwable e) {
        return e instanceof NullPointerException || e instanceof IllegalStateException
                || e instanceof ClassCastException || e instanceof IndexOutOfBoundsException
                || e instanceof UnsupportedOperationException;
    }
}
