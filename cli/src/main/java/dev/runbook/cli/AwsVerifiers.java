package dev.runbook.cli;

import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalVerifier;
import dev.runbook.approval.Approver;
import dev.runbook.error.RunbookException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The AWS side of approvals (until the STS identity proof is merged: refused). */
final class AwsVerifiers {
    private AwsVerifiers() {
    }

    static ApprovalVerifier aws() {
        return new ApprovalVerifier() {
            @Override
            public String method() {
                return "aws";
            }

            @Override
            public Approver verify(Approval approval, Instant now) throws Refused {
                throw new Refused("AWS approvals are not supported by this build");
            }
        };
    }

    static Map<String, Object> sign(String binding, Duration validFor) {
        throw RunbookException.invalid("--sign aws is not supported by this build");
    }
}
