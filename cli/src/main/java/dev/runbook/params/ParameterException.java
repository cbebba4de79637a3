package dev.runbook.params;

import dev.runbook.error.RunbookException;

/**
 * A parameter value that is missing, undeclared, or does not fit its declaration (reason INVALID_INPUT). The
 * message names the parameter, what was given (never a secret's value) and what is expected.
 */
public class ParameterException extends RunbookException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public ParameterException(String parameter, String message) {
        super(Reason.INVALID_INPUT, message);
        this.parameter = parameter;
    }

    /** The name of the (first) parameter at fault. */
    public String parameter() {
        return parameter;
    }
}
