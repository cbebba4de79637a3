package dev.runbook.action;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the executor lends an action while it runs: time (a clock and an interruptible sleep, both fakeable in
 * tests), a way to report progress and stream output to the operator, the operator for {@code manual} checklists,
 * expression evaluation for actions that take expressions, and re-running another step for {@code wait}.
 */
public interface ActionContext {

    String stepId();

    Clock clock();

    /** Sleeps for the duration, or until interrupted (then throws InterruptedException). */
    void sleep(Duration duration) throws InterruptedException;

    /** Time left before the step's timeout, or null when it has none. */
    Duration remaining();

    /** A short live status ("waiting for ACTIVE, 40s, last: CREATING"); shown as a spinner line on terminals. */
    void progress(String message);

    /** A line of an action's own output (e.g. a child process's stdout), streamed to the operator. */
    void output(String stream, String line);

    /** Asks the operator to acknowledge one checklist item; returns who acknowledged it. */
    String acknowledge(String item) throws InterruptedException;

    /**
     * Evaluates an expression-typed input (its source text, with or without {@code ${{ }}}) in the run's scope,
     * extended with {@code extra} (e.g. {@code outputs} of what {@code wait} polled).
     */
    Object evaluate(String expression, Map<String, Object> extra) throws Exception;

    /**
     * The values an expression read, for failure messages: {@code "steps.count.outputs.n = 3, params.min = 5"}
     * (secret values already replaced by {@code ***}).
     */
    String explain(String expression);

    /** Runs a read-only step of this runbook again (for {@code wait}) and returns its outputs. */
    Outputs rerunStep(String stepId) throws Exception;

    /** Runs a read-only action with inputs given as written (expressions allowed) and returns its outputs. */
    Outputs runAction(String action, Map<String, Object> with) throws Exception;

    /** Declares a value secret from now on: it is replaced by {@code ***} everywhere it would be shown or recorded. */
    void secret(String value);

    /**
     * Whether the text holds a secret value of the run (or a line of a multi-line one), for actions that must not
     * pass it on further than they were told to (e.g. a header on a redirect to another server).
     */
    default boolean containsSecret(String text) {
        return false;
    }

    /**
     * The kept part of a text an action cut short (a long output line, a capture at its limit), with any first
     * characters of a secret at its end replaced by {@code ***}: the rest of the secret was cut off, so it could not
     * be masked as a whole where the text is shown. Call it on the kept part, before adding a "cut" marker.
     */
    default String maskCutEnd(String kept) {
        return kept;
    }

    /**
     * The string input {@code name} as written in the runbook, split at its {@code ${{ }}} expressions: literal text
     * at even indexes, the value of each expression as text at odd ones, so that joined they are {@code rendered}.
     * For actions that must not paste values into code ({@code exec} with {@code shell: true} passes them as
     * positional parameters instead). Empty when the input as written is not known here, or is not a string of more
     * than one expression, or does not render to {@code rendered}: the action has only the rendered value then.
     */
    default Optional<List<String>> templateParts(String name, String rendered) {
        return Optional.empty();
    }

    /**
     * Registers a resource this action created that outlives the run unless removed (a restored table): recorded in
     * the audit log ({@code resource-created}) and probed after the run's clean-up, where one still there is
     * reported as a leftover with how to remove it. Register it once the outside system has accepted the request.
     */
    default void register(CreatedResource resource) {
    }
}
