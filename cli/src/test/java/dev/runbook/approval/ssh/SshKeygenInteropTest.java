package dev.runbook.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Both ways with OpenSSH: ssh-keygen's signatures verify here and ours verify with ssh-keygen -Y verify. */
class SshKeygenInteropTest {
    private static final byte[] MESSAGE = "{\"plan\":\"sha256:feedface\",\"step\":\"restore\"}\n"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsSshKeygen() {
        assumeThat(Processes.installed("ssh-keygen")).as("ssh-keygen is installed").isTrue();
    }

    private Path keygen(String name, String... typeArgs) throws Exception {
        String[] cmd = new String[typeArgs.length + 8];
        cmd[0] = "ssh-keygen";
        cmd[1] = "-q";
        System.arraycopy(typeArgs, 0, cmd, 2, typeArgs.length);
        int i = 2 + typeArgs.length;
        cmd[i++] = "-N";
        cmd[i++] = "";
        cmd[i++] = "-C";
        cmd[i++] = name + "@example.com";
        cmd[i++] = "-f";
        cmd[i] = name;
        Processes.Result r = Processes.run(dir, cmd);
        assertThat(r.exit()).as(r.toString()).isZero();
        return dir.resolve(name);
    }

    private Path allowedSigners(String principal, Path pubFile) throws Exception {
        Path f = dir.resolve("allowed_signers");
        Files.writeString(f, principal + " namespaces=\"runbook-approval\" " + Files.readString(pubFile));
        return f;
    }

    private Processes.Result keygenVerify(Path allowed, String principal, Path sig) throws Exception {
        Path msg = Files.write(dir.resolve("msg"), MESSAGE);
        return Processes.run(dir, Map.of(), msg, "ssh-keygen", "-Y", "verify", "-f", allowed.toString(), "-I",
                principal, "-n", SshSig.NAMESPACE, "-s", sig.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
    void aSignatureBySshKeygenVerifies(String type) throws Exception {
        // given a key and a signature both made by ssh-keygen
        Path key = keygen("k" + type, args(type));
        Path msg = Files.write(dir.resolve("msg"), MESSAGE);
        Processes.Result signed = Processes.run(dir, "ssh-keygen", "-Y", "sign", "-f", key.toString(), "-n",
                SshSig.NAMESPACE, msg.toString());
        assertThat(signed.exit()).as(signed.toString()).isZero();
        String sig = Files.readString(dir.resolve("msg.sig"));
        AllowedSigners allowed = AllowedSigners.parse(allowedSigners("ops@example.com", pub(key)));

        // when
        SshSig.Verified v = SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, allowed, Instant.now());

        // then
        assertThat(v.principals()).containsExactly("ops@example.com");
        assertThat(v.fingerprint()).isEqualTo(keygenFingerprint(pub(key)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
    void ourSignatureWithAnSshKeygenKeyFileVerifiesWithSshKeygen(String type) throws Exception {
        // given a key file written by ssh-keygen, loaded here
        Path key = keygen("k" + type, args(type));
        SshSigner signer = SshKeys.fromPrivateKeyFile(key, null);
        assertThat(signer.publicKeyBlob()).isEqualTo(SshKeys.parsePublicKey(Files.readString(pub(key))));

        // when we sign
        Path sig = Files.writeString(dir.resolve("ours.sig"), SshSig.sign(MESSAGE, SshSig.NAMESPACE, signer));

        // then ssh-keygen accepts it for the principal, and refuses it for another message
        Path allowed = allowedSigners("ops@example.com", pub(key));
        Processes.Result ok = keygenVerify(allowed, "ops@example.com", sig);
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.err() + ok.out()).contains("Good \"runbook-approval\" signature for ops@example.com");
        Files.write(dir.resolve("msg"), "other".getBytes(StandardCharsets.UTF_8));
        Processes.Result bad = Processes.run(dir, Map.of(), dir.resolve("msg"), "ssh-keygen", "-Y", "verify", "-f",
                allowed.toString(), "-I", "ops@example.com", "-n", SshSig.NAMESPACE, "-s", sig.toString());
        assertThat(bad.exit()).isNotZero();
    }

    @Test
    void ourKeyFileWriterAndSignatureAreAcceptedBySshKeygenForAJdkKey() throws Exception {
        // given a JDK-generated Ed25519 key (no ssh-keygen involved in making it)
        KeyPair pair = TestKeys.ed25519();
        Path pub = Files.writeString(dir.resolve("jdk.pub"), TestKeys.publicLine(pair, "jdk") + "\n");
        Path sig = Files.writeString(dir.resolve("jdk.sig"),
                SshSig.sign(MESSAGE, SshSig.NAMESPACE, SshKeys.fromKeyPair(pair)));

        // then
        Processes.Result r = keygenVerify(allowedSigners("jdk@example.com", pub), "jdk@example.com", sig);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(SshKeys.fingerprint(TestKeys.blob(pair))).isEqualTo(keygenFingerprint(pub));
    }

    @Test
    void findPrincipalsAgreesWithSshKeygen() throws Exception {
        Path key = keygen("fp", "-t", "ed25519");
        Path allowed = dir.resolve("allowed_signers");
        String line = Files.readString(pub(key)).strip();
        Files.writeString(allowed, "# team\n\nalice@example.com,ops@example.com " + line + "\n"
                + "old@example.com valid-before=20000101Z " + line + "\n");
        Path msg = Files.write(dir.resolve("msg"), MESSAGE);
        Processes.run(dir, "ssh-keygen", "-Y", "sign", "-f", key.toString(), "-n", SshSig.NAMESPACE, msg.toString());

        Processes.Result r = Processes.run(dir, "ssh-keygen", "-Y", "find-principals", "-f", allowed.toString(),
                "-s", dir.resolve("msg.sig").toString());
        SshSig.Verified v = SshSig.verify(MESSAGE, SshSig.NAMESPACE, Files.readString(dir.resolve("msg.sig")),
                AllowedSigners.parse(allowed), Instant.now());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().strip().lines()).containsExactlyElementsOf(v.principals());
    }

    private static String[] args(String type) {
        switch (type) {
            case "rsa":
                return new String[] {"-t", "rsa", "-b", "3072"};
            case "ecdsa":
                return new String[] {"-t", "ecdsa", "-b", "256"};
            default:
                return new String[] {"-t", "ed25519"};
        }
    }

    private static Path pub(Path key) {
        return key.resolveSibling(key.getFileName() + ".pub");
    }

    private String keygenFingerprint(Path pub) throws Exception {
        Processes.Result r = Processes.run(dir, "ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().split(" ")[1];
    }
}
