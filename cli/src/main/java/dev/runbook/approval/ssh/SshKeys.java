package dev.runbook.approval.ssh;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads OpenSSH keys: private key files in the {@code openssh-key-v1} format that {@code ssh-keygen} writes
 * (unencrypted, or encrypted with bcrypt-pbkdf and AES when given the passphrase), and public key lines
 * ({@code ssh-ed25519 AAAA... comment}); prints fingerprints as {@code ssh-keygen -l} does.
 */
public final class SshKeys {
    static final String PRIVATE_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    static final String PRIVATE_END = "-----END OPENSSH PRIVATE KEY-----";
    static final byte[] PRIVATE_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    private SshKeys() {
    }

    /**
     * An OpenSSH private key file (-----BEGIN OPENSSH PRIVATE KEY-----, openssh-key-v1), Ed25519, RSA or ECDSA;
     * an encrypted one needs its passphrase. Errors name the file and say what to do.
     */
    public static SshSigner fromPrivateKeyFile(Path file, char[] passphraseOrNull) throws SshSigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SshSigException(file + ": no such key file");
        } catch (IOException e) {
            throw new SshSigException(file + ": cannot read the key file: " + e.getMessage(), e);
        }
        try {
            return parsePrivateKey(text, passphraseOrNull, file.toString());
        } catch (SshSigException e) {
            throw new SshSigException(file + ": " + e.getMessage(), e);
        }
    }

    static SshSigner parsePrivateKey(String text, char[] passphraseOrNull, String file) throws SshSigException {
        String t = text.strip();
        if (t.contains("-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----") || t.contains("PuTTY-User-Key-File")) {
            throw new SshSigException("not an OpenSSH private key (convert it with ssh-keygen or PuTTYgen)");
        }
        if (t.startsWith("-----BEGIN ") && t.contains("PRIVATE KEY-----") && !t.startsWith(PRIVATE_BEGIN)) {
            throw new SshSigException("the key is in the old PEM format: convert it with 'ssh-keygen -p -f " + file
                    + "' (rewrites it in the OpenSSH format) or load it into ssh-agent with 'ssh-add " + file + "'");
        }
        if (!t.startsWith(PRIVATE_BEGIN)) {
            if (t.startsWith("ssh-") || t.startsWith("ecdsa-")) {
                throw new SshSigException("this is a public key; give the private key file (without .pub)");
            }
            throw new SshSigException("not an OpenSSH private key: no '" + PRIVATE_BEGIN + "' line");
        }
        int end = t.indexOf(PRIVATE_END);
        if (end < 0) {
            throw new SshSigException("the private key is cut short: no '" + PRIVATE_END + "' line");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(t.substring(PRIVATE_BEGIN.length(), end).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new SshSigException("the private key is not valid base64");
        }
        if (blob.length < PRIVATE_MAGIC.length
                || !Arrays.equals(Arrays.copyOf(blob, PRIVATE_MAGIC.length), PRIVATE_MAGIC)) {
            throw new SshSigException("not an openssh-key-v1 private key");
        }
        SshWire.Reader r = new SshWire.Reader(blob, "private key");
        r.raw(PRIVATE_MAGIC.length);
        String cipher = r.utf8();
        String kdf = r.utf8();
        byte[] kdfOptions = r.string();
        long keys = r.uint32();
        if (keys != 1) {
            throw new SshSigException("the key file holds " + keys + " keys; expected one");
        }
        byte[] publicKey = r.string();
        byte[] section = r.string();
        boolean encrypted = !"none".equals(cipher);
        if (encrypted) {
            if (passphraseOrNull == null || passphraseOrNull.length == 0) {
                throw new SshSigException("the key is encrypted with a passphrase: give the passphrase, or load the"
                        + " key into ssh-agent ('ssh-add " + file + "') and sign through the agent");
            }
            byte[] tag = r.raw(OpensshKeyCipher.tagLength(cipher)); // GCM's tag follows the encrypted section
            section = OpensshKeyCipher.decrypt(cipher, kdf, kdfOptions, passphraseOrNull,
                    SshKeyAlgorithms.concat(section, tag));
        } else if (!"none".equals(kdf)) {
            throw new SshSigException("unencrypted key with key derivation '" + kdf + "'");
        }
        SshWire.Reader p = new SshWire.Reader(section, "private key");
        long check1 = p.uint32();
        long check2 = p.uint32();
        if (check1 != check2) {
            throw new SshSigException(encrypted ? "wrong passphrase" : "the private key is corrupt (check bytes differ)");
        }
        String type = p.utf8();
        String publicType = SshKeyAlgorithms.keyType(publicKey);
        if (!type.equals(publicType)) {
            throw new SshSigException("the private key is " + type + " but its public key is " + publicType);
        }
        PrivateKey key;
        byte[] derivedPublic;
        try {
            if (SshKeyAlgorithms.ED25519.equals(type)) {
                byte[] pub = p.string();
                byte[] sk = p.string();
                if (pub.length != 32 || sk.length != 64
                        || !Arrays.equals(Arrays.copyOfRange(sk, 32, 64), pub)) {
                    throw new SshSigException("the ssh-ed25519 private key is malformed");
                }
                key = KeyFactory.getInstance("Ed25519").generatePrivate(
                        new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOf(sk, 32)));
                derivedPublic = new SshWire.Writer().string(type).string(pub).toByteArray();
            } else if (SshKeyAlgorithms.RSA.equals(type)) {
                BigInteger n = p.mpint();
                BigInteger e = p.mpint();
                BigInteger d = p.mpint();
                BigInteger iqmp = p.mpint();
                BigInteger pp = p.mpint();
                BigInteger q = p.mpint();
                if (pp.signum() <= 0 || q.signum() <= 0 || !pp.multiply(q).equals(n)) {
                    throw new SshSigException("the ssh-rsa private key is malformed");
                }
                key = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, pp, q,
                        d.mod(pp.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), iqmp));
                derivedPublic = new SshWire.Writer().string(type).mpint(e).mpint(n).toByteArray();
            } else if (SshKeyAlgorithms.isEcdsa(type)) {
                String curve = p.utf8();
                byte[] point = p.string();
                BigInteger d = p.mpint();
                if (!curve.equals(SshKeyAlgorithms.ecCurveName(type))) {
                    throw new SshSigException("the " + type + " private key names curve '" + curve + "'");
                }
                key = KeyFactory.getInstance("EC").generatePrivate(
                        new ECPrivateKeySpec(d, SshKeyAlgorithms.ecParams(type)));
                derivedPublic = new SshWire.Writer().string(type).string(curve).string(point).toByteArray();
            } else {
                throw SshKeyAlgorithms.unsupported(type);
            }
        } catch (GeneralSecurityException e) {
            throw new SshSigException("the " + type + " private key is invalid: " + e.getMessage(), e);
        }
        if (!Arrays.equals(derivedPublic, publicKey)) {
            throw new SshSigException("the private key does not belong to the public key stored with it");
        }
        p.utf8(); // comment
        int pad = 1;
        while (p.hasMore()) {
            if (p.byte8() != (pad++ & 0xff)) {
                throw new SshSigException(encrypted ? "wrong passphrase" : "the private key has bad padding");
            }
        }
        return new KeySigner(publicKey, key);
    }

    /** A signer over a JDK key pair (Ed25519, RSA, EC P-256/384/521), e.g. one made by {@code KeyPairGenerator}. */
    public static SshSigner fromKeyPair(KeyPair pair) throws SshSigException {
        return new KeySigner(SshKeyAlgorithms.blobOf(pair.getPublic()), pair.getPrivate());
    }

    /** The SSH public key blob of an OpenSSH public key line: "ssh-ed25519 AAAA... comment". */
    public static byte[] parsePublicKey(String opensshLine) throws SshSigException {
        byte[] blob = parsePublicKeyBlob(opensshLine);
        SshKeyAlgorithms.publicKey(blob);
        return blob;
    }

    /** Like {@link #parsePublicKey} without requiring that this package can verify with the key's type. */
    static byte[] parsePublicKeyBlob(String opensshLine) throws SshSigException {
        String[] fields = opensshLine.strip().split("[ \t]+", 3);
        if (fields.length < 2 || fields[0].isEmpty()) {
            throw new SshSigException("not an OpenSSH public key: expected 'TYPE BASE64 [COMMENT]'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new SshSigException("the " + fields[0] + " public key is not valid base64");
        }
        String type = SshKeyAlgorithms.keyType(blob);
        if (!type.equals(fields[0])) {
            throw new SshSigException("the key says it is " + fields[0] + " but its data is " + type);
        }
        return blob;
    }

    /** The fingerprint as ssh-keygen -l prints it: "SHA256:" and the unpadded base64 of SHA-256 of the blob. */
    public static String fingerprint(byte[] publicKeyBlob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The OpenSSH public key line of a blob: "TYPE BASE64" and the comment when there is one. */
    public static String toOpensshLine(byte[] publicKeyBlob, String comment) {
        String type;
        try {
            type = SshKeyAlgorithms.keyType(publicKeyBlob);
        } catch (SshSigException e) {
            throw new IllegalArgumentException("not an SSH public key blob: " + e.getMessage(), e);
        }
        String line = type + " " + Base64.getEncoder().encodeToString(publicKeyBlob);
        return comment == null || comment.isBlank() ? line : line + " " + comment.strip();
    }

    /** Signs with a private key held in this process. */
    private static final class KeySigner implements SshSigner {
        private final byte[] publicKey;
        private final PrivateKey key;

        KeySigner(byte[] publicKey, PrivateKey key) {
            this.publicKey = publicKey.clone();
            this.key = key;
        }

        @Override
        public byte[] publicKeyBlob() {
            return publicKey.clone();
        }

        @Override
        public byte[] sign(byte[] data) throws SshSigException {
            return SshKeyAlgorithms.sign(publicKey, key, data);
        }

        @Override
        public String toString() {
            return "key " + fingerprint(publicKey);
        }
    }
}
