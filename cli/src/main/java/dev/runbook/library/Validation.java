package dev.runbook.library;

import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import java.util.List;

/**
 * The result of checking one runbook file: the runbook (null when it could not be read as one) and every problem,
 * sorted by position.
 */
public record Validation(String file, Runbook runbook, List<Problem> problems) {

    public Validation {
        problems = List.copyOf(problems);
    }

    public long errors() {
        return problems.stream().filter(Problem::isError).count();
    }

    public long warnings() {
        return problems.size() - errors();
    }

    public boolean valid() {
        return runbook != null && errors() == 0;
    }
}
