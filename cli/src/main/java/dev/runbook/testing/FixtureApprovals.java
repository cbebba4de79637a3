package dev.runbook.testing;

import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalGate;
import dev.runbook.approval.ApprovalPolicy;
import dev.runbook.approval.OperatorIdentity;
import dev.runbook.approval.Plan;
import dev.runbook.approval.SshApprovalVerifier;
import dev.runbook.approval.ssh.AllowedSigners;
import dev.runbook.approval.ssh.SshKeys;
import dev.runbook.approval.ssh.SshSig;
import dev.runbook.approval.ssh.SshSigException;
import dev.runbook.approval.ssh.SshSigner;
import dev.runbook.model.Confirm;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code answers: { approve: { STEP: [principal...] } }} of a runbook test case: each principal gets an Ed25519 key
 * made for the case, listed in an allowed-signers file of its own, and signs a real SSH approval of the case's plan
 * for that step. The approvals then go through the same {@link ApprovalPolicy} as a run's: the operator of a test
 * ({@code runbook-test}) does not count, nor a principal twice, nor one that {@code from} does not match.
 */
final class FixtureApprovals {
    static final String OPERATOR = "runbook-test";

    private FixtureApprovals() {
    }

    /** The gate of one case, or null when the runbook has no step that needs approvers and none are given. */
    static ApprovalGate gate(Runbook runbook, Map<String, Object> params, Map<String, List<String>> approve,
            Clock clock) throws SshSigException {
        boolean needed = false;
        for (var s : runbook.steps()) {
            needed |= s.confirm() instanceof Confirm.Approvers;
        }
        if (!needed && approve.isEmpty()) {
            return null;
        }
        Set<String> secrets = new HashSet<>();
        for (Parameter p : runbook.parameters().values()) {
            if (p.secret()) {
                secrets.add(p.name());
            }
        }
        Map<String, Object> content = new TreeMap<>();
        content.put("kind", Plan.KIND);
        content.put("version", Plan.VERSION);
        content.put("runbook", Map.of("name", String.valueOf(runbook.name()), "file", String.valueOf(runbook.file())));
        content.put("parameters", Plan.parameters(params, secrets, Map.of()));
        content.put("createdBy", OPERATOR);
        Plan plan = Plan.of(content);
        Map<String, SshSigner> keys = new LinkedHashMap<>();
        StringBuilder allowed = new StringBuilder();
        for (List<String> who : approve.values()) {
            for (String principal : who) {
                if (!keys.containsKey(principal)) {
                    SshSigner signer;
                    try {
                        signer = SshKeys.fromKeyPair(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
                    } catch (GeneralSecurityException e) {
                        throw new SshSigException("cannot make a test key: " + e.getMessage());
                    }
                    keys.put(principal, signer);
                    allowed.append(principal).append(" namespaces=\"").append(SshSig.NAMESPACE).append("\" ")
                            .append(SshKeys.toOpensshLine(signer.publicKeyBlob(), null)).append('\n');
                }
            }
        }
        List<Approval> given = new ArrayList<>();
        String now = clock.instant().toString();
        String until = clock.instant().plusSeconds(86_400 * 365).toString();
        for (Map.Entry<String, List<String>> e : approve.entrySet()) {
            for (String principal : e.getValue()) {
                SshSigner signer = keys.get(principal);
                Map<String, Object> f = new TreeMap<>();
                f.put("kind", Approval.KIND);
                f.put("version", Approval.VERSION);
                f.put("planDigest", plan.digest());
                f.put("step", e.getKey());
                f.put("runbook", String.valueOf(runbook.name()));
                f.put("method", "ssh");
                f.put("createdAt", now);
                f.put("expiresAt", until);
                f.put("principal", principal);
                f.put("publicKey", SshKeys.toOpensshLine(signer.publicKeyBlob(), null));
                f.put("signature", SshSig.sign(new Approval(f, null).statement(), SshSig.NAMESPACE, signer));
                given.add(new Approval(f, "the test's approval of step '" + e.getKey() + "' by " + principal));
            }
        }
        AllowedSigners signers = AllowedSigners.parse(allowed.toString(), "the test's allowed signers");
        ApprovalPolicy policy = new ApprovalPolicy(plan.digest(), List.of(new SshApprovalVerifier(signers)),
                new OperatorIdentity(OPERATOR, Set.of(), Set.of(), Set.of()), clock);
        return ApprovalGate.of(plan, policy, given,
                (runId, step) -> "answers: { approve: { " + step + ": [PRINCIPAL] } }", runId -> null);
    }
}
