package dev.runbook.action;

import java.time.Duration;
import java.util.Set;

/**
 * Looks up, once at the start of a run that really calls out (not a dry-run), who the run will act as on an outside
 * system, so that the operator sees it before the first prompt and the journal records it as the actor. Offered by
 * an {@link ActionProvider} next to its actions; it must build nothing until {@link #identify} is called.
 */
public interface ActorProbe {

    /** Whether a runbook using these action names (steps, undos, polled actions) acts on this probe's system. */
    boolean concerns(Set<String> actionNames);

    /**
     * Asks the outside system who we are, within {@code timeout}. Throws {@link ActionFailedException} with a
     * message for the operator (e.g. how to log in) when it cannot tell.
     */
    Actor identify(Duration timeout) throws Exception;

    /**
     * Who a step using these action names would act as, as far as it is known without calling out (for a plan): the
     * system and the region its calls would go to (null when none is set); the account and id are null. Null when
     * this probe cannot tell even that.
     */
    default Actor planned(Set<String> actionNames) {
        return null;
    }
}
