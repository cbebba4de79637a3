package dev.runbook.action;

import dev.runbook.util.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** All actions known to this run, by name. Rejects two actions with one name. */
public final class ActionRegistry {
    private final Map<String, Action> byName;
    private final List<ActorProbe> actorProbes;
    private final List<ResourceProbe> resourceProbes;

    private ActionRegistry(Map<String, Action> byName, List<ActorProbe> actorProbes,
            List<ResourceProbe> resourceProbes) {
        this.byName = Collections.unmodifiableMap(byName);
        this.actorProbes = List.copyOf(actorProbes);
        this.resourceProbes = List.copyOf(resourceProbes);
    }

    /** The actions and actor probes of these providers. */
    public static ActionRegistry of(ActionProvider... providers) {
        List<Action> all = new ArrayList<>();
        List<ActorProbe> probes = new ArrayList<>();
        List<ResourceProbe> resources = new ArrayList<>();
        for (ActionProvider p : providers) {
            all.addAll(p.actions());
            probes.addAll(p.actorProbes());
            resources.addAll(p.resourceProbes());
        }
        return of(all, probes, resources);
    }

    public static ActionRegistry of(Collection<? extends Action> actions) {
        return of(actions, List.of());
    }

    /** These actions, and probes that tell who a run using them acts as (see {@link ActorProbe}). */
    public static ActionRegistry of(Collection<? extends Action> actions, List<ActorProbe> actorProbes) {
        return of(actions, actorProbes, List.of());
    }

    /** As above, with the probes that tell whether registered resources still exist ({@link ResourceProbe}). */
    public static ActionRegistry of(Collection<? extends Action> actions, List<ActorProbe> actorProbes,
            List<ResourceProbe> resourceProbes) {
        Map<String, Action> map = new TreeMap<>();
        for (Action a : actions) {
            Action previous = map.putIfAbsent(a.name(), a);
            if (previous != null) {
                throw new IllegalStateException("two actions are named '" + a.name() + "': "
                        + previous.getClass().getName() + " and " + a.getClass().getName());
            }
        }
        return new ActionRegistry(map, actorProbes, resourceProbes);
    }

    /** The probes looked up at the start of a run (not a dry-run) that uses their actions. */
    public List<ActorProbe> actorProbes() {
        return actorProbes;
    }

    /** The probes asked after a run's clean-up whether the resources its actions registered still exist. */
    public List<ResourceProbe> resourceProbes() {
        return resourceProbes;
    }

    /** The probe for resources of this kind, if any. */
    public Optional<ResourceProbe> resourceProbe(String kind) {
        for (ResourceProbe p : resourceProbes) {
            if (p.handles(kind)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Optional<Action> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every action, sorted by name. */
    public List<Action> all() {
        return List.copyOf(byName.values());
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    /** The known action name closest to a misspelt one, if any is close enough to suggest. */
    public Optional<String> closest(String name) {
        return Suggestions.closest(name, byName.keySet());
    }
}
