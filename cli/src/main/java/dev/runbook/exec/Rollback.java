package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.Inputs;
import dev.runbook.action.Kind;
import dev.runbook.model.Step;
import dev.runbook.model.Undo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a failed step with {@code on-failure: rollback}: the {@code undo} of every completed step, newest first, each
 * mutating one confirmed, each journaled before it runs. A rollback is complete only when every completed mutating
 * step was undone; a declined or failed undo, or a mutating step without one, leaves it
 * {@link RunStatus#ROLLBACK_INCOMPLETE}, naming every step left as it is. A failed undo stops the rollback (the steps
 * before it may depend on what it did not reverse); a declined one does not.
 */
final class Rollback {
    private final RunLoop run;

    Rollback(RunLoop run) {
        this.run = run;
    }

    /** How the rollback ended: the run's status and message, and the steps left as they are (with why). */
    record Outcome(RunStatus status, String message, Map<String, String> notUndone) {
    }

    /** How one undo went: {@code stop} is null when the rollback goes on; {@code done} when the step was undone. */
    private record UndoOutcome(RunStatus stop, boolean done, String message) {
    }

    Outcome run(String failure) {
        List<String> order = run.ledger().completedInOrder();
        Collections.reverse(order);
        List<String> undone = new ArrayList<>();
        Map<String, String> notUndone = new LinkedHashMap<>();
        RunStatus stop = null;
        String stoppedAt = null;
        for (String id : order) {
            Step step = run.ledger().step(id).orElseThrow();
            boolean hasUndo = step.undo() != null;
            if (!hasUndo) {
                if (run.ledger().appliedKind(id) == Kind.MUTATING) {
                    notUndone.put(id, "it has no undo");
                }
                continue;
            }
            if (stop == null && run.aborted()) {
                stop = RunStatus.INTERRUPTED;
                stoppedAt = "interrupted";
            }
            if (stop != null) {
                notUndone.put(id, "not undone: the rollback stopped (" + stoppedAt + ")");
                continue;
            }
            UndoOutcome u = undo(step);
            if (u.done) {
                undone.add(id);
            } else {
                notUndone.put(id, u.message);
            }
            if (u.stop != null) {
                stop = u.stop;
                stoppedAt = "at " + id;
            }
        }
        StringBuilder message = new StringBuilder(failure);
        if (notUndone.isEmpty() && stop == null) {
            message.append("; rolled back ").append(undone.isEmpty() ? "nothing (no completed step has an undo)"
                    : String.join(", ", undone));
            return new Outcome(RunStatus.ROLLED_BACK, message.toString(), Map.of());
        }
        message.append(stop == RunStatus.INTERRUPTED ? "; rollback interrupted" : "; rollback incomplete");
        if (!undone.isEmpty()) {
            message.append("; undone: ").append(String.join(", ", undone));
        }
        List<String> left = new ArrayList<>();
        notUndone.forEach((id, why) -> left.add(id + " (" + why + ")"));
        message.append("; not undone: ").append(String.join(", ", left));
        RunStatus status = stop == RunStatus.INTERRUPTED || stop == RunStatus.AUDIT_FAILED ? stop
                : RunStatus.ROLLBACK_INCOMPLETE;
        return new Outcome(status, run.redactor().redact(message.toString()), notUndone);
    }

    private UndoOutcome undo(Step step) {
        String id = step.idValue();
        Undo undo = step.undo();
        Instant t0 = run.now();
        String runId = run.runIdValue();
        try {
            Map<String, Object> scope = run.renderer().scope(Map.of());
            Action action = run.renderer().action(undo.action(), id);
            Inputs inputs = run.renderer().renderInputs(undo.with(), action.spec(), scope, "undo.with");
            Kind kind = action.kind(inputs);
            StepRef ref = new StepRef(id, "undo " + step.displayTitle(), action.name(), kind,
                    run.redactor().redact(run.renderer().previewOf(action, inputs)));
            if (kind == Kind.MUTATING) {
                run.lockPrompt();
                String refusal;
                try {
                    refusal = run.prompts().askYesNo(ref, "Undo '" + step.displayTitle() + "'?");
                } finally {
                    run.promptLock().unlock();
                }
                if (refusal != null) {
                    run.record(new RunEvent.UndoFinished(runId, run.now(), id, StepStatus.DECLINED, refusal,
                            run.since(t0)));
                    return new UndoOutcome(null, false, "undo declined: " + refusal);
                }
            }
            run.record(new RunEvent.UndoStarted(runId, run.now(), id, action.name(), kind, inputs.values()));
            Duration timeout = run.renderer().timeout(step, scope);
            StepRunner.Attempt a = run.steps().applyOnce(step, action, inputs, timeout);
            if (a.outputs() != null) {
                StepResult before = run.ledger().result(id);
                run.putResult(new StepResult(id, StepStatus.ROLLED_BACK, before.outputs(), "undone",
                        before.duration(), before.attempts()));
                run.record(new RunEvent.UndoFinished(runId, run.now(), id, StepStatus.ROLLED_BACK, null,
                        run.since(t0)));
                return new UndoOutcome(null, true, null);
            }
            String msg = run.redactor().redact(a.message());
            run.record(new RunEvent.UndoFinished(runId, run.now(), id, a.status(), msg, run.since(t0)));
            return new UndoOutcome(a.status() == StepStatus.INTERRUPTED ? RunStatus.INTERRUPTED : RunStatus.FAILED,
                    false, "undo " + (a.status() == StepStatus.TIMED_OUT ? "" : "failed: ") + msg);
        } catch (JournalException e) {
            return new UndoOutcome(RunStatus.AUDIT_FAILED, false, "not undone: " + run.auditFailure());
        } catch (PromptUnavailableException e) {
            run.emitQuietly(new RunEvent.UndoFinished(runId, run.now(), id, StepStatus.DECLINED, e.getMessage(),
                    run.since(t0)));
            return new UndoOutcome(null, false, "undo declined: " + e.getMessage());
        } catch (StepStop e) {
            run.emitQuietly(new RunEvent.UndoFinished(runId, run.now(), id, StepStatus.FAILED, e.getMessage(),
                    run.since(t0)));
            return new UndoOutcome(RunStatus.FAILED, false, "undo failed: " + e.getMessage());
        } catch (InterruptedException e) {
            return new UndoOutcome(RunStatus.INTERRUPTED, false, "not undone: interrupted");
        }
    }
}
