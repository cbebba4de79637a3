package dev.runbook.exec;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Actor;
import dev.runbook.action.ActorProbe;
import dev.runbook.action.Kind;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Confirm;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of one runbook: the {@link Execution} handle, the scheduler (on the run's own thread: which step is ready,
 * what a step's end means for the run: go on, stop, roll back), the prompt lock and the single event channel (journal
 * first, then listeners), and the run's shared state. The decisions have homes of their own, all called from here:
 * {@link StepRunner} (one step's life, on step workers; actions on action threads so that a timeout can abandon
 * them), {@link Planner} (dry-run and preflight), {@link InDoubtResolver} (resume), {@link StepPrompts} (questions),
 * {@link Rollback} (undo), {@link Renderer} (expressions and inputs) and {@link StepReads} (what a step reads).
 */
final class RunLoop implements Execution {
    /** The longest wait for an outside system to say who we are (its own retries included). */
    private static final Duration IDENTIFY_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Executor cfg;
    private final Runbook runbook;
    private final Map<String, Object> params;
    private final RunState initial;
    private final Redactor redactor = new Redactor();
    private final StepReads reads;
    private final String runId;
    private final Instant started;
    private final Map<String, List<String>> needs;
    /** Steps by id and their place in the file: the scheduler looks both up for every step. */
    private final Map<String, Step> stepsById = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    /** For each step, the steps that need it: finishing a step counts down only its dependents. */
    private final Map<String, List<String>> dependents = new HashMap<>();
    /** The {@code steps} expressions see, maintained as results are recorded. */
    private final StepsScope stepsScope;
    /** The {@code run} expressions see; it does not change during a run. */
    private final Map<String, Object> runScope;
    private final Renderer renderer;
    private final StepPrompts prompts = new StepPrompts(this);
    private final StepRunner steps;

    /** Finished steps; read by workers to build their scope. */
    private final Map<String, StepResult> results = new ConcurrentHashMap<>();
    /** Outputs as later steps see them (an {@link UnknownOutputs} for steps not applied). */
    private final Map<String, Map<String, Object>> visibleOutputs = new ConcurrentHashMap<>();
    /** Steps that completed, oldest first: the order a rollback reverses. */
    private final List<String> completedOrder = Collections.synchronizedList(new ArrayList<>());
    /** The kind of each step as it was applied in this process (a rollback names mutating steps without undo). */
    private final Map<String, Kind> appliedKinds = new ConcurrentHashMap<>();
    /** What the operator chose at a terminal for a failed step, instead of its {@code on-failure}. */
    private final Map<String, OnFailure> decidedPolicy = new ConcurrentHashMap<>();
    /** Scheduler-thread state: unfinished dependencies per pending step, and the ready steps by place in the file. */
    private final Map<String, Integer> waitingFor = new HashMap<>();
    private final NavigableSet<Integer> ready = new TreeSet<>();
    /** Steps not run because a step they need failed, with that step: their own dependents are not run either. */
    private final Map<String, String> blockedBy = new HashMap<>();

    private final ReentrantLock promptLock = new ReentrantLock(true);
    private final Object emitLock = new Object();
    private final Set<Future<?>> runningActions = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> runningSteps = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile boolean aborted;
    private static final String OPERATOR_ABORT = "interrupted by the operator";
    /** Why the run was aborted: the operator's Ctrl-C or answer, or a signal (set once, before {@link #aborted}). */
    private volatile String abortReason = OPERATOR_ABORT;
    private volatile String auditFailure;
    private volatile RunResult result;
    private volatile Throwable bug;
    private ExecutorService stepPool;
    private ExecutorService actionPool;

