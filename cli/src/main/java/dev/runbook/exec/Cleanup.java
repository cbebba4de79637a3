package dev.runbook.exec;

import dev.runbook.action.CreatedResource;
import dev.runbook.action.Kind;
import dev.runbook.action.ResourceProbe;
import dev.runbook.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clean-up ({@code cleanup:}) at the end of a run, whatever the main steps did: succeeded, failed (after any
 * rollback), were declined or aborted by the operator (Ctrl-C). Not after a run stopped by its audit log, one waiting
 * for approval (it is continued later) or one stopped by SIGTERM/SIGHUP (the process ends within its grace): those
 * leave the clean-up to {@code resume}. In a real run one y/N question ("Run clean-up (N steps)?") comes first, then
 * the clean-up steps run as steps do (same records), between {@code cleanup-started} and {@code cleanup-finished};
 * afterwards every resource the run's actions registered is probed, each recorded as {@code resource-checked}
 * ({@code leftover} when still there). In a dry-run, preflight or tabletop the clean-up steps are only shown, in a
 * section of their own. The run keeps the status of its main steps, except that a succeeded run whose clean-up
 * failed (or was interrupted) ends failed (or interrupted).
 */
final class Cleanup {
    /** How long one resource's probe may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final RunLoop run;

    Cleanup(RunLoop run) {
        this.run = run;
    }

    RunLoop.Outcome after(RunLoop.Outcome main) {
        List<Step> cleanup = run.runbook().cleanup();
        RunStatus st = main.status();
        if (cleanup.isEmpty() || st == RunStatus.AUDIT_FAILED || st == RunStatus.AWAITING_APPROVAL
                || (st == RunStatus.INTERRUPTED && !run.abortedByOperator())) {
            return main;
        }
        boolean real = run.cfg().mode == Mode.RUN;
        List<String> todo = new ArrayList<>();
        for (Step s : cleanup) {
            if (run.ledger().result(s.idValue()) == null) {
                todo.add(s.idValue());
            }
        }
        if (todo.isEmpty()) {
            // done by an earlier run (resume): only the leftovers are looked at again
            if (real) {
                checkResources();
            }
            return main;
        }
        Instant t0 = run.now();
        Scheduler scheduler = run.startCleanup(needs(cleanup), cleanup);
        try {
            run.record(new RunEvent.CleanupStarted(run.runIdValue(), t0, todo, st.label()));
        } catch (JournalException e) {
            return new RunLoop.Outcome(RunStatus.AUDIT_FAILED, run.auditFailure(), main.notRun(), main.notUndone());
        }
        String status;
        String message = null;
        String refusal = real ? confirm(todo) : null;
        if (run.auditFailure() != null) {
            return new RunLoop.Outcome(RunStatus.AUDIT_FAILED, run.auditFailure(), main.notRun(), main.notUndone());
        }
        if (refusal != null) {
            for (String id : todo) {
                run.putResult(StepResult.notRun(id, StepStatus.NOT_RUN, "not run: the clean-up was declined"));
            }
            status = run.aborted() ? "interrupted" : "declined";
            message = refusal;
        } else {
            Scheduler.End end = scheduler.run();
            if (run.auditFailure() != null) {
                return new RunLoop.Outcome(RunStatus.AUDIT_FAILED, run.auditFailure(), main.notRun(),
                        main.notUndone());
            }
            if (run.aborted()) {
                status = "interrupted";
                message = run.abortReason();
            } else if (end.stop() != null) {
                status = end.stop() == RunStatus.DECLINED ? "declined" : "failed";
                message = end.message();
            } else if (!end.failedContinuing().isEmpty()) {
                status = "failed";
                message = String.join("; ", end.failedContinuing());
            } else {
                status = real ? "succeeded" : "planned";
            }
        }
        String clean = run.redactor().redact(message);
        run.emitQuietly(new RunEvent.CleanupFinished(run.runIdValue(), run.now(), status, clean, run.since(t0)));
        if (real) {
            checkResources();
        }
        return combine(main, status, clean);
    }

    /** The run's end: the main steps' status, a succeeded run made failed (interrupted) by its clean-up. */
    private static RunLoop.Outcome combine(RunLoop.Outcome main, String status, String message) {
        if ("succeeded".equals(status) || "planned".equals(status)) {
            return main;
        }
        String what = "clean-up " + status + (message == null ? "" : ": " + message);
        RunStatus end = main.status();
        if (end == RunStatus.SUCCEEDED) {
            end = "interrupted".equals(status) ? RunStatus.INTERRUPTED
                    : "failed".equals(status) ? RunStatus.FAILED : RunStatus.SUCCEEDED;
        }
        String joined = main.message() == null ? what : main.message() + "; " + what;
        return new RunLoop.Outcome(end, joined, main.notRun(), main.notUndone());
    }

    /** "Run clean-up (N steps)?" under the prompt lock; null for yes, else why not. */
    private String confirm(List<String> todo) {
        StepRef ref = new StepRef("cleanup", "Clean-up: " + String.join(", ", todo), null, Kind.MUTATING, null);
        try {
            run.lockPrompt();
        } catch (InterruptedException e) {
            return "interrupted";
        }
        try {
            return run.prompts().askYesNo(ref, "Run clean-up (" + todo.size() + (todo.size() == 1 ? " step" : " steps")
                    + ")?");
        } catch (JournalException e) {
            return run.auditFailure();
        } catch (PromptUnavailableException e) {
            return e.getMessage();
        } finally {
            run.promptLock().unlock();
        }
    }

    /** What each clean-up step waits for: only clean-up steps (every main step has ended by now). */
    private Map<String, List<String>> needs(List<Step> cleanup) {
        Set<String> ids = new LinkedHashSet<>();
        for (Step s : cleanup) {
            ids.add(s.idValue());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : Scheduler.dependencies(run.runbook()).entrySet()) {
            if (!ids.contains(e.getKey())) {
                continue;
            }
            List<String> deps = new ArrayList<>();
            for (String d : e.getValue()) {
                if (ids.contains(d)) {
                    deps.add(d);
                }
            }
            out.put(e.getKey(), List.copyOf(deps));
        }
        return out;
    }

    /** Each registered resource, probed: {@code resource-checked} with gone, leftover or unknown. */
    private void checkResources() {
        Set<CreatedResource> seen = new LinkedHashSet<>();
        for (StepResource r : run.resources()) {
            CreatedResource res = r.resource();
            if (!seen.add(res)) {
                continue;
            }
            Optional<ResourceProbe> probe = run.cfg().registry.resourceProbe(res.kind());
            String state;
            String message = null;
            if (probe.isEmpty()) {
                state = "unknown";
                message = "nothing can tell whether a " + res.kind() + " still exists";
            } else {
                try {
                    state = probe.get().exists(res, PROBE_TIMEOUT) ? "leftover" : "gone";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    state = "unknown";
                    message = "interrupted";
                } catch (Exception e) {
                    state = "unknown";
                    message = RunLoop.describe(e);
                }
            }
            run.emitQuietly(new RunEvent.ResourceChecked(run.runIdValue(), run.now(), r.step(), res.kind(), res.id(),
                    res.region(), res.removal(), state, message));
        }
        Thread.interrupted();
    }
}
