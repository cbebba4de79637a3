package dev.runbook.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that decides whether an approval counts. An approval counts for a step of a run when: it is for
 * this run's plan (its digest) and this step; it has not expired; its proof holds (the SSH signature verifies
 * against the allowed signers, or STS answers the presigned request); the approver is not the operator (OS user,
 * SSH key or principal, AWS identity); the approver matches one of the step's {@code from} patterns (when it has
 * some); and no approval counted before is by the same approver (or the same key). Every refusal says why.
 * {@code run}, {@code resume}, the up-front check of runs without a terminal, and {@code audit verify} all ask here.
 */
public final class ApprovalPolicy {
    private final String planDigest;
    private final Map<String, ApprovalVerifier> verifiers;
    private final OperatorIdentity operator;
    private final Clock clock;

    /** One approval's fate: {@code approver} when its proof held (else null), {@code reason} null when it counts. */
    public record Decision(Approval approval, Approver approver, String reason) {
        public boolean accepted() {
            return reason == null;
        }
    }

    /**
     * The decisions on the approvals given for one step, in the order given, and whether enough counted:
     * {@code needed} approvers besides the operator.
     */
    public record Evaluation(String step, int needed, List<Decision> decisions) {
        public Evaluation {
            decisions = List.copyOf(decisions);
        }

        public List<Decision> accepted() {
            return decisions.stream().filter(Decision::accepted).toList();
        }

        public List<Decision> refused() {
            return decisions.stream().filter(d -> !d.accepted()).toList();
        }

        public boolean enough() {
            return accepted().size() >= needed;
        }

        /** "1 of 2 approvals" and why the others did not count. */
        public String summary() {
            StringBuilder b = new StringBuilder(accepted().size() + " of " + needed
                    + (needed == 1 ? " approval" : " approvals"));
            for (Decision d : refused()) {
                b.append("; ").append(d.approval().name()).append(" refused: ").append(d.reason());
            }
            return b.toString();
        }
    }

    public ApprovalPolicy(String planDigest, List<ApprovalVerifier> verifiers, OperatorIdentity operator,
            Clock clock) {
        this.planDigest = planDigest;
        this.verifiers = new LinkedHashMap<>();
        for (ApprovalVerifier v : verifiers) {
            this.verifiers.put(v.method(), v);
        }
        this.operator = operator;
        this.clock = clock;
    }

    public String planDigest() {
        return planDigest;
    }

    public OperatorIdentity operator() {
        return operator;
    }

    /** The same policy with the operator also known by these AWS ARNs (the run's caller identity). */
    public ApprovalPolicy withOperatorArns(java.util.Collection<String> arns) {
        return arns.isEmpty() ? this : new ApprovalPolicy(planDigest, List.copyOf(verifiers.values()),
                operator.withAws(arns), clock);
    }

    /**
     * Decides every approval given for step {@code step} (approvals of other steps are not this step's and are
     * left out); {@code approvers} is the step's {@code approvers: N} (the operator and N-1 others), {@code from}
     * its patterns (empty: anyone the proof identifies).
     */
    public Evaluation evaluate(String step, int approvers, List<String> from, List<Approval> given) {
        Instant now = clock.instant();
        List<Decision> out = new ArrayList<>();
        List<Approver> counted = new ArrayList<>();
        for (Approval a : given) {
            if (!step.equals(a.step())) {
                continue;
            }
            Decision d = decide(a, from, counted, now);
            if (d.accepted()) {
                counted.add(d.approver());
            }
            out.add(d);
        }
        return new Evaluation(step, Math.max(0, approvers - 1), out);
    }

    private Decision decide(Approval a, List<String> from, List<Approver> counted, Instant now) {
        if (!Approval.KIND.equals(a.fields().get("kind"))) {
            return new Decision(a, null, "not a runbook approval");
        }
        if (!planDigest.equals(a.planDigest())) {
            return new Decision(a, null, "it approves another plan (digest " + a.planDigest() + "); this run's plan"
                    + " is " + planDigest);
        }
        if (!now.isBefore(a.expiresAt())) {
            return new Decision(a, null, "it expired at " + a.expiresAt());
        }
        if (a.createdAt().isAfter(a.expiresAt())) {
            return new Decision(a, null, "it was created after it expires");
        }
        ApprovalVerifier v = verifiers.get(a.method());
        if (v == null) {
            return new Decision(a, null, "its method '" + a.method() + "' is not one this run can verify"
                    + " (ssh, aws)");
        }
        Approver who;
        try {
            who = v.verify(a, now);
        } catch (ApprovalVerifier.Refused e) {
            return new Decision(a, null, e.getMessage());
        }
        String self = operator.sameAs(who);
        if (self != null) {
            return new Decision(a, who, "the operator cannot approve their own run: " + self);
        }
        if (!from.isEmpty() && !matchesAny(who, from)) {
            return new Decision(a, who, "'" + who.id() + "' does not match the step's approvers"
                    + " (from: " + String.join(", ", from) + ")");
        }
        for (Approver c : counted) {
            if (c.id().equals(who.id())) {
                return new Decision(a, who, "'" + who.id() + "' already approved this step; each approver counts"
                        + " once");
            }
            if (c.keyFingerprint() != null && c.keyFingerprint().equals(who.keyFingerprint())) {
                return new Decision(a, who, "its key " + who.keyFingerprint() + " already approved this step as '"
                        + c.id() + "'; each approver counts once");
            }
        }
        return new Decision(a, who, null);
    }

    /** Whether one of the approver's names matches one of the patterns ({@code *} any run of characters). */
    public static boolean matchesAny(Approver who, List<String> patterns) {
        for (String p : patterns) {
            Pattern re = glob(p);
            for (String n : who.names()) {
                if (re.matcher(n).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(".*");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString());
    }
}
