package dev.runbook.approval;

import dev.runbook.approval.ssh.AllowedSigners;
import dev.runbook.approval.ssh.SshKeys;
import dev.runbook.approval.ssh.SshSig;
import dev.runbook.approval.ssh.SshSigException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSH approvals ({@code method: ssh}): the armored SSHSIG {@code signature} (namespace {@code runbook-approval}) over
 * the approval's statement must verify with the key in {@code publicKey}, and the allowed-signers file must allow
 * that key to sign as {@code principal} at the time of the check. Pure JDK: works offline, forever.
 */
public final class SshApprovalVerifier implements ApprovalVerifier {
    private final AllowedSigners allowed;
    private final String missing;

    /** A verifier over these allowed signers. */
    public SshApprovalVerifier(AllowedSigners allowed) {
        this.allowed = allowed;
        this.missing = null;
    }

    private SshApprovalVerifier(String missing) {
        this.allowed = null;
        this.missing = missing;
    }

    /** A verifier without an allowed-signers file: every SSH approval is refused, saying why. */
    public static SshApprovalVerifier without(String why) {
        return new SshApprovalVerifier(why);
    }

    @Override
    public String method() {
        return "ssh";
    }

    @Override
    public Approver verify(Approval a, Instant now) throws Refused {
        if (allowed == null) {
            throw new Refused(missing);
        }
        String principal = a.principal();
        if (principal == null || principal.isBlank()) {
            throw new Refused("it names no principal");
        }
        if (a.signature() == null || a.publicKey() == null) {
            throw new Refused("it has no signature or no public key");
        }
        byte[] claimed;
        try {
            claimed = SshKeys.parsePublicKey(a.publicKey());
        } catch (SshSigException e) {
            throw new Refused("its publicKey is not an SSH public key: " + e.getMessage());
        }
        SshSig.Verified v;
        try {
            v = SshSig.verify(a.statement(), SshSig.NAMESPACE, a.signature(), allowed, now);
        } catch (SshSigException e) {
            throw new Refused("its SSH signature does not hold: " + e.getMessage());
        }
        if (!v.fingerprint().equals(SshKeys.fingerprint(claimed))) {
            throw new Refused("it is signed with key " + v.fingerprint() + ", not with the key it names ("
                    + SshKeys.fingerprint(claimed) + ")");
        }
        if (!v.principals().contains(principal)) {
            throw new Refused("the allowed signers (" + allowed.source() + ") do not allow key " + v.fingerprint()
                    + " to sign as '" + principal + "'" + (v.principals().isEmpty() ? ""
                    : " (it may sign as " + String.join(", ", v.principals()) + ")"));
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("principal", principal);
        evidence.put("keyType", v.keyType());
        evidence.put("fingerprint", v.fingerprint());
        evidence.put("allowedSigners", allowed.source());
        return new Approver("ssh", principal, List.of(principal, v.fingerprint()), v.fingerprint(), evidence);
    }

    /** The principals the allowed signers give a key (by its blob), for telling the operator's own ones. */
    public List<String> principalsOf(byte[] publicKeyBlob, Instant at) {
        return allowed == null ? List.of() : allowed.principalsFor(publicKeyBlob, SshSig.NAMESPACE, at);
    }
}
