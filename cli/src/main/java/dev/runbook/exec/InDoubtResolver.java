package dev.runbook.exec;

import dev.runbook.action.Action;
import dev.runbook.action.Inputs;
import dev.runbook.action.Outputs;
import dev.runbook.model.Step;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * On resume, a mutating step that started earlier without a recorded outcome. First its action's "already done?"
 * probe; if that does not find it done, the question (re-run, mark done, abort), asked of the operator or answered by
 * {@code --in-doubt}. The explanation (what the probe said) comes with the question, and the question and its answer
 * are recorded whoever answers: a step stays in doubt on every later resume until a decision settles it (see
 * {@code ResumePlan}).
 */
final class InDoubtResolver {
    private final RunLoop run;
    private final StepRunner steps;

    InDoubtResolver(RunLoop run, StepRunner steps) {
        this.run = run;
        this.steps = steps;
    }

    /** The step's result when the doubt is settled without applying it again; null means "apply it again". */
    StepResult settle(Step step, Action action, Inputs inputs, StepRef ref, Instant t0) throws InterruptedException {
        String id = step.idValue();
        String probe;
        try {
            Optional<Outputs> done = action.alreadyDone(inputs, new StepContext(run, step, null));
            if (done.isPresent()) {
                return steps.succeeded(step, done.get(), t0, 0, "in doubt, found already done");
            }
            probe = "the already-done check of " + action.name() + " did not find it done";
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // A probe that fails says nothing: fall back to the operator's choice, saying why.
            probe = "the already-done check of " + action.name() + " could not tell: " + RunLoop.describe(e);
        }
        String detail = "started in an earlier attempt of run " + run.runIdValue()
                + " without a recorded outcome; " + probe;
        Executor cfg = run.cfg();
        InDoubtChoice choice;
        String by;
        run.lockPrompt();
        try {
            run.record(new RunEvent.PromptAsked(run.runIdValue(), run.now(), id, PromptKind.IN_DOUBT,
                    "step '" + id + "' " + detail + ": re-run it, mark it done, or abort?"));
            if (cfg.inDoubt != null) {
                choice = cfg.inDoubt;
                by = "--in-doubt";
            } else {
                choice = cfg.confirmer.inDoubt(ref, detail);
                by = cfg.operator;
            }
            run.record(new RunEvent.PromptAnswered(run.runIdValue(), run.now(), id, PromptKind.IN_DOUBT,
                    choice != InDoubtChoice.ABORT, List.of(by), label(choice)));
        } catch (JournalException e) {
            throw new StepStop(StepStatus.NOT_RUN, run.auditFailure(), 0);
        } finally {
            run.promptLock().unlock();
        }
        if (choice == InDoubtChoice.MARK_DONE) {
            return steps.succeeded(step, Outputs.NONE, t0, 0, "in doubt, marked done by " + by);
        }
        if (choice == InDoubtChoice.ABORT) {
            return new StepResult(id, StepStatus.DECLINED, Map.of(), "in doubt, the operator chose to stop; it stays"
                    + " in doubt for the next resume", run.since(t0), 0);
        }
        return null;
    }

    private static String label(InDoubtChoice choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
