package dev.runbook.exec;

import dev.runbook.graph.StepGraph;
import dev.runbook.model.Confirm;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The scheduling decisions of one run, on the run's own thread: which step may start next (a step waits for every
 * step it needs, a step without {@code needs} for the one above it; ready steps start in file order, up to
 * {@code parallelism} at once, one at a time and inline in a dry-run), which steps are skipped because a step they
 * need failed or did not run (passed on through the steps skipped for that reason), and what a step's end means for
 * the run: go on, stop, or roll back ({@code on-failure}, or what the operator chose instead). The steps themselves
 * run in {@link StepRunner}; their ends are recorded by {@code RunLoop.finishStep} (journal first, then display)
 * before the scheduler looks at them.
 */
final class Scheduler {
    private final RunLoop run;
    private final Executor cfg;
    /** The steps this scheduler runs: the main steps, or the clean-up steps. */
    private final List<Step> steps;
    private final Map<String, List<String>> needs;
    /** Each step's place in the file: ready steps are taken in that order. */
    private final Map<String, Integer> position = new HashMap<>();
    /** For each step, the steps that need it: finishing a step counts down only its dependents. */
    private final Map<String, List<String>> dependents = new HashMap<>();
    /** Unfinished dependencies per pending step, and the ready steps by place in the file. */
    private final Map<String, Integer> waitingFor = new HashMap<>();
    private final NavigableSet<Integer> ready = new TreeSet<>();
    /** Steps not run because a step they need failed, with that step: their own dependents are not run either. */
    private final Map<String, String> blockedBy = new HashMap<>();
    /** Steps neither started nor settled yet. */
    private final Set<String> pending = new LinkedHashSet<>();
    /** Ends of the steps started, as step workers deliver them. */
    private final BlockingQueue<StepResult> done = new LinkedBlockingQueue<>();

    /** How the steps ended, for the run's end. */
    private RunStatus stop;
    private String stopMessage;
    private String rollbackFrom;
    private final List<String> failedContinuing = new ArrayList<>();

    /** Where the step loop ended: the first stop (null if none), the step to roll back from, the failures let pass. */
    record End(RunStatus stop, String message, String rollbackFrom, List<String> failedContinuing,
            List<String> notRun) {}

    Scheduler(RunLoop run, Map<String, List<String>> needs) {
        this(run, needs, run.runbook().steps());
    }

    /** A scheduler of {@code steps} only (the clean-up): {@code needs} name only steps among them. */
    Scheduler(RunLoop run, Map<String, List<String>> needs, List<Step> steps) {
        this.run = run;
        this.cfg = run.cfg();
        this.steps = List.copyOf(steps);
        this.needs = needs;
        for (int i = 0; i < steps.size(); i++) {
            position.putIfAbsent(steps.get(i).idValue(), i);
        }
        for (Map.Entry<String, List<String>> e : needs.entrySet()) {
            for (String d : e.getValue()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(e.getKey());
            }
        }
    }

    /** What each step waits for, as {@link StepGraph} defines it (a step without {@code needs} follows the one above). */
    static Map<String, List<String>> dependencies(Runbook runbook) {
        StepGraph graph = StepGraph.of(runbook);
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (String id : graph.steps()) {
            deps.put(id, List.copyOf(graph.dependencies(id)));
        }
        return deps;
    }

    /** A step's first result was recorded: its dependents wait for one step fewer (a no-op before {@link #run()}). */
    void finished(String id) {
        for (String dependent : dependents.getOrDefault(id, List.of())) {
            Integer waiting = waitingFor.get(dependent);
            if (waiting != null && waiting > 0) {
                waitingFor.put(dependent, waiting - 1);
                if (waiting == 1) {
                    ready.add(position.get(dependent));
                }
            }
        }
    }

    /**
     * Runs every step without a result yet (the ones carried over from an earlier run have theirs) until all have
     * ended, or the run stops; steps that never started are recorded as not run.
     */
    End run() {
        for (Step s : steps) {
            if (run.ledger().result(s.idValue()) == null) {
                pending.add(s.idValue());
            }
        }
        for (String id : pending) {
            int waiting = 0;
            for (String d : needs.getOrDefault(id, List.of())) {
                if (run.ledger().result(d) == null) {
                    waiting++;
                }
            }
            waitingFor.put(id, waiting);
            if (waiting == 0) {
                ready.add(position.get(id));
            }
        }
        int running = 0;
        while (true) {
            if (stop == null && !run.aborted() && run.auditFailure() == null) {
                running += startReady(running);
            }
            if (running == 0) {
                break;
            }
            StepResult r = take();
            if (r == null) {
                // The run was aborted and a step did not stop within the grace period: leave it behind.
                break;
            }
            running--;
            run.finishStep(r);
            judge(r);
        }
        List<String> notRun = new ArrayList<>();
        for (String id : pending) {
            run.putResult(StepResult.notRun(id, StepStatus.NOT_RUN, "not run: the run stopped before it"));
            notRun.add(id);
        }
        return new End(stop, stopMessage, rollbackFrom, List.copyOf(failedContinuing), notRun);
    }

