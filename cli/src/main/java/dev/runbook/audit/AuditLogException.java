package dev.runbook.audit;

import dev.runbook.error.RunbookException;

/** The audit log cannot be opened, written or trusted: the front-end exits with the audit code (4). */
public class AuditLogException extends RunbookException {
    private static final long serialVersionUID = 1L;

    public AuditLogException(String message) {
        super(Reason.AUDIT, message);
    }

    public AuditLogException(String message, Throwable cause) {
        super(Reason.AUDIT, message, cause);
    }
}
