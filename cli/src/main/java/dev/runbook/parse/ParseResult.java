package dev.runbook.parse;

import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import java.util.List;

/**
 * The outcome of parsing one file: the model (null when the file could not be read as a runbook at all) and every
 * problem found, ordered by position in the file.
 */
public record ParseResult(String file, Runbook runbook, List<Problem> problems) {

    public ParseResult {
        problems = List.copyOf(problems);
    }

    /** True when at least one problem is an error (warnings alone do not stop a run). */
    public boolean hasErrors() {
        for (Problem p : problems) {
            if (p.isError()) {
                return true;
            }
        }
        return false;
    }
}
