package dev.runbook.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol against a scripted agent on a UNIX socket: refusals, silence and wrong answers. */
class SshAgentProtocolTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private Thread thread;
    private final List<byte[]> requests = new ArrayList<>();

    /** Serves every connection: reads one request, answers with reply(request), or nothing when reply gives null. */
    private Path agent(Function<byte[], byte[]> reply) throws IOException {
        Path sock = dir.resolve("a.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        thread = new Thread(() -> {
            while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer len = ByteBuffer.allocate(4);
                    while (len.hasRemaining() && c.read(len) >= 0) {
                        // reading the length
                    }
                    ByteBuffer body = ByteBuffer.allocate(len.flip().getInt());
                    while (body.hasRemaining() && c.read(body) >= 0) {
                        // reading the message
                    }
                    synchronized (requests) {
                        requests.add(body.array());
                    }
                    byte[] answer = reply.apply(body.array());
                    if (answer == null) {
                        c.read(ByteBuffer.allocate(1)); // stay silent until the client gives up
                        continue;
                    }
                    c.write(ByteBuffer.allocate(4 + answer.length).putInt(answer.length).put(answer).flip());
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return sock;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            thread.join(10_000);
        }
    }

    private static byte[] identities(byte[]... blobs) {
        SshWire.Writer w = new SshWire.Writer().byte8(SshAgent.SSH2_AGENT_IDENTITIES_ANSWER).uint32(blobs.length);
        for (byte[] b : blobs) {
            w.string(b).string("key");
        }
        return w.toByteArray();
    }

    @Test
    void anRsaSignRequestAsksForRsaSha2512AndARefusalIsReported() throws Exception {
        KeyPair rsa = TestKeys.rsa(2048);
        byte[] blob = TestKeys.blob(rsa);
        Path sock = agent(req -> req[0] == SshAgent.SSH2_AGENTC_REQUEST_IDENTITIES ? identities(blob)
                : new byte[] {SshAgent.SSH_AGENT_FAILURE});
        SshSigner signer = SshAgent.connect(sock).signer(blob);

        assertThatThrownBy(() -> SshSig.sign("m".getBytes(), SshSig.NAMESPACE, signer))
                .hasMessageContaining("ssh-agent refused to sign with key " + SshKeys.fingerprint(blob));
        byte[] signRequest = requests.get(requests.size() - 1);
        SshWire.Reader r = new SshWire.Reader(signRequest, "t");
        assertThat(r.byte8()).isEqualTo(SshAgent.SSH2_AGENTC_SIGN_REQUEST);
        assertThat(r.string()).isEqualTo(blob);
        assertThat(new SshWire.Reader(r.string(), "d").raw(6)).isEqualTo(SshSig.MAGIC);
        assertThat(r.uint32()).isEqualTo(SshAgent.SSH_AGENT_RSA_SHA2_512);
    }

    @Test
    void anAgentAnsweringWithAnotherKeysSignatureIsCaught() throws Exception {
        KeyPair mine = TestKeys.ed25519();
        SshSigner other = SshKeys.fromKeyPair(TestKeys.ed25519());
        byte[] blob = TestKeys.blob(mine);
        Path sock = agent(req -> {
            if (req[0] == SshAgent.SSH2_AGENTC_REQUEST_IDENTITIES) {
                return identities(blob);
            }
            try {
                SshWire.Reader r = new SshWire.Reader(req, "t");
                r.byte8();
                r.string();
                return new SshWire.Writer().byte8(SshAgent.SSH2_AGENT_SIGN_RESPONSE).string(other.sign(r.string()))
                        .toByteArray();
            } catch (SshSigException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatThrownBy(() -> SshSig.sign("m".getBytes(), SshSig.NAMESPACE, SshAgent.connect(sock).signer(blob)))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void aSilentAgentTimesOutInsteadOfHanging() throws Exception {
        Path sock = agent(req -> null);

        assertThatThrownBy(() -> SshAgent.connect(sock, Duration.ofMillis(300)))
                .hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void aTruncatedIdentitiesAnswerIsAnErrorNotAnException() throws Exception {
        Path sock = agent(req -> new byte[] {SshAgent.SSH2_AGENT_IDENTITIES_ANSWER, 0, 0, 0, 3});

        assertThatThrownBy(() -> SshAgent.connect(sock)).isInstanceOf(SshSigException.class)
                .hasMessage("ssh-agent identities answer is truncated");
    }
}
