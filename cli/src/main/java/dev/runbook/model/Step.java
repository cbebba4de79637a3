package dev.runbook.model;

import java.util.List;

/**
 * One step of a runbook, as written. Optional parts are null when absent, except {@code with}
 * and {@code outputs} (empty mappings), {@code confirm} ({@link Confirm#NONE}), {@code retry}
 * ({@link Retry#NONE}) and {@code onFailure}: the runbook's top-level {@code on-failure} when the step has none,
 * else {@link OnFailure#ABORT}; the binder applies that default, so the executor reads only the step's.
 *
 * <p>{@code needs} is null when the field is left out: the step then follows the step above it.
 * {@code timeout} is a duration literal or an expression, kept as written.
 */
public record Step(
        Location location,
        Located<String> id,
        String title,
        Located<String> action,
        Node.Mapping with,
        List<Located<String>> needs,
        Located<String> condition,
        Located<String> check,
        Confirm confirm,
        Located<String> timeout,
        Retry retry,
        OnFailure onFailure,
        Undo undo,
        String instructions,
        Node.Mapping outputs,
        Phase phase) {

    public Step {
        needs = needs == null ? null : List.copyOf(needs);
    }

    public String idValue() {
        return id.value();
    }

    /** The title shown to the operator: the title if given, else the id. */
    public String displayTitle() {
        return title == null || title.isBlank() ? id.value() : title;
    }

    public String actionName() {
        return action.value();
    }
}
