package dev.runbook.action;

import java.util.List;

/**
 * A set of actions. The command line composes its providers explicitly ({@code dev.runbook.cli.Actions}) rather
 * than scanning the class path, which would open the jar at every start. Providers must be cheap to construct: no
 * client is built and no heavy class is loaded until an action is applied.
 */
public interface ActionProvider {
    List<Action> actions();

    /** Who the run acts as on the systems these actions reach, looked up at run start; none by default. */
    default List<ActorProbe> actorProbes() {
        return List.of();
    }

    /** Who says whether a resource the actions registered ({@link CreatedResource}) still exists; none by default. */
    default List<ResourceProbe> resourceProbes() {
        return List.of();
    }
}
