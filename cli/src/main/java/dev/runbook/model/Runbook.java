package dev.runbook.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed runbook (format version 1): its identity, objectives, parameters (in the order written), steps (in the
 * order written) and clean-up steps ({@code cleanup:}, an extension: run at the end of a real run whatever happened).
 * Immutable. {@code file} is the path as given by the user.
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
        List<Step> steps,
        Located<String> allowedSigners,
        List<Step> cleanup) {

    public Runbook {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        steps = List.copyOf(steps);
        cleanup = cleanup == null ? List.of() : List.copyOf(cleanup);
    }

    /** A runbook without {@code cleanup:}. */
    public Runbook(String file, Location location, int formatVersion, String name, String title, String description,
            Objectives objectives, Map<String, Parameter> parameters, List<Step> steps,
            Located<String> allowedSigners) {
        this(file, location, formatVersion, name, title, description, objectives, parameters, steps, allowedSigners,
                List.of());
    }

    /** A runbook without {@code approvals: { allowed-signers: FILE }}. */
    public Runbook(String file, Location location, int formatVersion, String name, String title, String description,
            Objectives objectives, Map<String, Parameter> parameters, List<Step> steps) {
        this(file, location, formatVersion, name, title, description, objectives, parameters, steps, null);
    }

    /**
     * {@code approvals: { allowed-signers: FILE }} resolved against the runbook's folder: the SSH allowed-signers
     * file that approvals of this runbook are verified against, or null.
     */
    public java.nio.file.Path allowedSignersPath() {
        if (allowedSigners == null || allowedSigners.value() == null) {
            return null;
        }
        java.nio.file.Path p = java.nio.file.Paths.get(allowedSigners.value());
        if (p.isAbsolute() || file == null) {
            return p;
        }
        java.nio.file.Path dir = java.nio.file.Paths.get(file).toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p);
    }

    /** The main steps, then the clean-up steps (ids are unique across both). */
    public List<Step> allSteps() {
        if (cleanup.isEmpty()) {
            return steps;
        }
        List<Step> all = new java.util.ArrayList<>(steps);
        all.addAll(cleanup);
        return java.util.Collections.unmodifiableList(all);
    }

    /** Whether {@code id} is one of the clean-up steps. */
    public boolean isCleanup(String id) {
        for (Step s : cleanup) {
            if (s.idValue() != null && s.idValue().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** A main or clean-up step by id. */
    public Optional<Step> step(String id) {
        for (Step s : allSteps()) {
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
