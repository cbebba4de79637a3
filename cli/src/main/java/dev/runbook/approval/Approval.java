package dev.runbook.approval;

import dev.runbook.error.RunbookException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One approval file, as {@code runbook approve} writes it: who approved ({@code method} {@code ssh} or {@code aws})
 * which step of which plan (by digest), when, and until when. What is signed (the SSH signature) or bound (the STS
 * proof's header) is the {@link #statement()}: the canonical JSON of every member except {@code signature} and
 * {@code proof}. {@code source} is the file it was read from (null for one made in memory).
 */
public record Approval(Map<String, Object> fields, String source) {
    public static final String KIND = "runbook-approval";
    public static final int VERSION = 1;

    public Approval {
        fields = Map.copyOf(fields);
    }

    /** Reads an approval file: invalid input (exit 2) naming the file, and line and column when it is not JSON. */
    public static Approval read(Path file) {
        Map<String, Object> m = Canonical.readObject(file, "approval file");
        if (!KIND.equals(m.get("kind"))) {
            throw RunbookException.invalid(file + ": not an approval (its \"kind\" is "
                    + (m.get("kind") == null ? "missing" : "\"" + m.get("kind") + "\"") + ", expected \"" + KIND
                    + "\"; make one with 'runbook approve')");
        }
        for (String required : new String[] {"planDigest", "step", "method", "createdAt", "expiresAt"}) {
            if (!(m.get(required) instanceof String)) {
                throw RunbookException.invalid(file + ": the approval has no \"" + required + "\"");
            }
        }
        Approval a = new Approval(m, file.toString());
        try {
            a.createdAt();
            a.expiresAt();
        } catch (DateTimeParseException e) {
            throw RunbookException.invalid(file + ": the approval's createdAt/expiresAt is not an ISO-8601 instant: "
                    + e.getParsedString());
        }
        return a;
    }

    /** The bytes an SSH approval signs: the canonical JSON of every member but signature and proof. */
    public byte[] statement() {
        Map<String, Object> m = new TreeMap<>(fields);
        m.remove("signature");
        m.remove("proof");
        return Canonical.bytes(m);
    }

    /**
     * The binding an STS proof's signed header carries: {@code sha256:<plan digest>;step=<id>;statement=<sha256 of
     * the statement>}, so a proof made for one approval cannot be moved to another plan, step or expiry.
     */
    public String binding() {
        return "sha256:" + planDigest() + ";step=" + step() + ";statement=" + Canonical.sha256(statement());
    }

    public String planDigest() {
        return text("planDigest");
    }

    public String step() {
        return text("step");
    }

    public String method() {
        return text("method");
    }

    public String runbook() {
        return text("runbook");
    }

    public Instant createdAt() {
        return Instant.parse(text("createdAt"));
    }

    public Instant expiresAt() {
        return Instant.parse(text("expiresAt"));
    }

    /** ssh: the principal the approver signs as. */
    public String principal() {
        return text("principal");
    }

    /** ssh: the approver's public key, an OpenSSH line. */
    public String publicKey() {
        return text("publicKey");
    }

    /** ssh: the armored SSHSIG signature over {@link #statement()}. */
    public String signature() {
        return text("signature");
    }

    /** aws: the presigned STS GetCallerIdentity request. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> proof() {
        Object p = fields.get("proof");
        return p instanceof Map ? (Map<String, Object>) p : null;
    }

    /** How this approval is named in messages: its file, else its step and method. */
    public String name() {
        return source != null ? source : "the " + method() + " approval of step '" + step() + "'";
    }

    private String text(String key) {
        Object v = fields.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
