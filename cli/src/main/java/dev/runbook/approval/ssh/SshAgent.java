package dev.runbook.approval.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A client of ssh-agent (draft-miller-ssh-agent) over its UNIX socket ({@code SSH_AUTH_SOCK}): lists the agent's
 * keys and asks it to sign, so a private key never has to leave the agent. Each request opens its own connection
 * and waits at most the timeout for the answer (an agent may ask its user to confirm: {@code ssh-add -c}).
 */
public final class SshAgent {
    static final int SSH_AGENT_FAILURE = 5;
    static final int SSH2_AGENTC_REQUEST_IDENTITIES = 11;
    static final int SSH2_AGENT_IDENTITIES_ANSWER = 12;
    static final int SSH2_AGENTC_SIGN_REQUEST = 13;
    static final int SSH2_AGENT_SIGN_RESPONSE = 14;
    static final int SSH_AGENT_RSA_SHA2_512 = 4;
    private static final int MAX_MESSAGE = 256 * 1024;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Path socket;
    private final Duration timeout;

    /** A key the agent holds, with the comment it was added with (usually the key file name). */
    public record Identity(byte[] publicKeyBlob, String comment) {
        public Identity {
            publicKeyBlob = publicKeyBlob.clone();
        }

        @Override
        public byte[] publicKeyBlob() {
            return publicKeyBlob.clone();
        }

        /** The key's fingerprint as ssh-keygen -l and ssh-add -l print it. */
        public String fingerprint() {
            return SshKeys.fingerprint(publicKeyBlob);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity && Arrays.equals(publicKeyBlob, ((Identity) o).publicKeyBlob)
                    && comment.equals(((Identity) o).comment);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKeyBlob);
        }

        @Override
        public String toString() {
            return "Identity[" + fingerprint() + " " + comment + "]";
        }
    }

    private SshAgent(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** Connects to the agent listening on socket (checks that it answers). */
    public static SshAgent connect(Path socket) throws SshSigException {
        return connect(socket, DEFAULT_TIMEOUT);
    }

    /** Like {@link #connect(Path)}, waiting at most timeout for each answer of the agent. */
    public static SshAgent connect(Path socket, Duration timeout) throws SshSigException {
        if (!Files.exists(socket)) {
            throw new SshSigException("no ssh-agent socket at " + socket + " (is ssh-agent running? check SSH_AUTH_SOCK)");
        }
        SshAgent agent = new SshAgent(socket, timeout);
        agent.identities();
        return agent;
    }

    /** The agent named by SSH_AUTH_SOCK in env; refuses, saying what to do, when it is not set. */
    public static SshAgent fromEnvironment(Map<String, String> env) throws SshSigException {
        String sock = env.get("SSH_AUTH_SOCK");
        if (sock == null || sock.isBlank()) {
            throw new SshSigException("SSH_AUTH_SOCK is not set: start ssh-agent and ssh-add your key,"
                    + " or sign with a key file");
        }
        return connect(Path.of(sock));
    }

    /** The keys the agent holds (SSH2_AGENTC_REQUEST_IDENTITIES). */
    public List<Identity> identities() throws SshSigException {
        byte[] answer = request(new SshWire.Writer().byte8(SSH2_AGENTC_REQUEST_IDENTITIES).toByteArray());
        SshWire.Reader r = new SshWire.Reader(answer, "ssh-agent identities answer");
        int type = r.byte8();
        if (type != SSH2_AGENT_IDENTITIES_ANSWER) {
            throw new SshSigException("ssh-agent refused to list its keys (answer type " + type + ")");
        }
        long n = r.uint32();
        List<Identity> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(new Identity(r.string(), r.utf8()));
        }
        return List.copyOf(out);
    }

    /** A signer that asks the agent to sign with this key (SSH2_AGENTC_SIGN_REQUEST; rsa-sha2-512 for RSA keys). */
    public SshSigner signer(byte[] publicKeyBlob) throws SshSigException {
        byte[] key = publicKeyBlob.clone();
        boolean held = identities().stream().anyMatch(id -> Arrays.equals(id.publicKeyBlob(), key));
        if (!held) {
            throw new SshSigException("ssh-agent at " + socket + " does not hold key " + SshKeys.fingerprint(key)
                    + " (add it with ssh-add)");
        }
        String type = SshKeyAlgorithms.keyType(key);
        int flags = SshKeyAlgorithms.RSA.equals(type) ? SSH_AGENT_RSA_SHA2_512 : 0;
        return new SshSigner() {
            @Override
            public byte[] publicKeyBlob() {
                return key.clone();
            }

            @Override
            public byte[] sign(byte[] data) throws SshSigException {
                byte[] answer = request(new SshWire.Writer().byte8(SSH2_AGENTC_SIGN_REQUEST).string(key).string(data)
                        .uint32(flags).toByteArray());
                SshWire.Reader r = new SshWire.Reader(answer, "ssh-agent sign answer");
                int t = r.byte8();
                if (t == SSH_AGENT_FAILURE) {
                    throw new SshSigException("ssh-agent refused to sign with key " + SshKeys.fingerprint(key)
                            + " (the key may need confirmation, or the agent lost it)");
                }
                if (t != SSH2_AGENT_SIGN_RESPONSE) {
                    throw new SshSigException("ssh-agent answered a sign request with message type " + t);
                }
                byte[] sig = r.string();
                r.end();
                return sig;
            }

            @Override
            public String toString() {
                return "ssh-agent key " + SshKeys.fingerprint(key);
            }
        };
    }

    /** Sends one message (type and contents, without the length) and reads one answer, within the timeout. */
    private byte[] request(byte[] message) throws SshSigException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new SshSigException("cannot connect to ssh-agent at " + socket + ": " + e.getMessage(), e);
            }
            ByteBuffer out = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                ch.register(selector, SelectionKey.OP_READ);
                long deadline = System.nanoTime() + timeout.toNanos();
                ByteBuffer len = ByteBuffer.allocate(4);
                readFully(ch, selector, len, deadline);
                int n = len.flip().getInt();
                if (n <= 0 || n > MAX_MESSAGE) {
                    throw new SshSigException("ssh-agent sent a message of " + n + " bytes");
                }
                ByteBuffer body = ByteBuffer.allocate(n);
                readFully(ch, selector, body, deadline);
                return body.array();
            }
        } catch (IOException e) {
            throw new SshSigException("ssh-agent at " + socket + " failed: " + e.getMessage(), e);
        }
    }

    private void readFully(SocketChannel ch, Selector selector, ByteBuffer buf, long deadline)
            throws IOException, SshSigException {
        while (buf.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SshSigException("ssh-agent at " + socket + " did not answer within "
                        + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s"));
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            if (ch.read(buf) < 0) {
                throw new SshSigException("ssh-agent at " + socket + " closed the connection");
            }
        }
    }
}
