package dev.runbook.exec;

import java.util.List;

/**
 * The operator, as the executor sees it. The executor calls it one prompt at a time (never two at once, even with
 * steps in parallel) and validates the answers itself. An implementation that cannot ask throws
 * {@link PromptUnavailableException}; it must never block without a person to answer.
 */
public interface Confirmer {

    /** A y/N question whose default is No. */
    Answer<Boolean> yesNo(StepRef step, String question);

    /** Asks the operator to type {@code expected} (shown to them); returns what was typed. {@code attempt} starts at 1. */
    Answer<String> typed(StepRef step, String expected, int attempt);

    /**
     * As {@link #typed}, for a value that is secret: {@code what} says what to type ("the value of parameter
     * token"); the value itself is never passed, so it cannot be shown. Returns what was typed.
     */
    default Answer<String> typedSecret(StepRef step, String what, int attempt) {
        return typed(step, what, attempt);
    }

    /** Asks the operator to acknowledge one checklist item; returns who acknowledged it. */
    String acknowledge(StepRef step, String item);

    /** After Ctrl-C: true to abort the run, false to carry on. */
    boolean abortOnInterrupt();

    /**
     * A step failed (its last attempt, after its retries): what now? {@code policy} is its {@code on-failure}, what
     * happens without an answer. The default answers nothing (a null value): the step's {@code on-failure} decides,
     * as it does without a terminal.
     */
    default Answer<FailureChoice> failed(StepRef step, String failure, dev.runbook.model.OnFailure policy) {
        return Answer.of(null);
    }

    /** Whether {@link #failed} asks someone (a terminal); when false the executor does not put the question. */
    default boolean asksAboutFailures() {
        return false;
    }

    /** On resume, a mutating step that started without a recorded outcome. */
    default InDoubtChoice inDoubt(StepRef step, String detail) {
        throw new PromptUnavailableException("step '" + step.id() + "' was started but its outcome is unknown"
                + " and there is no terminal: pass --in-doubt rerun|skip");
    }
}
