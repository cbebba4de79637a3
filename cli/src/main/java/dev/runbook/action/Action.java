package dev.runbook.action;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plug-in contract for everything a step can do. An action declares itself ({@link #spec()}), shows what it
 * would do ({@link #preview}), and does it ({@link #apply}). Actions never decide dry-run, confirmation, retries or
 * timeouts: the executor does, and calls {@link #apply} only when the step is really to run.
 */
public interface Action {

    ActionSpec spec();

    default String name() {
        return spec().name();
    }

    /** Whether these inputs make this call read-only or mutating (e.g. {@code exec} with {@code read-only: true}). */
    default Kind kind(Inputs inputs) {
        return spec().kind();
    }

    /**
     * What {@link #apply} would do with these inputs, for dry-run and prompts: the exact command line, HTTP request
     * or API operation with its parameters. Must not call anything outside the process.
     */
    Preview preview(Inputs inputs);

    /**
     * For an action that gives up by itself after a while ({@code wait}'s {@code max-wait}): that limit for these
     * inputs, or null when it has none (or the inputs are invalid). The step's {@code timeout} wins when shorter;
     * a dry-run shows whichever applies.
     */
    default Duration bound(Inputs inputs) {
        return null;
    }

    /**
     * Does the work. Throws {@link ActionFailedException} for an expected failure (the message is shown to the
     * operator as it is); any other exception is reported with its message. Must react to thread interruption
     * (the executor interrupts on timeout and Ctrl-C).
     */
    Outputs apply(Inputs inputs, ActionContext context) throws Exception;

    /**
     * For mutating actions: whether the change these inputs describe has already happened (used by {@code resume}
     * for a step that was started but has no recorded outcome). Empty when unknown or not offered.
     */
    default Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        return Optional.empty();
    }

    /**
     * The static check of a call, for {@code validate}: {@code literal} holds the inputs whose values are written
     * out in the runbook (no expression in them), {@code computed} names the inputs an expression gives. Returns,
     * per input name, why that value would make {@link #apply} fail whatever happens at run time; empty when
     * nothing is wrong or the action offers no such check. Must not call anything outside the process.
     */
    default Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        return Map.of();
    }

    /**
     * The static check of a call's structure, for {@code validate}: every input as written, a value holding an
     * expression given as its source text ({@code "${{ params.table }}"}), for checks that do not depend on values
     * (names inside a map input). Returns why, per input name or per path inside an input's value
     * ({@code parameters/Tags/0/Key}: reported at that key; {@code parameters/Limit/}: at that key's value); empty when nothing is wrong. Must not call anything
     * outside the process.
     */
    default Map<String, String> writtenProblems(Inputs written) {
        return Map.of();
    }
}
