package dev.runbook.approval;

import java.util.List;
import java.util.Map;

/**
 * Who an approval proves approved: {@code id} the identity counted (an SSH principal, an AWS ARN), {@code names}
 * every name that identity goes by (principals of the key, the key's fingerprint; the ARN, the role ARN, the user id),
 * matched against {@code from:} and the operator's identities. {@code evidence} goes to the audit log as it is (the
 * signature and key; the STS answer).
 */
public record Approver(String method, String id, List<String> names, String keyFingerprint,
        Map<String, Object> evidence) {
    public Approver {
        names = List.copyOf(names);
        evidence = Map.copyOf(evidence);
    }
}