    RunLoop(Executor cfg, Runbook runbook, Map<String, Object> params, RunState initial) {
        this.cfg = cfg;
        this.runbook = runbook;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.initial = initial;
        this.runId = initial.runId() != null ? initial.runId() : newRunId(cfg.clock.instant());
        this.started = initial.started() != null ? initial.started() : cfg.clock.instant();
        this.needs = dependencies(runbook);
        this.reads = new StepReads(cfg.expressions);
        this.steps = new StepRunner(this, reads, new Planner(cfg.mode, reads, needs));
        List<String> ids = new ArrayList<>();
        for (Step s : runbook.steps()) {
            stepsById.putIfAbsent(s.idValue(), s);
            position.putIfAbsent(s.idValue(), ids.size());
            ids.add(s.idValue());
        }
        for (Map.Entry<String, List<String>> e : needs.entrySet()) {
            for (String d : e.getValue()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        this.stepsScope = new StepsScope(ids);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", runId);
        run.put("started", started);
        run.put("dry", cfg.mode != Mode.RUN);
        this.runScope = Collections.unmodifiableMap(run);
        this.renderer = new Renderer(this, this.params, stepsScope, runScope);
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

    /** What each step waits for, as {@link StepGraph} defines it (a step without {@code needs} follows the one above). */
    private static Map<String, List<String>> dependencies(Runbook runbook) {
        StepGraph graph = StepGraph.of(runbook);
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (String id : graph.steps()) {
            deps.put(id, List.copyOf(graph.dependencies(id)));
        }
        return deps;
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
            return finish(RunStatus.AUDIT_FAILED, auditFailure, List.of());
        }
        if (cfg.mode != Mode.DRY_RUN) {
            RunResult stopped = identifyActors();
            if (stopped != null) {
                return stopped;
            }
        }
        for (Map.Entry<String, StepResult> e : initial.completed().entrySet()) {
            StepResult r = e.getValue();
            visibleOutputs.put(e.getKey(), r.outputs());
            putResult(r);
            if (r.status() == StepStatus.SUCCEEDED) {
                completedOrder.add(e.getKey());
            }
            displayOnly(new RunEvent.StepCarriedOver(runId, now(), e.getKey(), title(e.getKey()), r.status()));
        }

        Set<String> pending = new LinkedHashSet<>();
        for (Step s : runbook.steps()) {
            if (!results.containsKey(s.idValue())) {
                pending.add(s.idValue());
            }
        }
        for (String id : pending) {
            int waiting = 0;
            for (String d : needs.getOrDefault(id, List.of())) {
                if (!results.containsKey(d)) {
                    waiting++;
                }
            }
            waitingFor.put(id, waiting);
            if (waiting == 0) {
                ready.add(position.get(id));
            }
        }
        BlockingQueue<StepResult> done = new LinkedBlockingQueue<>();
        int running = 0;
        RunStatus stop = null;
        String stopMessage = null;
        String rollbackFrom = null;
        List<String> failedContinuing = new ArrayList<>();

        while (true) {
            if (stop == null && !aborted && auditFailure == null) {
                running += startReady(pending, done, running);
            }
            if (running == 0) {
                break;
            }
            StepResult r = take(done);
            if (r == null) {
                // The run was aborted and a step did not stop within the grace period: leave it behind.
                break;
            }
            running--;
            finishStep(r);
            if (auditFailure != null) {
                stop = RunStatus.AUDIT_FAILED;
                stopMessage = auditFailure;
            } else if (r.status() == StepStatus.DECLINED) {
                stop = stop == null ? RunStatus.DECLINED : stop;
                stopMessage = stopMessage == null ? "step '" + r.id() + "' was declined: " + r.message() : stopMessage;
            } else if (r.status().isFailure()) {
                OnFailure policy = decidedPolicy.getOrDefault(r.id(),
                        step(r.id()).map(Step::onFailure).orElse(OnFailure.ABORT));
                String msg = "step '" + r.id() + "' " + (r.status() == StepStatus.TIMED_OUT ? "timed out" : "failed")
                        + ": " + r.message();
                if (policy == OnFailure.CONTINUE) {
                    failedContinuing.add(msg);
                } else if (stop == null) {
                    stop = RunStatus.FAILED;
                    stopMessage = msg;
                    if (policy == OnFailure.ROLLBACK) {
                        rollbackFrom = r.id();
                    }
                }
            }
        }

        List<String> notRun = new ArrayList<>();
        for (String id : pending) {
            putResult(StepResult.notRun(id, StepStatus.NOT_RUN, "not run: the run stopped before it"));
            notRun.add(id);
        }

        if (auditFailure != null) {
            return finish(RunStatus.AUDIT_FAILED, auditFailure, notRun);
        }
        if (aborted) {
            return finish(RunStatus.INTERRUPTED, abortReason, notRun);
        }
        if (rollbackFrom != null && cfg.mode == Mode.RUN) {
            Rollback.Outcome o = new Rollback(this).run(stopMessage);
            return finish(o.status(), o.message(), notRun, o.notUndone());
        }
        if (stop != null) {
            return finish(stop, stopMessage, notRun);
        }
        if (!failedContinuing.isEmpty()) {
            return finish(RunStatus.FAILED, String.join("; ", failedContinuing), notRun);
        }
        return finish(cfg.mode == Mode.RUN ? RunStatus.SUCCEEDED : RunStatus.PLANNED, null, notRun);
    }

    /**
     * Asks each actor probe that concerns this runbook's actions who the run acts as, and records the answer before
     * any step starts or asks. A probe that cannot tell (no credentials, say) stops the run before anything is
     * applied: acting on a system without knowing as whom is what this check exists to prevent.
     */
    private RunResult identifyActors() {
        Set<String> used = actionNames();
        for (ActorProbe probe : cfg.registry.actorProbes()) {
            if (!probe.concerns(used)) {
                continue;
            }
            Actor actor;
            try {
                actor = probe.identify(IDENTIFY_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finish(RunStatus.INTERRUPTED, "interrupted by the operator", allStepIds());
            } catch (Exception e) {
                return finish(RunStatus.FAILED, "cannot tell who this run acts as: " + describe(e), allStepIds());
            }
            try {
                record(new RunEvent.ActorIdentified(runId, now(), actor.system(), actor.id(), actor.account(),
                        actor.region(), actor.summary()));
            } catch (JournalException e) {
                return finish(RunStatus.AUDIT_FAILED, auditFailure, allStepIds());
            }
        }
        return null;
    }

    /** Every action this runbook may apply: its steps', their undos', and the ones {@code wait} polls. */
    private Set<String> actionNames() {
        Set<String> names = new TreeSet<>();
        for (Step s : runbook.steps()) {
            names.add(s.actionName());
            if (s.undo() != null && s.undo().action() != null) {
                names.add(s.undo().action().value());
            }
            Node polled = s.with().get("action");
            if (polled instanceof Node.Scalar && ((Node.Scalar) polled).value() != null) {
                names.add(String.valueOf(((Node.Scalar) polled).value()));
            }
        }
        return names;
    }

    private List<String> allStepIds() {
        List<String> ids = new ArrayList<>();
        for (Step s : runbook.steps()) {
            if (!results.containsKey(s.idValue())) {
                ids.add(s.idValue());
            }
        }
        return ids;
    }

    /**
     * Starts (or settles, for skips) every pending step whose dependencies have finished; returns how many started.
     * Steps are taken in passes over the ready ones in file order, as a scan of every pending step would take them,
     * but only ready steps are visited: a step becomes ready when its count of unfinished dependencies reaches zero.
     */
    private int startReady(Set<String> pending, BlockingQueue<StepResult> done, int running) {
        int startedNow = 0;
        int cursor = -1;
        boolean changed = false;
        while (true) {
            if (running + startedNow >= cfg.parallelism && cfg.mode != Mode.DRY_RUN) {
                return startedNow;
            }
            Integer next = ready.higher(cursor);
            if (next == null) {
                if (!changed) {
                    return startedNow;
                }
                changed = false;
                cursor = -1;
                continue;
            }
            cursor = next;
            ready.remove(next);
            Step step = runbook.steps().get(next);
            String id = step.idValue();
            pending.remove(id);
            changed = true;
            StepResult skip = skipFor(id, needs.getOrDefault(id, List.of()));
            if (skip != null) {
                finishStep(skip);
                continue;
            }
            if (cfg.mode == Mode.DRY_RUN) {
                // Nothing external happens in a dry-run: plan one step at a time, inline, the first ready one in
                // file order, so that the plan reads top to bottom like the runbook.
                done.add(steps.runStep(step));
                return startedNow + 1;
            }
            Runnable run = () -> done.add(steps.runStep(step));
            if (running + startedNow == 0 && ready.isEmpty() && waitsOnlyOnItsAction(step)) {
                // The only step that can run now (a chain): run it on this thread, which would only wait for it,
                // and spare two thread hand-offs. Its action still runs on an action thread (timeouts, abort), and
                // an abort interrupts this thread as it would a step worker (the task is among the running steps).
                FutureTask<Void> inline = new FutureTask<>(run, null);
                runningSteps.add(inline);
                inline.run();
                runningSteps.remove(inline);
                // An abort's interrupt was meant for the step: it must not reach the scheduler's next journal write.
                Thread.interrupted();
                return startedNow + 1;
            }
            runningSteps.add(stepPool.submit(run));
            startedNow++;
        }
    }

    /**
     * Whether a step, apart from its action (always on an action thread), waits on nothing but interruptible sleeps:
     * no prompt (a confirmation, instructions, an in-doubt choice) and no in-doubt probe, either of which may ignore
     * an abort; such a step is abandoned after the cancel grace only when it runs on a step worker.
     */
    private boolean waitsOnlyOnItsAction(Step step) {
        return step.confirm() instanceof Confirm.None
                && (step.instructions() == null || step.instructions().isBlank())
                && !initial.inDoubt().contains(step.idValue());
    }

    /** Records a step's result where the scheduler and expressions look for it; the first counts down its dependents. */
    void putResult(StepResult r) {
        boolean first = results.put(r.id(), r) == null;
        stepsScope.publish(r.id(), r.status().label(), visibleOutputs.getOrDefault(r.id(), r.outputs()));
        if (!first) {
            return;
        }
        for (String dependent : dependents.getOrDefault(r.id(), List.of())) {
            Integer waiting = waitingFor.get(dependent);
            if (waiting != null && waiting > 0) {
                waitingFor.put(dependent, waiting - 1);
                if (waiting == 1) {
                    ready.add(position.get(dependent));
                }
            }
        }
    }

    Optional<Step> step(String id) {
        return Optional.ofNullable(stepsById.get(id));
    }

    /**
     * The skip of a step whose needs failed (or did not run), directly or through steps skipped for that reason; null
     * when it may run. A step skipped by its own {@code if} counts as done: only reading its outputs skips a step.
     */
    private StepResult skipFor(String id, List<String> deps) {
        for (String d : deps) {
            StepResult r = results.get(d);
            String failed = blockedBy.get(d);
            if (failed == null && (r.status().isFailure() || r.status() == StepStatus.NOT_RUN
                    || r.status() == StepStatus.DECLINED || r.status() == StepStatus.INTERRUPTED)) {
                failed = d;
            }
            if (failed != null) {
                blockedBy.put(id, failed);
                return StepResult.notRun(id, StepStatus.SKIPPED, "not run: needs failed '" + failed + "'");
            }
        }
        return null;
    }

    private StepResult take(BlockingQueue<StepResult> done) {
        while (true) {
            try {
                if (aborted) {
                    return done.poll(cfg.cancelGrace.toMillis() + 1000, TimeUnit.MILLISECONDS);
                }
                return done.take();
            } catch (InterruptedException e) {
                abort();
            }
        }
    }

    /** Records a step's end: its result, its outputs for later steps, and the StepFinished event. */
    private void finishStep(StepResult r) {
        visibleOutputs.putIfAbsent(r.id(), r.outputs());
        putResult(r);
        if (r.status() == StepStatus.SUCCEEDED) {
            completedOrder.add(r.id());
        }
        emitQuietly(new RunEvent.StepFinished(runId, now(), r.id(), title(r.id()), r.status(),
                visibleOutputs.get(r.id()) instanceof UnknownOutputs ? Map.of() : r.outputs(), r.message(),
                r.duration(), r.attempts()));
    }

    private RunResult finish(RunStatus status, String message, List<String> notRun) {
        return finish(status, message, notRun, Map.of());
    }

    private RunResult finish(RunStatus status, String message, List<String> notRun, Map<String, String> notUndone) {
        Map<String, StepResult> ordered = new LinkedHashMap<>();
        Map<StepStatus, Integer> counts = new EnumMap<>(StepStatus.class);
        for (Step s : runbook.steps()) {
            StepResult r = results.get(s.idValue());
            if (r == null) {
                r = StepResult.notRun(s.idValue(), StepStatus.NOT_RUN, "not run: the run stopped before it");
            }
            ordered.put(s.idValue(), r);
            counts.merge(r.status(), 1, Integer::sum);
        }
        Duration took = Duration.between(started, cfg.clock.instant());
        String redacted = redactor.redact(message);
        emitQuietly(new RunEvent.RunFinished(runId, now(), status, redacted, took, counts, notUndone));
        return new RunResult(runId, status, redacted, ordered, took);
    }

    // ---------------------------------------------------------------- events and prompts

    /**
     * Journal first (a failure stops the run before its next action), then listeners: an event is shown only once
     * its record is written, so that the operator never sees an outcome ("ok") the log does not hold.
     */
    void record(RunEvent event) throws JournalException {
        synchronized (emitLock) {
            RunEvent clean = event.redacted(redactor);
            if (auditFailure != null) {
                throw new JournalException(auditFailure);
            }
            if (clean.recorded()) {
                try {
                    cfg.journal.append(clean);
                } catch (JournalException | RuntimeException e) {
                    auditFailure = "the audit log could not be written: " + e.getMessage();
                    throw new JournalException(auditFailure, e);
                }
            }
            notify(clean);
        }
    }

    /**
     * For events after which no action follows: a journal failure is remembered, the caller goes on. Of the events
     * that could not be recorded only the run's end is still shown (it says that the audit log failed).
     */
    void emitQuietly(RunEvent event) {
        try {
            record(event);
        } catch (JournalException e) {
            if (event instanceof RunEvent.RunFinished) {
                synchronized (emitLock) {
                    notify(event.redacted(redactor));
                }
            }
        }
    }

    /** Display-only events: never sent to the journal. */
    void displayOnly(RunEvent event) {
        synchronized (emitLock) {
            notify(event.redacted(redactor));
        }
    }

    private void notify(RunEvent clean) {
        try {
            cfg.listener.on(clean);
        } catch (RuntimeException e) {
            // A listener is display only: its failure must not change the run.
        }
    }

    void lockPrompt() throws InterruptedException {
        promptLock.lockInterruptibly();
    }

    ReentrantLock promptLock() {
        return promptLock;
    }

    // ---------------------------------------------------------------- small things

    /** A step not applied (dry-run, preflight): later steps see its outputs as not known yet. */
    void showAsUnknown(String id) {
        visibleOutputs.put(id, new UnknownOutputs(id));
    }

    /** A step is about to be applied (or settled in doubt) as this kind. */
    void noteApplied(String id, Kind kind) {
        appliedKinds.put(id, kind);
    }

    /** The operator chose this for a failed step instead of its {@code on-failure}. */
    void decide(String id, OnFailure policy) {
        decidedPolicy.put(id, policy);
    }

    /** On resume: whether the step started in the earlier run without a recorded outcome. */
    boolean inDoubt(String id) {
        return initial.inDoubt().contains(id);
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
        return auditFailure;
    }

    StepResult result(String id) {
        return results.get(id);
    }

    /** The steps that completed, oldest first (a copy): the order a rollback reverses. */
    List<String> completedInOrder() {
        synchronized (completedOrder) {
            return new ArrayList<>(completedOrder);
        }
    }

    /**
     * Whether a completed step applied a change: as it was started in this process, else (carried over from the
     * earlier run, or found already done) as its action declares; an unknown action counts as mutating.
     */
    Kind appliedKind(String id) {
        Kind k = appliedKinds.get(id);
        if (k != null) {
            return k;
        }
        return step(id).flatMap(s -> cfg.registry.find(s.actionName())).map(a -> a.spec().kind())
                .orElse(Kind.MUTATING);
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

    private String title(String id) {
        return step(id).map(Step::displayTitle).orElse(id);
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

    /** Ends a step early with a status and message (expression failures, unknown actions, failed checks). */
    static final class StepStop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient StepStatus status;
        final int attempts;

        StepStop(StepStatus status, String message, int attempts) {
            super(message, null, false, false);
            this.status = status;
            this.attempts = attempts;
        }
    }
}
