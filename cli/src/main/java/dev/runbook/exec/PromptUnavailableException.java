package dev.runbook.exec;

import dev.runbook.error.RunbookException;

/**
 * A prompt that cannot be asked (no terminal and no scripted answer) or a scripted answer that does not fit. The run
 * stops at once as declined (exit 3); the message names the step and how to answer it.
 */
public class PromptUnavailableException extends RunbookException {
    private static final long serialVersionUID = 1L;

    public PromptUnavailableException(String message) {
        super(Reason.DECLINED, message);
    }
}
