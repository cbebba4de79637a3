package dev.runbook.approval;

import java.util.List;
import java.util.Set;

/**
 * Everything the operator of a run is known as, none of which may approve it: the OS user, the fingerprints of the
 * SSH keys this machine holds for them (their agent's and {@code ~/.ssh/*.pub}), the principals the allowed signers
 * give those keys, and the AWS identity the run acts as (added at run time from the actor check).
 */
public record OperatorIdentity(String osUser, Set<String> sshKeyFingerprints, Set<String> sshPrincipals,
        Set<String> awsArns) {
    public OperatorIdentity {
        sshKeyFingerprints = Set.copyOf(sshKeyFingerprints);
        sshPrincipals = Set.copyOf(sshPrincipals);
        awsArns = Set.copyOf(awsArns);
    }

    /** The same operator, also known by these AWS ARNs (the caller identity of the run). */
    public OperatorIdentity withAws(java.util.Collection<String> arns) {
        java.util.Set<String> all = new java.util.HashSet<>(awsArns);
        all.addAll(arns);
        return new OperatorIdentity(osUser, sshKeyFingerprints, sshPrincipals, all);
    }

    /** Why this approver is the operator, or null when they are someone else. */
    String sameAs(Approver a) {
        if (a.keyFingerprint() != null && sshKeyFingerprints.contains(a.keyFingerprint())) {
            return "it is signed with the operator's own SSH key (" + a.keyFingerprint() + ")";
        }
        for (String n : a.names()) {
            if (osUser != null && n.equalsIgnoreCase(osUser)) {
                return "'" + n + "' is the operator (OS user " + osUser + ")";
            }
            if (sshPrincipals.contains(n)) {
                return "'" + n + "' is the operator's SSH principal";
            }
            if (awsArns.contains(n)) {
                return "'" + n + "' is the AWS identity this run acts as";
            }
        }
        return null;
    }

    static OperatorIdentity of(String osUser) {
        return new OperatorIdentity(osUser, Set.of(), Set.of(), Set.of());
    }

    List<String> describe() {
        return List.of(String.valueOf(osUser));
    }
}
