package dev.runbook.approval;

import java.time.Instant;

/**
 * Checks the proof of identity in one kind of approval ({@link #method()}: {@code ssh}, {@code aws}) and says who
 * made it. Only {@link ApprovalPolicy} calls it. The SSH one is pure JDK ({@link SshApprovalVerifier}); the AWS one
 * lives with the AWS actions and is wired in by the command line.
 */
public interface ApprovalVerifier {

    String method();

    /**
     * The approver proven by this approval, or {@link Refused} with the reason in words (a bad signature, a key not
     * in the allowed signers, STS refused the request...).
     */
    Approver verify(Approval approval, Instant now) throws Refused;

    /** Why an approval's proof does not hold. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }
}
