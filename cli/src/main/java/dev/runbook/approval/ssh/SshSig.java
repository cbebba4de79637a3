package dev.runbook.approval.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs and verifies messages in the SSHSIG format of {@code ssh-keygen -Y sign} / {@code -Y verify}
 * (OpenSSH PROTOCOL.sshsig). The signature covers {@code "SSHSIG" || string namespace || string reserved ||
 * string hash_algorithm || string H(message)}, so a signature made for one namespace never verifies for another.
 */
public final class SshSig {
    /** The namespace of runbook approvals: {@code ssh-keygen -Y sign -n runbook-approval}. */
    public static final String NAMESPACE = "runbook-approval";

    static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    static final String END = "-----END SSH SIGNATURE-----";
    private static final String DEFAULT_HASH = "sha512";
    private static final int ARMOR_COLUMNS = 70;

    private SshSig() {
    }

    /** The outcome of a successful {@link #verify}: who may have signed, with what kind of key. */
    public record Verified(List<String> principals, String keyType, String fingerprint) {
        public Verified {
            principals = List.copyOf(principals);
        }
    }

    /** Armored signature of message made by signer in namespace. */
    public static String sign(byte[] message, String namespace, SshSigner signer) throws SshSigException {
        requireNamespace(namespace);
        byte[] publicKey = signer.publicKeyBlob();
        SshKeyAlgorithms.publicKey(publicKey); // refuse an unsupported key before asking an agent to sign
        byte[] signed = signedData(namespace, DEFAULT_HASH, hash(DEFAULT_HASH, message));
        byte[] signature = signer.sign(signed);
        // a signer that answers with the wrong key or a broken blob is caught here, not by the verifier a year later
        SshKeyAlgorithms.verify(publicKey, signature, signed);
        byte[] blob = new SshWire.Writer().raw(MAGIC).uint32(VERSION).string(publicKey).string(namespace)
                .string(new byte[0]).string(DEFAULT_HASH).string(signature).toByteArray();
        return armor(blob);
    }

    /** Parses an armored signature (bad armor/base64/magic/version -> SshSigException with a plain reason). */
    public static SshSignature parse(String armored) throws SshSigException {
        Objects.requireNonNull(armored, "armored");
        String text = armored.strip();
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new SshSigException("not an SSH signature: no '" + BEGIN + "' line");
        }
        int end = text.indexOf(END, begin);
        if (end < 0) {
            throw new SshSigException("SSH signature is cut short: no '" + END + "' line");
        }
        String body = text.substring(begin + BEGIN.length(), end).replaceAll("\\s+", "");
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new SshSigException("SSH signature is not valid base64: " + e.getMessage());
        }
        if (blob.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(blob, MAGIC.length), MAGIC)) {
            throw new SshSigException("not an SSH signature: it does not start with the SSHSIG magic");
        }
        SshWire.Reader r = new SshWire.Reader(blob, "SSH signature");
        r.raw(MAGIC.length);
        long version = r.uint32();
        if (version != VERSION) {
            throw new SshSigException("unsupported SSH signature version " + version + " (this tool reads version 1)");
        }
        byte[] publicKey = r.string();
        String namespace = r.utf8();
        r.string(); // reserved: ignored on reading, as ssh-keygen does
        String hashAlgorithm = r.utf8();
        byte[] signature = r.string();
        r.end();
        return new SshSignature(publicKey, namespace, hashAlgorithm, signature);
    }

    /**
     * Verifies the signature over message for namespace, then returns the principals of {@code allowed} that this
     * key is allowed to sign for at {@code at} in that namespace (like {@code ssh-keygen -Y find-principals} +
     * {@code -Y verify}). Refuses (SshSigException, reason in words) a bad signature, a wrong namespace, a key not
     * in allowed signers, a key outside its valid-after/valid-before, a namespace not in the entry's
     * namespaces="...".
     */
    public static Verified verify(byte[] message, String namespace, String armored, AllowedSigners allowed, Instant at)
            throws SshSigException {
        SshSignature sig = verifySignature(message, namespace, armored);
        List<String> principals = allowed.check(sig.publicKeyBlob(), namespace, at);
        return new Verified(principals, sig.keyType(), sig.fingerprint());
    }

    /**
     * Like {@code ssh-keygen -Y verify -I principal}: verifies as {@link #verify} does and also requires that the
     * allowed-signers entry of this key lets it sign as {@code principal} (pattern lists with {@code *}, {@code ?}
     * and {@code !} negation are matched as ssh-keygen matches them).
     */
    public static Verified verify(byte[] message, String namespace, String armored, AllowedSigners allowed, Instant at,
            String principal) throws SshSigException {
        SshSignature sig = verifySignature(message, namespace, armored);
        allowed.checkPrincipal(principal, sig.publicKeyBlob(), namespace, at);
        return new Verified(List.of(principal), sig.keyType(), sig.fingerprint());
    }

    /**
     * Checks the signature itself, trusting nobody yet: the namespace, the hash algorithm and the cryptographic
     * signature over the message with the key embedded in the signature. Returns the parsed signature.
     */
    public static SshSignature verifySignature(byte[] message, String namespace, String armored)
            throws SshSigException {
        requireNamespace(namespace);
        SshSignature sig = parse(armored);
        if (!sig.namespace().equals(namespace)) {
            throw new SshSigException("the signature was made for namespace '" + sig.namespace() + "', not '"
                    + namespace + "'");
        }
        byte[] digest = hash(sig.hashAlgorithm(), message);
        SshKeyAlgorithms.verify(sig.publicKeyBlob(), sig.signatureBlob(),
                signedData(namespace, sig.hashAlgorithm(), digest));
        return sig;
    }

    /** The bytes that are actually signed: MAGIC || string namespace || string reserved || string hash || string H(m). */
    static byte[] signedData(String namespace, String hashAlgorithm, byte[] digest) {
        return new SshWire.Writer().raw(MAGIC).string(namespace).string(new byte[0]).string(hashAlgorithm)
                .string(digest).toByteArray();
    }

    private static byte[] hash(String algorithm, byte[] message) throws SshSigException {
        String jdk;
        if ("sha512".equals(algorithm)) {
            jdk = "SHA-512";
        } else if ("sha256".equals(algorithm)) {
            jdk = "SHA-256";
        } else {
            throw new SshSigException("unsupported signature hash algorithm '" + algorithm
                    + "' (supported: sha512, sha256)");
        }
        try {
            return MessageDigest.getInstance(jdk).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + jdk, e);
        }
    }

    private static void requireNamespace(String namespace) throws SshSigException {
        if (namespace == null || namespace.isEmpty()) {
            throw new SshSigException("an SSH signature needs a namespace");
        }
    }

    private static String armor(byte[] blob) {
        String b64 = Base64.getEncoder().encodeToString(blob);
        StringBuilder out = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += ARMOR_COLUMNS) {
            out.append(b64, i, Math.min(b64.length(), i + ARMOR_COLUMNS)).append('\n');
        }
        return out.append(END).append('\n').toString();
    }
}
