package dev.runbook.cli;

import dev.runbook.action.ActionFailedException;
import dev.runbook.actions.aws.AwsApprovalVerifier;
import dev.runbook.actions.aws.AwsSettings;
import dev.runbook.approval.ApprovalVerifier;
import dev.runbook.error.RunbookException;
import java.time.Duration;
import java.util.Map;

/** The AWS side of approvals, over the AWS settings the command's options published. */
final class AwsVerifiers {
    private AwsVerifiers() {
    }

    static ApprovalVerifier aws() {
        return new AwsApprovalVerifier(AwsSettings.current());
    }

    static Map<String, Object> sign(String binding, Duration validFor) {
        try {
            return AwsApprovalVerifier.sign(AwsSettings.current(), binding, validFor);
        } catch (ActionFailedException e) {
            throw RunbookException.invalid("--sign aws: " + e.getMessage());
        }
    }
}
