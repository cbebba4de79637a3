package dev.runbook.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signs through a real ssh-agent started for the test on a socket in a temporary directory. */
class SshAgentTest {
    private static final byte[] MESSAGE = "approve plan sha256:abc".getBytes(StandardCharsets.UTF_8);

    private static Path dir;
    private static Path socket;
    private static ProcessHandle agent;
    private static Path edKey;
    private static Path rsaKey;

    @BeforeAll
    static void startAgent() throws Exception {
        assumeThat(Processes.installed("ssh-agent") && Processes.installed("ssh-add")
                && Processes.installed("ssh-keygen")).as("ssh-agent, ssh-add and ssh-keygen are installed").isTrue();
        dir = Files.createTempDirectory("rbagent");
        socket = dir.resolve("agent.sock");
        // -s: the agent binds the socket, forks, and prints its pid, so the socket is ready when this returns
        Processes.Result r = Processes.run(dir, "ssh-agent", "-s", "-a", socket.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Matcher m = Pattern.compile("SSH_AGENT_PID=(\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        agent = ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
        edKey = keygen("ed", "ed25519", "2048");
        rsaKey = keygen("rsa", "rsa", "3072");
        for (Path key : new Path[] {edKey, rsaKey}) {
            Processes.Result added = Processes.run(dir, Map.of("SSH_AUTH_SOCK", socket.toString()), null, "ssh-add",
                    key.toString());
            assertThat(added.exit()).as(added.toString()).isZero();
        }
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroy();
            agent.onExit().get();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path keygen(String name, String type, String bits) throws Exception {
        Processes.Result r = Processes.run(dir, "ssh-keygen", "-q", "-t", type, "-b", bits, "-N", "", "-C",
                name + "@example.com", "-f", dir.resolve(name).toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return dir.resolve(name);
    }

    private static byte[] blob(Path key) throws Exception {
        return SshKeys.parsePublicKey(Files.readString(key.resolveSibling(key.getFileName() + ".pub")));
    }

    @Test
    void listsTheKeysTheAgentHoldsWithTheirComments() throws Exception {
        SshAgent a = SshAgent.connect(socket);

        assertThat(a.identities()).extracting(SshAgent.Identity::comment)
                .containsExactlyInAnyOrder("ed@example.com", "rsa@example.com");
        assertThat(a.identities()).extracting(SshAgent.Identity::fingerprint)
                .contains(SshKeys.fingerprint(blob(edKey)), SshKeys.fingerprint(blob(rsaKey)));
    }

    @Test
    void signaturesMadeThroughTheAgentVerifyHereAndWithSshKeygen() throws Exception {
        SshAgent a = SshAgent.connect(socket);
        Path allowed = dir.resolve("allowed_signers");
        Files.writeString(allowed, "ed@example.com " + Files.readString(edKey.resolveSibling("ed.pub"))
                + "rsa@example.com " + Files.readString(rsaKey.resolveSibling("rsa.pub")));
        Path msg = Files.write(dir.resolve("msg"), MESSAGE);

        for (Path key : new Path[] {edKey, rsaKey}) {
            String principal = key.getFileName() + "@example.com";
            String sig = SshSig.sign(MESSAGE, SshSig.NAMESPACE, a.signer(blob(key)));

            assertThat(SshSig.verify(MESSAGE, SshSig.NAMESPACE, sig, AllowedSigners.parse(allowed), Instant.now())
                    .principals()).containsExactly(principal);
            Path sigFile = Files.writeString(dir.resolve(key.getFileName() + ".sig"), sig);
            Processes.Result r = Processes.run(dir, Map.of(), msg, "ssh-keygen", "-Y", "verify", "-f",
                    allowed.toString(), "-I", principal, "-n", SshSig.NAMESPACE, "-s", sigFile.toString());
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        SshSignature rsa = SshSig.parse(Files.readString(dir.resolve("rsa.sig")));
        assertThat(new SshWire.Reader(rsa.signatureBlob(), "t").utf8()).isEqualTo("rsa-sha2-512");
    }

    @Test
    void aKeyTheAgentDoesNotHoldIsRefusedBeforeSigning() throws Exception {
        SshAgent a = SshAgent.connect(socket);
        byte[] other = TestKeys.blob(TestKeys.ed25519());

        assertThatThrownBy(() -> a.signer(other)).isInstanceOf(SshSigException.class)
                .hasMessageContaining("does not hold key " + SshKeys.fingerprint(other));
    }

    @Test
    void aMissingSocketOrUnsetVariableSaysWhatToDo() {
        assertThatThrownBy(() -> SshAgent.connect(dir.resolve("nope.sock")))
                .hasMessageContaining("no ssh-agent socket at").hasMessageContaining("SSH_AUTH_SOCK");
        assertThatThrownBy(() -> SshAgent.fromEnvironment(Map.of()))
                .hasMessageStartingWith("SSH_AUTH_SOCK is not set");
    }
}
