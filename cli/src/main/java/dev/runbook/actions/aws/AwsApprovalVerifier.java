package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalVerifier;
import dev.runbook.approval.Approver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS approvals ({@code method: aws}): the approval's {@code proof} is a presigned STS GetCallerIdentity request
 * whose signed {@code x-runbook-approval} header carries the approval's binding (plan digest, step, statement); the
 * run sends it to STS ({@link StsIdentityProof#verify}) and STS says whose credentials signed it. The ARN, the role
 * ARN of an assumed role and the user id are the approver's names.
 */
public final class AwsApprovalVerifier implements ApprovalVerifier {
    private final AwsSettings settings;

    public AwsApprovalVerifier(AwsSettings settings) {
        this.settings = settings;
    }

    @Override
    public String method() {
        return "aws";
    }

    @Override
    public Approver verify(Approval approval, Instant now) throws Refused {
        Map<String, Object> proof = approval.proof();
        if (proof == null) {
            throw new Refused("it has no STS proof");
        }
        StsIdentityProof.Verified v;
        try {
            StsIdentityProof.Proof p = StsIdentityProof.Proof.fromMap(proof);
            // the approval's own expiresAt (in its statement, which the binding covers) is checked by the policy;
            // the proof's expiry, a few seconds later at most (it is signed after the statement is made), by verify
            v = StsIdentityProof.verify(settings, p, approval.binding(), now);
        } catch (ActionFailedException e) {
            throw new Refused("its AWS identity proof does not hold: " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        names.add(v.arn());
        if (v.roleArn() != null) {
            names.add(v.roleArn());
        }
        if (v.userId() != null) {
            names.add(v.userId());
        }
        Map<String, Object> evidence = new LinkedHashMap<>(v.toMap());
        return new Approver("aws", v.arn(), names, null, evidence);
    }

    /** The proof of a new AWS approval: the presigned request for this binding, as JSON-able fields. */
    public static Map<String, Object> sign(AwsSettings settings, String binding, Duration validFor)
            throws ActionFailedException {
        return StsIdentityProof.sign(settings, binding, validFor).toMap();
    }
}
