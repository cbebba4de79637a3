package dev.runbook.exec;

import dev.runbook.action.Preview;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Retry;
import java.time.Duration;

/**
 * What governs a planned step besides its request: where it acts, how long it may take, how often it is tried, what
 * must hold after it, what a failure does, and the request a rollback would send. Shown by a dry-run and for the
 * steps a preflight only plans, so that a reviewer sees everything the run would decide and can diff two plans.
 *
 * @param system      the outside system the step acts on ({@code aws}), or null for a step that acts on none
 * @param region      the region the run's calls would go to, or null when none is set (or no system)
 * @param account     the account, or null when it is known only at run time (a dry-run asks no one)
 * @param timeout     the step's {@code timeout} as written (a literal) or as evaluated, or null when it has none
 * @param retry       the step's {@code retry}, or null when it is tried once
 * @param check       the step's {@code check} expression, or null
 * @param onFailure   its own {@code on-failure} or the runbook's default
 * @param undoAction  the action of its {@code undo}, or null when it has none
 * @param undoPreview the request that undo would send, rendered as the step's preview is
 * @param bound       for an action that gives up by itself ({@code wait}): the limit that really applies, else null
 * @param boundBy     what sets {@code bound}: {@code "timeout"} (the step's, shorter) or {@code "action"} (its own,
 *                    e.g. {@code max-wait})
 */
public record Governs(String system, String region, String account, String timeout, Retry retry, String check,
        OnFailure onFailure, String undoAction, Preview undoPreview, Duration bound, String boundBy) {

    /** The check as an operator reads it: the expression inside {@code ${{ }}}. */
    public String bareCheck() {
        return check == null ? null : Values.bare(check);
    }

    Governs redacted(Redactor r) {
        return new Governs(system, region, account, timeout, retry, check == null ? null : r.redact(check), onFailure,
                undoAction, undoPreview == null ? null : r.redact(undoPreview), bound, boundBy);
    }
}
