package dev.runbook.parse;

import dev.runbook.model.Problem;

/** A YAML file that cannot be read as one document at all; carries the one located {@link Problem} that says why. */
public class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public YamlException(Problem problem) {
        super(problem.format());
        this.problem = problem;
    }

    /** The diagnostic: where reading stopped and why. */
    public Problem problem() {
        return problem;
    }
}
