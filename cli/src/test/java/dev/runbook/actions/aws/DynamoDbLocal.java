package dev.runbook.actions.aws;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * DynamoDB Local, in memory on a free loopback port, started once per test JVM (it takes a few seconds) by the first
 * test class that uses this extension, and stopped when the test run ends.
 */
public final class DynamoDbLocal implements BeforeAllCallback {
    private static volatile Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(DynamoDbLocal.class, k -> start(), Server.class);
    }

    /** The endpoint of the running server (start it with the extension first). */
    public static URI endpoint() {
        Server s = server;
        if (s == null) {
            throw new IllegalStateException("DynamoDB Local is not started: add @ExtendWith(DynamoDbLocal.class)");
        }
        return s.endpoint;
    }

    private static synchronized Server start() {
        if (server != null) {
            return server;
        }
        int port = freePort();
        try {
            DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", String.valueOf(port)});
            proxy.start();
            server = new Server(proxy, URI.create("http://127.0.0.1:" + port));
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local: " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running server; closed by JUnit with the root store at the end of the run. */
    static final class Server implements AutoCloseable {
        final DynamoDBProxyServer proxy;
        final URI endpoint;

        Server(DynamoDBProxyServer proxy, URI endpoint) {
            this.proxy = proxy;
            this.endpoint = endpoint;
        }

        @Override
        public void close() {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop DynamoDB Local: " + e, e);
            } finally {
                server = null;
            }
        }
    }
}
