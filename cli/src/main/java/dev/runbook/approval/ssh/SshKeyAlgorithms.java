package dev.runbook.approval.ssh;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The key types this package knows: SSH public key blobs to JDK keys and back, and SSH signature blobs made and
 * checked with JDK crypto (RFC 8709 Ed25519, RFC 8332 RSA with SHA-2, RFC 5656 ECDSA on the NIST curves).
 */
final class SshKeyAlgorithms {
    static final String ED25519 = "ssh-ed25519";
    static final String RSA = "ssh-rsa";
    static final String RSA_SHA2_512 = "rsa-sha2-512";
    static final String RSA_SHA2_256 = "rsa-sha2-256";
    /** OpenSSH refuses smaller RSA keys (SSH_RSA_MINIMUM_MODULUS_SIZE). */
    static final int RSA_MIN_BITS = 1024;

    /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 public key (RFC 8410). */
    private static final byte[] ED25519_X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};

    private SshKeyAlgorithms() {
    }

    /** The key type named at the start of a public key blob. */
    static String keyType(byte[] blob) throws SshSigException {
        return new SshWire.Reader(blob, "public key").utf8();
    }

    static boolean isEcdsa(String type) {
        return type.startsWith("ecdsa-sha2-nistp");
    }

    /** The curve name of an ecdsa-sha2-nistpNNN key type and its JDK name and digest. */
    private record Curve(String sshName, String jdkName, int fieldBytes, String signatureAlgorithm) {
        static Curve of(String type) throws SshSigException {
            switch (type) {
                case "ecdsa-sha2-nistp256":
                    return new Curve("nistp256", "secp256r1", 32, "SHA256withECDSAinP1363Format");
                case "ecdsa-sha2-nistp384":
                    return new Curve("nistp384", "secp384r1", 48, "SHA384withECDSAinP1363Format");
                case "ecdsa-sha2-nistp521":
                    return new Curve("nistp521", "secp521r1", 66, "SHA512withECDSAinP1363Format");
                default:
                    throw unsupported(type);
            }
        }

        ECParameterSpec params() throws GeneralSecurityException {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(jdkName));
            return p.getParameterSpec(ECParameterSpec.class);
        }
    }

    /** The JDK parameters of the curve of an ecdsa-sha2-nistpNNN key type. */
    static ECParameterSpec ecParams(String type) throws SshSigException {
        try {
            return Curve.of(type).params();
        } catch (GeneralSecurityException e) {
            throw new SshSigException("the JDK does not know the curve of " + type, e);
        }
    }

    /** The curve name that follows the key type in an ECDSA key blob, e.g. {@code nistp256}. */
    static String ecCurveName(String type) throws SshSigException {
        return Curve.of(type).sshName();
    }

    static SshSigException unsupported(String type) {
        if (type.endsWith("-cert-v01@openssh.com")) {
            return new SshSigException("SSH certificates (" + type + ") are not supported: sign with the plain key");
        }
        if (type.startsWith("sk-")) {
            return new SshSigException("security-key (FIDO) keys (" + type + ") are not supported");
        }
        return new SshSigException("unsupported key type '" + type
                + "' (supported: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521)");
    }

    /** The JDK public key of an SSH public key blob; refuses a malformed blob or an unknown type. */
    static PublicKey publicKey(byte[] blob) throws SshSigException {
        SshWire.Reader r = new SshWire.Reader(blob, "public key");
        String type = r.utf8();
        try {
            if (ED25519.equals(type)) {
                byte[] point = r.string();
                r.end();
                if (point.length != 32) {
                    throw new SshSigException("ssh-ed25519 public key has " + point.length + " bytes, expected 32");
                }
                return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(
                        ED25519_X509_PREFIX, point)));
            }
            if (RSA.equals(type)) {
                BigInteger e = r.mpint();
                BigInteger n = r.mpint();
                r.end();
                if (e.signum() <= 0 || n.signum() <= 0) {
                    throw new SshSigException("ssh-rsa public key has a non-positive exponent or modulus");
                }
                if (n.bitLength() < RSA_MIN_BITS) {
                    throw new SshSigException("ssh-rsa key of " + n.bitLength() + " bits is too small (OpenSSH's"
                            + " minimum is " + RSA_MIN_BITS + ")");
                }
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            }
            if (isEcdsa(type)) {
                Curve c = Curve.of(type);
                String curve = r.utf8();
                byte[] q = r.string();
                r.end();
                if (!curve.equals(c.sshName())) {
                    throw new SshSigException(type + " public key names curve '" + curve + "'");
                }
                if (q.length != 1 + 2 * c.fieldBytes() || q[0] != 4) {
                    throw new SshSigException(type + " public key is not an uncompressed point");
                }
                BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + c.fieldBytes()));
                BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + c.fieldBytes(), q.length));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), c.params()));
            }
        } catch (GeneralSecurityException e) {
            throw new SshSigException(type + " public key is invalid: " + e.getMessage(), e);
        }
        throw unsupported(type);
    }

    /** The SSH public key blob of a JDK public key (Ed25519, RSA or EC on P-256/384/521). */
    static byte[] blobOf(PublicKey key) throws SshSigException {
        if (key instanceof EdECPublicKey) {
            byte[] x509 = key.getEncoded();
            if (x509.length != 44 || !Arrays.equals(Arrays.copyOf(x509, 12), ED25519_X509_PREFIX)) {
                throw new SshSigException("only Ed25519 EdDSA keys are supported (not Ed448)");
            }
            return new SshWire.Writer().string(ED25519).string(Arrays.copyOfRange(x509, 12, 44)).toByteArray();
        }
        if (key instanceof RSAPublicKey) {
            RSAPublicKey k = (RSAPublicKey) key;
            return new SshWire.Writer().string(RSA).mpint(k.getPublicExponent()).mpint(k.getModulus()).toByteArray();
        }
        if (key instanceof ECPublicKey) {
            ECPublicKey k = (ECPublicKey) key;
            int bits = k.getParams().getCurve().getField().getFieldSize();
            String type = "ecdsa-sha2-nistp" + (bits == 256 ? "256" : bits == 384 ? "384" : bits == 521 ? "521" : "?");
            Curve c = Curve.of(type);
            byte[] q = new SshWire.Writer().byte8(4).raw(fixed(k.getW().getAffineX(), c.fieldBytes()))
                    .raw(fixed(k.getW().getAffineY(), c.fieldBytes())).toByteArray();
            return new SshWire.Writer().string(type).string(c.sshName()).string(q).toByteArray();
        }
        throw new SshSigException("unsupported key algorithm " + key.getAlgorithm());
    }

    /** The SSH signature blob over data made with a private key of the given public key blob's type. */
    static byte[] sign(byte[] publicKeyBlob, PrivateKey key, byte[] data) throws SshSigException {
        String type = keyType(publicKeyBlob);
        try {
            if (ED25519.equals(type)) {
                return new SshWire.Writer().string(ED25519).string(jdkSign("Ed25519", key, data)).toByteArray();
            }
            if (RSA.equals(type)) {
                return new SshWire.Writer().string(RSA_SHA2_512).string(jdkSign("SHA512withRSA", key, data))
                        .toByteArray();
            }
            if (isEcdsa(type)) {
                Curve c = Curve.of(type);
                byte[] p1363 = jdkSign(c.signatureAlgorithm(), key, data);
                int half = p1363.length / 2;
                byte[] rs = new SshWire.Writer()
                        .mpint(new BigInteger(1, Arrays.copyOfRange(p1363, 0, half)))
                        .mpint(new BigInteger(1, Arrays.copyOfRange(p1363, half, p1363.length))).toByteArray();
                return new SshWire.Writer().string(type).string(rs).toByteArray();
            }
        } catch (GeneralSecurityException e) {
            throw new SshSigException("cannot sign with the " + type + " key: " + e.getMessage(), e);
        }
        throw unsupported(type);
    }

    private static byte[] jdkSign(String algorithm, PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /**
     * Checks an SSH signature blob over data against a public key blob. Refuses, in words, a signature algorithm
     * that does not belong to the key (an ssh-rsa key only signs with rsa-sha2-512 or rsa-sha2-256 here: SHA-1 is
     * refused as ssh-keygen refuses it) and a signature that does not match.
     */
    static void verify(byte[] publicKeyBlob, byte[] signatureBlob, byte[] data) throws SshSigException {
        PublicKey key = publicKey(publicKeyBlob);
        String type = keyType(publicKeyBlob);
        SshWire.Reader r = new SshWire.Reader(signatureBlob, "signature blob");
        String sigType = r.utf8();
        byte[] sig = r.string();
        r.end();
        String algorithm;
        if (ED25519.equals(type)) {
            requireSigType(type, sigType, ED25519);
            if (sig.length != 64) {
                throw new SshSigException("ssh-ed25519 signature has " + sig.length + " bytes, expected 64");
            }
            algorithm = "Ed25519";
        } else if (RSA.equals(type)) {
            if (RSA_SHA2_512.equals(sigType)) {
                algorithm = "SHA512withRSA";
            } else if (RSA_SHA2_256.equals(sigType)) {
                algorithm = "SHA256withRSA";
            } else if (RSA.equals(sigType)) {
                throw new SshSigException("ssh-rsa signature uses SHA-1, which is refused: sign with rsa-sha2-512");
            } else {
                throw new SshSigException("an ssh-rsa key cannot make a '" + sigType + "' signature");
            }
            int modulusBytes = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
            if (sig.length > modulusBytes) {
                throw new SshSigException("RSA signature is longer than the key's modulus");
            }
            sig = leftPad(sig, modulusBytes);
        } else {
            requireSigType(type, sigType, type);
            Curve c = Curve.of(type);
            SshWire.Reader rs = new SshWire.Reader(sig, "ECDSA signature");
            BigInteger rr = rs.mpint();
            BigInteger ss = rs.mpint();
            rs.end();
            if (rr.signum() <= 0 || ss.signum() <= 0 || rr.bitLength() > 8 * c.fieldBytes()
                    || ss.bitLength() > 8 * c.fieldBytes()) {
                throw new SshSigException("ECDSA signature is malformed");
            }
            sig = concat(fixed(rr, c.fieldBytes()), fixed(ss, c.fieldBytes()));
            algorithm = c.signatureAlgorithm();
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            ok = s.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new SshSigException("the signature does not match: the message, the namespace or the signature"
                    + " was changed, or it was made by another key");
        }
    }

    private static void requireSigType(String keyType, String sigType, String expected) throws SshSigException {
        if (!expected.equals(sigType)) {
            throw new SshSigException("an " + keyType + " key cannot make a '" + sigType + "' signature");
        }
    }

    static byte[] fixed(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length == len) {
            return b;
        }
        if (b.length > len) {
            return Arrays.copyOfRange(b, b.length - len, b.length);
        }
        return leftPad(b, len);
    }

    private static byte[] leftPad(byte[] b, int len) {
        if (b.length >= len) {
            return b;
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
