package dev.runbook.exec;

import dev.runbook.action.Actor;
import dev.runbook.action.ActorProbe;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Before any step starts or asks: each actor probe that concerns this runbook's actions says who the run acts as,
 * and the answer is recorded. A probe that cannot tell (no credentials, say) stops the run before anything is
 * applied: acting on a system without knowing as whom is what this check exists to prevent.
 */
final class ActorCheck {
    /** The longest wait for an outside system to say who we are (its own retries included). */
    private static final Duration IDENTIFY_TIMEOUT = Duration.ofSeconds(30);

    /** Why the check stopped the run. */
    record Stop(RunStatus status, String message) {}

    private ActorCheck() {}

    /** Identifies and records every actor concerned; null when the run may go on. */
    static Stop identify(RunLoop run) {
        Set<String> used = actionNames(run.runbook());
        for (ActorProbe probe : run.cfg().registry.actorProbes()) {
            if (!probe.concerns(used)) {
                continue;
            }
            Actor actor;
            try {
                actor = probe.identify(IDENTIFY_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Stop(RunStatus.INTERRUPTED, "interrupted by the operator");
            } catch (Exception e) {
                return new Stop(RunStatus.FAILED, "cannot tell who this run acts as: " + RunLoop.describe(e));
            }
            run.identified(probe, actor);
            try {
                run.record(new RunEvent.ActorIdentified(run.runIdValue(), run.now(), actor.system(), actor.id(),
                        actor.account(), actor.region(), actor.summary()));
            } catch (JournalException e) {
                return new Stop(RunStatus.AUDIT_FAILED, run.auditFailure());
            }
        }
        return null;
    }

    /** Every action this runbook may apply: its steps', their undos', and the ones {@code wait} polls. */
    private static Set<String> actionNames(Runbook runbook) {
        Set<String> names = new TreeSet<>();
        for (Step s : runbook.allSteps()) {
            names.addAll(actionNames(s));
        }
        return names;
    }

    /** The actions one step may apply: its own, its undo's, and the one a {@code wait} polls. */
    static Set<String> actionNames(Step s) {
        Set<String> names = new TreeSet<>();
        names.add(s.actionName());
        if (s.undo() != null && s.undo().action() != null) {
            names.add(s.undo().action().value());
        }
        Node polled = s.with().get("action");
        if (polled instanceof Node.Scalar && ((Node.Scalar) polled).value() != null) {
            names.add(String.valueOf(((Node.Scalar) polled).value()));
        }
        return names;
    }

    /**
     * Who this step would act as, for its plan: the region its calls would go to, and the account identified at the
     * start of the run (a preflight; a dry-run asks no one, so none). Null when it acts on no outside system.
     */
    static Actor plannedActor(RunLoop run, Step step) {
        Set<String> used = actionNames(step);
        for (ActorProbe probe : run.cfg().registry.actorProbes()) {
            if (probe.concerns(used)) {
                Actor known = run.identified(probe);
                Actor planned = probe.planned(used);
                if (planned == null) {
                    return known;
                }
                return known == null ? planned
                        : new Actor(planned.system(), known.id(), known.account(), planned.region(), known.summary());
            }
        }
        return null;
    }
}
