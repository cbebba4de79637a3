package dev.runbook.action;

import java.time.Duration;

/**
 * Tells whether a {@link CreatedResource} still exists, after a run's clean-up: a leftover is one that does. Offered
 * by an {@link ActionProvider} next to the actions that register such resources; it must build nothing until
 * {@link #exists} is called.
 */
public interface ResourceProbe {

    /** Whether this probe knows resources of this kind ({@link CreatedResource#kind()}). */
    boolean handles(String kind);

    /**
     * Whether the resource still exists (a resource being deleted counts as gone), asked within {@code timeout}.
     * Throws with a message for the operator when the outside system cannot tell (no access, network).
     */
    boolean exists(CreatedResource resource, Duration timeout) throws Exception;
}
