package dev.runbook.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choke point: each rule of {@link ApprovalPolicy} on its own, with a verifier that trusts what it is told. */
class ApprovalPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    private static final String DIGEST = "ab".repeat(32);

    /** Identifies the approver by the approval's principal (and key fingerprint, given as publicKey). */
    private static final ApprovalVerifier TRUSTING = new ApprovalVerifier() {
        @Override
        public String method() {
            return "ssh";
        }

        @Override
        public Approver verify(Approval a, Instant now) throws Refused {
            if ("bad".equals(a.signature())) {
                throw new Refused("its SSH signature does not hold: bad");
            }
            return new Approver("ssh", a.principal(), List.of(a.principal(), a.publicKey()), a.publicKey(),
                    Map.of());
        }
    };

    private static ApprovalPolicy policy(OperatorIdentity operator) {
        return new ApprovalPolicy(DIGEST, List.of(TRUSTING), operator, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Approval approval(String principal, String key) {
        return approval(principal, key, DIGEST, "switch", NOW.plusSeconds(60), "ok");
    }

    private static Approval approval(String principal, String key, String digest, String step, Instant expires,
            String signature) {
        return new Approval(Map.of("kind", Approval.KIND, "version", 1, "planDigest", digest, "step", step,
                "method", "ssh", "createdAt", NOW.minusSeconds(60).toString(), "expiresAt", expires.toString(),
                "principal", principal, "publicKey", key, "signature", signature), principal + ".json");
    }

    private static final OperatorIdentity ALICE = new OperatorIdentity("alice", Set.of("SHA256:alicekey"),
            Set.of("alice@example.com"), Set.of("arn:aws:sts::1:assumed-role/ops/alice"));

    @Test
    void eachRuleRefusesWithItsReason() {
        ApprovalPolicy.Evaluation ev = policy(ALICE).evaluate("switch", 3, List.of("*@example.com"), List.of(
                approval("bob@example.com", "SHA256:bob"),
                approval("carol@example.com", "SHA256:carol", "cd".repeat(32), "switch", NOW.plusSeconds(60), "ok"),
                approval("dan@example.com", "SHA256:dan", DIGEST, "switch", NOW, "ok"),
                approval("erin@example.com", "SHA256:erin", DIGEST, "switch", NOW.plusSeconds(60), "bad"),
                approval("frank@other.org", "SHA256:frank"),
                approval("alice@example.com", "SHA256:x"),
                approval("ALICE", "SHA256:y"),
                approval("mallory@example.com", "SHA256:alicekey"),
                approval("bob@example.com", "SHA256:bob2"),
                approval("bobby@example.com", "SHA256:bob"),
                approval("someone@example.com", "SHA256:z", DIGEST, "other-step", NOW.plusSeconds(60), "ok")));

        assertThat(ev.needed()).isEqualTo(2);
        assertThat(ev.enough()).isFalse();
        assertThat(ev.decisions()).extracting(d -> d.approval().principal() + ": " + d.reason()).containsExactly(
                "bob@example.com: null",
                "carol@example.com: it approves another plan (digest " + "cd".repeat(32) + "); this run's plan is "
                        + DIGEST,
                "dan@example.com: it expired at " + NOW,
                "erin@example.com: its SSH signature does not hold: bad",
                "frank@other.org: 'frank@other.org' does not match the step's approvers (from: *@example.com)",
                "alice@example.com: the operator cannot approve their own run: 'alice@example.com' is the operator's"
                        + " SSH principal",
                "ALICE: the operator cannot approve their own run: 'ALICE' is the operator (OS user alice)",
                "mallory@example.com: the operator cannot approve their own run: it is signed with the operator's"
                        + " own SSH key (SHA256:alicekey)",
                "bob@example.com: 'bob@example.com' already approved this step; each approver counts once",
                "bobby@example.com: its key SHA256:bob already approved this step as 'bob@example.com'; each"
                        + " approver counts once");
    }

    @Test
    void enoughDifferentApproversCount() {
        ApprovalPolicy.Evaluation ev = policy(ALICE).evaluate("switch", 3, List.of(), List.of(
                approval("bob@example.com", "SHA256:bob"), approval("carol@example.com", "SHA256:carol")));

        assertThat(ev.enough()).isTrue();
        assertThat(ev.accepted()).extracting(d -> d.approver().id()).containsExactly("bob@example.com",
                "carol@example.com");
    }

    @Test
    void theRunsAwsIdentityNeverApprovesIt() {
        ApprovalPolicy withArn = policy(OperatorIdentity.of("ops"))
                .withOperatorArns(List.of("arn:aws:sts::1:assumed-role/dr-approver/alice"));

        ApprovalPolicy.Evaluation ev = withArn.evaluate("switch", 2, List.of(),
                List.of(approval("arn:aws:sts::1:assumed-role/dr-approver/alice", "k")));

        assertThat(ev.refused()).singleElement().extracting(ApprovalPolicy.Decision::reason).isEqualTo(
                "the operator cannot approve their own run: 'arn:aws:sts::1:assumed-role/dr-approver/alice' is the"
                        + " AWS identity this run acts as");
    }

    @Test
    void fromPatternsAreGlobsOverEveryNameOfTheApprover() {
        Approver role = new Approver("aws", "arn:aws:sts::123:assumed-role/dr-approver/bob",
                List.of("arn:aws:sts::123:assumed-role/dr-approver/bob", "arn:aws:iam::123:role/dr-approver"), null,
                Map.of());
        Approver other = new Approver("aws", "arn:aws:iam::123:role/dr-approver-x",
                List.of("arn:aws:iam::123:role/dr-approver-x"), null, Map.of());

        assertThat(ApprovalPolicy.matchesAny(role, List.of("arn:aws:iam::*:role/dr-approver"))).isTrue();
        assertThat(ApprovalPolicy.matchesAny(other, List.of("arn:aws:iam::*:role/dr-approver"))).isFalse();
        assertThat(ApprovalPolicy.matchesAny(other, List.of("arn:aws:iam::*:role/dr-*"))).isTrue();
        assertThat(ApprovalPolicy.matchesAny(other, List.of("arn:aws:iam::1.3:role/dr-approver-x"))).isFalse();
    }

    @Test
    void thePlanDigestIsOverTheCanonicalFormWithoutTheDigest() {
        Plan a = Plan.of(Map.of("kind", Plan.KIND, "b", List.of(1, "x"), "a", Map.of("z", true, "y", "\u00e9")));
        Map<String, Object> withDigest = new java.util.HashMap<>(a.toMap());

        assertThat(new String(Canonical.bytes(a.content()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"y\":\"\u00e9\",\"z\":true},\"b\":[1,\"x\"],\"kind\":\"runbook-plan\"}");
        assertThat(a.digest()).isEqualTo(Canonical.sha256(Canonical.bytes(a.content())));
        assertThat(Plan.of(withDigest).digest()).isEqualTo(a.digest());
    }
}
