package dev.runbook.action;

import java.util.List;

/** What an action would do, for dry-runs: one summary line ({@code GET https://...}) and detail lines. */
public record Preview(String summary, List<String> details) {
    public Preview {
        details = List.copyOf(details);
    }

    public static Preview of(String summary) {
        return new Preview(summary, List.of());
    }
}
