package dev.runbook.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SshSigTest {
    private static final byte[] MESSAGE = "plan digest sha256:0123456789abcdef\n".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    /** Made by OpenSSH 9.2: ssh-keygen -t ed25519 -C kat@example.com; ssh-keygen -Y sign -n runbook-approval. */
    static final String KAT_ED25519_PUB =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILOr6tYI6sxv8HBab5PZKnacc8jb84qP1xDnPwkHhvzz kat@example.com";
    static final String KAT_ED25519_SIG = "-----BEGIN SSH SIGNATURE-----\n"
            + "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgs6vq1gjqzG/wcFpvk9kqdpxzyN\n"
            + "vzio/XEOc/CQeG/PMAAAAQcnVuYm9vay1hcHByb3ZhbAAAAAAAAAAGc2hhNTEyAAAAUwAA\n"
            + "AAtzc2gtZWQyNTUxOQAAAEAL/MCQaMA4iZGu8ySOqgb5m326ybP0awU9hW3l7kCC6KgiDz\n"
            + "bC8XiUOdkz31DPh96VEnXMKmNPous52tY5xZYH\n"
            + "-----END SSH SIGNATURE-----\n";
    /** Made by OpenSSH 9.2: ssh-keygen -t rsa -b 2048 -C rsa@example.com; ssh-keygen -Y sign (rsa-sha2-512). */
    static final String KAT_RSA_PUB = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDO2QL9GR0q0wiucy/3CEeRG1sCCqs4Hmj9Z39vwJR4K1+"
            + "JmQxtZdC4zvIGcR8jU9Vg/5vnJZfNLSjkGyxvjnk8wBQBGvns8UNxRrMWJlkxbjzGhIaaCmR0Ak73DrC46zNRrSguUtvoLtQCZcRUtapi/"
            + "gegoQCNFSpkm03zjynM6052xDH+VRNGY8ejO5NeTeHNA9Co5FKAwQC5hhnYDdzrosBX1174/Ka2x1G18OOp/I4i1p78iJJdsQIfG/plY1IX"
            + "gva3DR+B0KedfMALgGEd2oOTdRvNtNKb4PfKIW12SavZqjJKAaDfTkZTpOpkbsNK8Bw8ksPYew7aoiuJxF3V rsa@example.com";
    static final String KAT_RSA_SIG = "-----BEGIN SSH SIGNATURE-----\n"
            + "U1NIU0lHAAAAAQAAARcAAAAHc3NoLXJzYQAAAAMBAAEAAAEBAM7ZAv0ZHSrTCK5zL/cIR5\n"
            + "EbWwIKqzgeaP1nf2/AlHgrX4mZDG1l0LjO8gZxHyNT1WD/m+cll80tKOQbLG+OeTzAFAEa\n"
            + "+ezxQ3FGsxYmWTFuPMaEhpoKZHQCTvcOsLjrM1GtKC5S2+gu1AJlxFS1qmL+B6ChAI0VKm\n"
            + "SbTfOPKczrTnbEMf5VE0Zjx6M7k15N4c0D0KjkUoDBALmGGdgN3OuiwFfXXvj8prbHUbXw\n"
            + "46n8jiLWnvyIkl2xAh8b+mVjUheC9rcNH4HQp518wAuAYR3ag5N1G8200pvg98ohbXZJq9\n"
            + "mqMkoBoN9ORlOk6mRuw0rwHDySw9h7DtqiK4nEXdUAAAAQcnVuYm9vay1hcHByb3ZhbAAA\n"
            + "AAAAAAAGc2hhNTEyAAABFAAAAAxyc2Etc2hhMi01MTIAAAEArtxYDF4PG2xEWv8qodDhXA\n"
            + "ah/JY8ArkeNe/HgH/ozdsevgGXaY1Ml736M4fwU8j3lwUk76S7r84rJzRWVgYGpDd/LHjo\n"
            + "kk4P8CGOMcmPVBPC7d585EAed5Z+tq1fCLmrMpw9nn9hBtXAPYp9N2P1L/jC8bgdqFlD9n\n"
            + "QNKV2jNr2GwapuDdcg9OY9CPphZxdw2WSyd/jQ+jhbQQ+Iu48ooKBN/lk7TQ5vkKG1KRLn\n"
            + "kfM0cjZU/pLDM9tjk7jB8aW37Dnc6lyVZbCe7s74H7iAYTsXwvenT6tR34/jeMh9GxKJGh\n"
            + "Jo100U6G0DBjJRXQR9rfaIZAcuvnpTvcoLoKFkTA==\n"
            + "-----END SSH SIGNATURE-----\n";

    private static KeyPair alice;
    private static KeyPair bob;
    private static KeyPair carol;
    private static KeyPair mallory;

    @BeforeAll
    static void keys() throws Exception {
        alice = TestKeys.ed25519();
        bob = TestKeys.rsa(2048);
        carol = TestKeys.ecdsaP256();
        mallory = TestKeys.ed25519();
    }

    private static AllowedSigners allowed(String text) throws SshSigException {
        return AllowedSigners.parse(text, "allowed_signers");
    }

    private static AllowedSigners everyone() throws Exception {
        return allowed("alice@example.com " + TestKeys.publicLine(alice, "alice") + "\n"
                + "bob@example.com,robert@example.com " + TestKeys.publicLine(bob, "bob") + "\n"
                + "carol@example.com " + TestKeys.publicLine(carol, "carol") + "\n");
    }

    @Test
    void anEd25519SignatureVerifiesAndNamesItsPrincipal() throws Exception {
        // given
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));

        // when
        SshSig.Verified v = SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, everyone(), NOW);

        // then
        assertThat(v.principals()).containsExactly("alice@example.com");
        assertThat(v.keyType()).isEqualTo("ssh-ed25519");
        assertThat(v.fingerprint()).isEqualTo(SshKeys.fingerprint(TestKeys.blob(alice))).startsWith("SHA256:")
                .doesNotEndWith("=");
    }

    @Test
    void anRsaSignatureUsesRsaSha2512AndVerifies() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(bob));

        SshSig.Verified v = SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, everyone(), NOW);

        assertThat(v.principals()).containsExactly("bob@example.com", "robert@example.com");
        assertThat(v.keyType()).isEqualTo("ssh-rsa");
        byte[] blob = SshSig.parse(sig).signatureBlob();
        assertThat(new SshWire.Reader(blob, "t").utf8()).isEqualTo("rsa-sha2-512");
    }

    @Test
    void anEcdsaSignatureVerifies() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(carol));

        SshSig.Verified v = SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, everyone(), NOW);

        assertThat(v.principals()).containsExactly("carol@example.com");
        assertThat(v.keyType()).isEqualTo("ecdsa-sha2-nistp256");
    }

    @Test
    void signaturesMadeByOpensshVerify() throws Exception {
        AllowedSigners a = allowed("kat@example.com " + KAT_ED25519_PUB + "\nrsa@example.com " + KAT_RSA_PUB + "\n");

        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, KAT_ED25519_SIG, a, NOW).fingerprint())
                .isEqualTo("SHA256:dmOXCgVy6u8WAVfsQW/s+dQp3Ts6dwp+bFA0BUxDxTw");
        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, KAT_RSA_SIG, a, NOW).principals())
                .containsExactly("rsa@example.com");
        assertThat(SshKeys.fingerprint(SshKeys.parsePublicKey(KAT_RSA_PUB)))
                .isEqualTo("SHA256:mPb+npIvXRB+oy67g64AhlxiRSYPsLyFBNxKVn2WmN8");
    }

    @Test
    void theArmorIsSeventyColumnsBetweenTheMarkers() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(bob));

        List<String> lines = sig.lines().toList();

        assertThat(lines.get(0)).isEqualTo("-----BEGIN SSH SIGNATURE-----");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("-----END SSH SIGNATURE-----");
        assertThat(lines.subList(1, lines.size() - 2)).allSatisfy(l -> assertThat(l).hasSize(70));
        assertThat(lines.get(lines.size() - 2).length()).isBetween(1, 70);
    }

    @Test
    void theSignedDataIsTheDocumentedLayout() throws Exception {
        // "SSHSIG" || string namespace || string reserved || string "sha512" || string SHA-512(message)
        byte[][] captured = new byte[1][];
        SshSigner base = SshKeys.fromKeyPair(alice);
        SshSigner spy = new SshSigner() {
            @Override
            public byte[] publicKeyBlob() {
                return base.publicKeyBlob();
            }

            @Override
            public byte[] sign(byte[] data) throws SshSigException {
                captured[0] = data;
                return base.sign(data);
            }
        };

        SshSig.sign(MESSAGE, "ns", spy);

        byte[] h = java.security.MessageDigest.getInstance("SHA-512").digest(MESSAGE);
        SshWire.Reader r = new SshWire.Reader(captured[0], "t");
        assertThat(new String(r.raw(6), StandardCharsets.US_ASCII)).isEqualTo("SSHSIG");
        assertThat(r.utf8()).isEqualTo("ns");
        assertThat(r.string()).isEmpty();
        assertThat(r.utf8()).isEqualTo("sha512");
        assertThat(r.string()).isEqualTo(h);
        assertThat(r.hasMore()).isFalse();
    }

    @Test
    void aTamperedMessageIsRefused() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));
        byte[] tampered = MESSAGE.clone();
        tampered[5] ^= 1;

        assertThatThrownBy(() -> SshSig.verify(tampered, SshSig.NAMESPACE, sig, everyone(), NOW))
                .isInstanceOf(SshSigException.class).hasMessageContaining("signature does not match");
        assertThatThrownBy(() -> SshSig.verify(tampered, SshSig.NAMESPACE, KAT_RSA_SIG,
                allowed("r " + KAT_RSA_PUB), NOW)).hasMessageContaining("signature does not match");
    }

    @Test
    void aSignatureForAnotherNamespaceIsRefused() throws Exception {
        String sig = SshSig.sign(MESSAGE, "git", SshKeys.fromKeyPair(alice));

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, everyone(), NOW))
                .hasMessage("the signature was made for namespace 'git', not 'runbook-approval'");
    }

    @Test
    void aNamespaceRewrittenInsideTheSignatureBreaksIt() throws Exception {
        // given a signature made for "git" whose namespace field is rewritten to runbook-approval
        SshSignature s = SshSig.parse(SshSig.sign(MESSAGE, "git", SshKeys.fromKeyPair(alice)));
        String forged = armor(new SshWire.Writer().raw(SshSig.MAGIC).uint32(1).string(s.publicKeyBlob())
                .string(SshSig.NAMESPACE).string(new byte[0]).string("sha512").string(s.signatureBlob()).toByteArray());

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, forged, everyone(), NOW))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void aKeyNotInAllowedSignersIsRefused() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(mallory));

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, everyone(), NOW))
                .hasMessage("key " + SshKeys.fingerprint(TestKeys.blob(mallory))
                        + " (ssh-ed25519) is not in the allowed signers file allowed_signers");
    }

    @Test
    void anAllowedKeyPutInFrontOfAnotherKeysSignatureIsRefused() throws Exception {
        // given mallory's signature presented as if alice (who is allowed) had made it
        SshSignature s = SshSig.parse(SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(mallory)));
        String forged = armor(new SshWire.Writer().raw(SshSig.MAGIC).uint32(1).string(TestKeys.blob(alice))
                .string(SshSig.NAMESPACE).string(new byte[0]).string("sha512").string(s.signatureBlob()).toByteArray());

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, forged, everyone(), NOW))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void aKeyPastItsValidBeforeIsRefusedAndNotBefore() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));
        AllowedSigners a = allowed("alice@example.com valid-before=20261207025959Z " + TestKeys.publicLine(alice, ""));

        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, Instant.parse("2026-12-07T02:59:59Z"))
                .principals()).containsExactly("alice@example.com");
        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW))
                .hasMessageContaining("allowed_signers:1: the key expired at 2026-12-07T02:59:59Z (valid-before)");
    }

    @Test
    void aKeyBeforeItsValidAfterIsRefused() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));
        AllowedSigners a = allowed("alice@example.com valid-after=\"20270101Z\" " + TestKeys.publicLine(alice, ""));

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW))
                .hasMessageContaining("valid only from");
    }

    @Test
    void aNamespaceNotInTheEntrysNamespacesIsRefused() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));
        AllowedSigners gitOnly = allowed("alice@example.com namespaces=\"git,file\" " + TestKeys.publicLine(alice, ""));
        AllowedSigners runbook = allowed("alice@example.com namespaces=\"git,runbook-*\" "
                + TestKeys.publicLine(alice, ""));

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, gitOnly, NOW))
                .hasMessageContaining("allowed_signers:1: namespace 'runbook-approval' is not in namespaces=\"git,file\"");
        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, runbook, NOW).principals())
                .containsExactly("alice@example.com");
    }

    @Test
    void aClaimedPrincipalMustMatchTheEntrysPatternsAndNoNegation() throws Exception {
        String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));
        AllowedSigners a = allowed("*@example.com,!root@example.com,ops-?@corp " + TestKeys.publicLine(alice, ""));

        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW, "alice@example.com").principals())
                .containsExactly("alice@example.com");
        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW, "ops-1@corp").principals())
                .containsExactly("ops-1@corp");
        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW, "root@example.com"))
                .hasMessageContaining("is not allowed to sign as 'root@example.com'");
        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW, "ops-12@corp"))
                .hasMessageContaining("is not allowed to sign as 'ops-12@corp'");
        assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, a, NOW).principals())
                .containsExactly("*@example.com", "ops-?@corp");
    }

    @Test
    void parseRefusesBadArmorBase64MagicAndVersion() throws Exception {
        String good = SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice));
        byte[] blob = Base64.getDecoder().decode(good.lines().filter(l -> !l.startsWith("-----"))
                .reduce("", String::concat));
        byte[] v2 = blob.clone();
        v2[9] = 2;
        byte[] magic = blob.clone();
        magic[0] = 'X';

        assertThatThrownBy(() -> SshSig.parse("hello")).hasMessageContaining("no '-----BEGIN SSH SIGNATURE-----' line");
        assertThatThrownBy(() -> SshSig.parse(good.replace("-----END SSH SIGNATURE-----", "")))
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> SshSig.parse(good.replace("U1NI", "U1N!"))).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> SshSig.parse(armor(magic))).hasMessageContaining("SSHSIG magic");
        assertThatThrownBy(() -> SshSig.parse(armor(v2))).hasMessage(
                "unsupported SSH signature version 2 (this tool reads version 1)");
        assertThatThrownBy(() -> SshSig.parse(armor(java.util.Arrays.copyOf(blob, blob.length - 3))))
                .hasMessage("SSH signature is truncated");
        assertThat(SshSig.parse("\r\n  " + good.replace("\n", "\r\n")).namespace()).isEqualTo(SshSig.NAMESPACE);
    }

    @Test
    void anUnknownHashAlgorithmIsRefused() throws Exception {
        SshSignature s = SshSig.parse(SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(alice)));
        String md5 = armor(new SshWire.Writer().raw(SshSig.MAGIC).uint32(1).string(s.publicKeyBlob())
                .string(SshSig.NAMESPACE).string(new byte[0]).string("md5").string(s.signatureBlob()).toByteArray());

        assertThatThrownBy(() -> SshSig.verify(MESSAGE, SshSig.NAMESPACE, md5, everyone(), NOW))
                .hasMessageContaining("unsupported signature hash algorithm 'md5'");
    }

    @Test
    void aSignerThatSignsWithAnotherKeyIsCaughtWhenSigning() throws Exception {
        SshSigner liar = new SshSigner() {
            @Override
            public byte[] publicKeyBlob() {
                try {
                    return TestKeys.blob(alice);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public byte[] sign(byte[] data) throws SshSigException {
                return SshKeys.fromKeyPair(mallory).sign(data);
            }
        };

        assertThatThrownBy(() -> SshSig.sign(MESSAGE, SshSig.NAMESPACE, liar))
                .hasMessageContaining("signature does not match");
    }

    static String armor(byte[] blob) {
        return SshSig.BEGIN + "\n" + Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(blob) + "\n" + SshSig.END + "\n";
    }
}