    /** What a step's end means for the run: the first decline or failure that is not let pass stops it. */
    private void judge(StepResult r) {
        if (run.auditFailure() != null) {
            stop = RunStatus.AUDIT_FAILED;
            stopMessage = run.auditFailure();
        } else if (r.status() == StepStatus.AWAITING_APPROVAL) {
            stop = stop == null ? RunStatus.AWAITING_APPROVAL : stop;
            stopMessage = stopMessage == null ? r.message() : stopMessage;
        } else if (r.status() == StepStatus.DECLINED) {
            stop = stop == null ? RunStatus.DECLINED : stop;
            stopMessage = stopMessage == null ? "step '" + r.id() + "' was declined: " + r.message() : stopMessage;
        } else if (r.status().isFailure()) {
            OnFailure policy = run.ledger().policy(r.id());
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

    /**
     * Starts (or settles, for skips) every pending step whose dependencies have finished; returns how many started.
     * Steps are taken in passes over the ready ones in file order, as a scan of every pending step would take them,
     * but only ready steps are visited: a step becomes ready when its count of unfinished dependencies reaches zero.
     */
    private int startReady(int running) {
        int startedNow = 0;
        int cursor = -1;
        boolean changed = false;
        while (true) {
            if (running + startedNow >= cfg.parallelism && !cfg.mode.appliesNothing()) {
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
            Step step = steps.get(next);
            String id = step.idValue();
            pending.remove(id);
            changed = true;
            StepResult skip = skipFor(id, needs.getOrDefault(id, List.of()));
            if (skip != null) {
                run.finishStep(skip);
                continue;
            }
            if (cfg.mode.appliesNothing()) {
                // Nothing external happens in a dry-run or a tabletop: plan one step at a time, inline, the first ready one in
                // file order, so that the plan reads top to bottom like the runbook.
                done.add(run.steps().runStep(step));
                return startedNow + 1;
            }
            Runnable task = () -> done.add(run.steps().runStep(step));
            if (running + startedNow == 0 && ready.isEmpty() && waitsOnlyOnItsAction(step)) {
                // The only step that can run now (a chain): run it on this thread, which would only wait for it,
                // and spare two thread hand-offs. Its action still runs on an action thread (timeouts, abort), and
                // an abort interrupts this thread as it would a step worker (the task is among the running steps).
                FutureTask<Void> inline = new FutureTask<>(task, null);
                run.runningSteps().add(inline);
                inline.run();
                run.runningSteps().remove(inline);
                // An abort's interrupt was meant for the step: it must not reach the scheduler's next journal write.
                Thread.interrupted();
                return startedNow + 1;
            }
            run.runningSteps().add(run.stepPool().submit(task));
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
                && !run.inDoubt(step.idValue());
    }

    /**
     * The skip of a step whose needs failed (or did not run), directly or through steps skipped for that reason; null
     * when it may run. A step skipped by its own {@code if} counts as done: only reading its outputs skips a step.
     */
    private StepResult skipFor(String id, List<String> deps) {
        for (String d : deps) {
            StepResult r = run.ledger().result(d);
            String failed = blockedBy.get(d);
            if (failed == null && (r.status().isFailure() || r.status() == StepStatus.NOT_RUN
                    || r.status() == StepStatus.DECLINED || r.status() == StepStatus.INTERRUPTED
                    || r.status() == StepStatus.AWAITING_APPROVAL)) {
                failed = d;
            }
            if (failed != null) {
                blockedBy.put(id, failed);
                return StepResult.notRun(id, StepStatus.SKIPPED, "not run: needs failed '" + failed + "'");
            }
        }
        return null;
    }

    private StepResult take() {
        while (true) {
            try {
                if (run.aborted()) {
                    return done.poll(cfg.cancelGrace.toMillis() + 1000, TimeUnit.MILLISECONDS);
                }
                return done.take();
            } catch (InterruptedException e) {
                run.abort();
            }
        }
    }
}
