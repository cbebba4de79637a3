package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HttpActionTest {
    private final HttpAction action = new HttpAction();
    private final FakeActionContext context = new FakeActionContext();
    private final CountDownLatch slowRequestArrived = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final AtomicReference<Received> received = new AtomicReference<>();
    private ExecutorService executor;
    private HttpServer server;
    private String base;

    /** What the echo handler saw. */
    private record Received(String method, String contentType, String authorization, String body) {
    }

    @BeforeEach
    void startServer() throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("X-Request-Id", "abc");
            ex.getResponseHeaders().add("X-Request-Id", "def");
            respond(ex, 200, "{\"state\":\"ACTIVE\",\"replicas\":[1,2],\"n\":3}");
        });
        server.createContext("/text", ex -> respond(ex, 200, "hello\n"));
        server.createContext("/down", ex -> respond(ex, 503, "upstream down: " + "x".repeat(300)));
        server.createContext("/big", ex -> respond(ex, 200, "b".repeat(5000)));
        server.createContext("/echo", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.set(new Received(ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Authorization"), body));
            respond(ex, 201, "");
        });
        server.createContext("/slow", ex -> {
            slowRequestArrived.countDown();
            try {
                releaseSlow.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        releaseSlow.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Inputs inputs(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return new Inputs(m);
    }

    @Test
    void declaresTheInputsAndOutputsOfTheFormatTable() {
        assertThat(action.spec().name()).isEqualTo("http");
        assertThat(action.spec().inputs()).extracting(IoSpec::name, IoSpec::type, IoSpec::required).containsExactly(
                tuple("url", ValueType.STRING, true),
                tuple("method", ValueType.STRING, false),
                tuple("headers", ValueType.MAP, false),
                tuple("body", ValueType.ANY, false),
                tuple("expect-status", ValueType.ANY, false),
                tuple("timeout", ValueType.DURATION, false),
                tuple("trust-redirects", ValueType.BOOLEAN, false));
        assertThat(action.spec().outputs()).extracting(IoSpec::name, IoSpec::type).containsExactly(
                tuple("status", ValueType.INTEGER),
                tuple("body", ValueType.STRING),
                tuple("json", ValueType.ANY),
                tuple("headers", ValueType.MAP));
    }

    @Test
    void isReadOnlyForGetHeadAndOptionsOnly() {
        assertThat(action.kind(inputs("url", "http://x/"))).isEqualTo(Kind.READ_ONLY);
        assertThat(action.kind(inputs("url", "http://x/", "method", "head"))).isEqualTo(Kind.READ_ONLY);
        assertThat(action.kind(inputs("url", "http://x/", "method", "OPTIONS"))).isEqualTo(Kind.READ_ONLY);
        assertThat(action.kind(inputs("url", "http://x/", "method", "POST"))).isEqualTo(Kind.MUTATING);
        assertThat(action.kind(inputs("url", "http://x/", "method", "delete"))).isEqualTo(Kind.MUTATING);
    }

    @Test
    void previewShowsTheRequestWithAuthorizationHidden() {
        // when
        Preview preview = action.preview(inputs(
                "url", "https://api.example.com/v1/things",
                "method", "post",
                "headers", Map.of("Authorization", "Bearer s3cret"),
                "body", Map.of("name", "db")));

        // then
        assertThat(preview.summary()).isEqualTo("POST https://api.example.com/v1/things");
        assertThat(preview.details()).containsExactly(
                "Authorization: ***", "Content-Type: application/json", "body: {\"name\":\"db\"}");
    }

    @Test
    void previewShowsUnknownValuesAsTheirPlaceholders() {
        // when
        Preview preview = action.preview(inputs("url", "<steps.lb.outputs.url>", "method", "PUT",
                "body", Map.of("version", new dev.runbook.expr.Unknown("steps.previous.outputs.version")),
                "expect-status", List.of(200, 204)));

        // then
        assertThat(preview.summary()).isEqualTo("PUT <steps.lb.outputs.url>");
        assertThat(preview.details()).containsExactly("Content-Type: application/json",
                "body: {\"version\":\"<steps.previous.outputs.version>\"}", "expect status: 200 or 204");
    }

    @Test
    void getsAndParsesAJsonAnswer() throws Exception {
        // when
        Outputs out = action.apply(inputs("url", base + "/json"), context);

        // then
        assertThat(out.get("status")).isEqualTo(200);
        assertThat(out.get("body")).isEqualTo("{\"state\":\"ACTIVE\",\"replicas\":[1,2],\"n\":3}");
        assertThat(out.get("json")).isEqualTo(Map.of("state", "ACTIVE", "replicas", List.of(1, 2), "n", 3));
        assertThat(out.get("headers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class)).containsEntry("x-request-id", "abc")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void leavesJsonNullWhenTheBodyIsNotJson() throws Exception {
        // when
        Outputs out = action.apply(inputs("url", base + "/text"), context);

        // then
        assertThat(out.get("body")).isEqualTo("hello\n");
        assertThat(out.values()).containsEntry("json", null);
    }

    @Test
    void sendsAMapBodyAsJson() throws Exception {
        // when
        Outputs out = action.apply(inputs("url", base + "/echo", "method", "POST",
                "headers", Map.of("Authorization", "Bearer t"),
                "body", Map.of("name", "db", "size", 3)), context);

        // then
        assertThat(out.get("status")).isEqualTo(201);
        Received r = received.get();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.authorization()).isEqualTo("Bearer t");
        assertThat(Json.parseOrNull(r.body())).isEqualTo(Map.of("name", "db", "size", 3));
    }

    @Test
    void sendsAStringBodyAsItIsWithTheGivenContentType() throws Exception {
        // when
        action.apply(inputs("url", base + "/echo", "method", "PUT",
                "headers", Map.of("Content-Type", "text/plain"), "body", "a=1&b=2"), context);

        // then
        assertThat(received.get()).isEqualTo(new Received("PUT", "text/plain", null, "a=1&b=2"));
    }

    @Test
    void failsWhenTheStatusIsNotExpectedWithTheBody() {
        assertThatThrownBy(() -> action.apply(inputs("url", base + "/down"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + base + "/down answered 503, expected 2xx: upstream down: " + "x".repeat(300));
    }

    @Test
    void acceptsTheStatusesListedInExpectStatus() throws Exception {
        assertThat(action.apply(inputs("url", base + "/down", "expect-status", 503), context).get("status"))
                .isEqualTo(503);
        assertThat(action.apply(inputs("url", base + "/down", "expect-status", List.of(200, 503)), context)
                .get("status")).isEqualTo(503);
        assertThat(action.apply(inputs("url", base + "/down", "expect-status", "5xx"), context).get("status"))
                .isEqualTo(503);
        assertThatThrownBy(() -> action.apply(inputs("url", base + "/text", "expect-status", "404, 410"), context))
                .hasMessage("GET " + base + "/text answered 200, expected 404 or 410: hello");
    }

    @Test
    void rejectsAnExpectStatusThatIsNoStatus() {
        assertThatThrownBy(() -> action.apply(inputs("url", base + "/text", "expect-status", "ok"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("expect-status: 'ok' is not a status (200), a class of statuses (2xx) or a list of them");
    }

    @Test
    void keepsABoundedBodyAndDoesNotParseACutOne() throws Exception {
        // when
        Outputs out = new HttpAction(1000).apply(inputs("url", base + "/big"), context);

        // then
        assertThat(out.get("body")).isEqualTo("b".repeat(1000) + "\n[... 4000 more bytes not kept]");
        assertThat(out.values()).containsEntry("json", null);
    }

    @Test
    void namesTheUrlWhenTheConnectionIsRefused() throws Exception {
        // given: a loopback port that was free a moment ago
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/health";

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("url", url), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("GET " + url + " failed: cannot connect to 127.0.0.1:" + port + " (");
    }

    @Test
    void namesTheUrlWhenTheHostIsUnknown() {
        // given: what HttpClient reports when a name does not resolve (no DNS lookup in tests)
        Throwable unresolved = new java.net.ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());

        // when
        ActionFailedException e = HttpAction.failure("GET http://db.invalid/", java.net.URI.create("http://db.invalid/"),
                Duration.ofSeconds(30), unresolved);

        // then
        assertThat(e).hasMessage("GET http://db.invalid/ failed: unknown host 'db.invalid'");
    }

    @Test
    void namesTheUrlAndTheTimeoutWhenNoAnswerComes() {
        assertThatThrownBy(() -> action.apply(inputs("url", base + "/slow", "timeout", "200ms"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + base + "/slow failed: no answer within 200ms");
    }

    @Test
    void neverWaitsPastTheStepsTimeout() {
        // given
        context.remaining = Duration.ofMillis(300);

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("url", base + "/slow"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + base + "/slow failed: no answer within 300ms");
    }

    @Test
    void stopsWaitingWhenInterrupted() throws Exception {
        // given
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                action.apply(inputs("url", base + "/slow"), context);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        slowRequestArrived.await();

        // when
        runner.interrupt();
        runner.join();

        // then
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void rejectsAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> action.apply(inputs("url", "file:///etc/passwd"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("url 'file:///etc/passwd' is not an http:// or https:// URL with a host");
    }
}
