package dev.runbook.approval.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Keys for tests: JDK-generated key pairs and an openssh-key-v1 writer (unencrypted), as ssh-keygen writes them. */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    public static KeyPair ecdsaP256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** The SSH public key blob of a JDK key pair. */
    public static byte[] blob(KeyPair pair) throws Exception {
        return SshKeyAlgorithms.blobOf(pair.getPublic());
    }

    /** The OpenSSH public key line ("TYPE BASE64 comment") of a key pair. */
    public static String publicLine(KeyPair pair, String comment) throws Exception {
        return SshKeys.toOpensshLine(blob(pair), comment);
    }

    /** Writes pair as an unencrypted OpenSSH private key file (mode 600, as ssh-keygen wants) and returns it. */
    public static Path writePrivateKey(Path file, KeyPair pair, String comment) throws Exception {
        Files.writeString(file, opensshPrivateKey(pair, comment));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    public static String opensshPrivateKey(KeyPair pair, String comment) throws Exception {
        byte[] pub = blob(pair);
        String type = SshKeyAlgorithms.keyType(pub);
        SshWire.Writer priv = new SshWire.Writer().uint32(0x12345678).uint32(0x12345678).string(type);
        if (type.equals("ssh-ed25519")) {
            byte[] point = readEd25519Point(pub);
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            priv.string(point).string(SshKeyAlgorithms.concat(seed, point));
        } else if (type.equals("ssh-rsa")) {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
            priv.mpint(k.getModulus()).mpint(k.getPublicExponent()).mpint(k.getPrivateExponent())
                    .mpint(k.getCrtCoefficient()).mpint(k.getPrimeP()).mpint(k.getPrimeQ());
        } else {
            SshWire.Reader r = new SshWire.Reader(pub, "t");
            r.string();
            String curve = r.utf8();
            byte[] q = r.string();
            priv.string(curve).string(q).mpint(((ECPrivateKey) pair.getPrivate()).getS());
        }
        priv.string(comment);
        byte[] unpadded = priv.toByteArray();
        for (int i = 1; (unpadded.length + i - 1) % 8 != 0; i++) {
            priv.byte8(i);
        }
        byte[] file = new SshWire.Writer().raw(SshKeys.PRIVATE_MAGIC).string("none").string("none")
                .string(new byte[0]).uint32(1).string(pub).string(priv.toByteArray()).toByteArray();
        String b64 = Base64.getEncoder().encodeToString(file);
        StringBuilder out = new StringBuilder(SshKeys.PRIVATE_BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 70) {
            out.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
        }
        return out.append(SshKeys.PRIVATE_END).append('\n').toString();
    }

    private static byte[] readEd25519Point(byte[] pub) throws Exception {
        SshWire.Reader r = new SshWire.Reader(pub, "t");
        r.string();
        return r.string();
    }
}
