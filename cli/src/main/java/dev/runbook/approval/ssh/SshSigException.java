package dev.runbook.approval.ssh;

/** A signature, key, agent or allowed-signers problem, with a message in words that can be shown to the user as is. */
public class SshSigException extends Exception {
    private static final long serialVersionUID = 1L;

    public SshSigException(String message) {
        super(message);
    }

    public SshSigException(String message, Throwable cause) {
        super(message, cause);
    }
}
