package dev.runbook.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed runbook (format version 1): its identity, objectives, parameters (in the order written) and
 * steps (in the order written). Immutable. {@code file} is the path as given by the user.
 */
public record Runbook(
        String file,
        Location location,
        int formatVersion,
        String name,
        String title,
        String description,
        Objectives objectives,
        Map<String, Parameter> parameters,
        List<Step> steps) {

    public Runbook {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        steps = List.copyOf(steps);
    }

    public Optional<Step> step(String id) {
        for (Step s : steps) {
            if (s.idValue().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The title shown to people: the title if given, else the name. */
    public String displayTitle() {
        return title == null || title.isBlank() ? name : title;
    }
}
