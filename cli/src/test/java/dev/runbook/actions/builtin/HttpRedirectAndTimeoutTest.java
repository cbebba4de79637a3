package dev.runbook.actions.builtin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** http against WireMock on port 0: redirects across origins, a trickled body, TLS and connection failures. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HttpRedirectAndTimeoutTest {
    private static final Map<String, Object> CREDENTIALS = Map.of(
            "Authorization", "Bearer s3cret",
            "Cookie", "session=abc",
            "Proxy-Authorization", "Basic cHJveHk=",
            "X-Api-Key", "k-123",
            "X-Signature", "secret-valued-header",
            "X-Trace", "plain-value");

    private final HttpAction action = new HttpAction();
    private final FakeActionContext context = new FakeActionContext();
    private WireMockServer origin;
    private WireMockServer other;

    @BeforeEach
    void start() {
        origin = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        other = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        origin.start();
        other.start();
        context.secret("secret-valued-header");
    }

    @AfterEach
    void stop() {
        origin.stop();
        other.stop();
    }

    private static Inputs inputs(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return new Inputs(m);
    }

    private String url(WireMockServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private LoggedRequest onlyRequest(WireMockServer server, String path) {
        List<LoggedRequest> requests = server.findAll(getRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Test
    void dropsCredentialsAndSecretBearingHeadersOnARedirectToAnotherOrigin() throws Exception {
        // given: the origin redirects to another port, which is another origin
        origin.stubFor(get("/start").willReturn(aResponse().withStatus(302)
                .withHeader("Location", url(other, "/landing"))));
        other.stubFor(get("/landing").willReturn(aResponse().withStatus(200).withBody("landed")));

        // when
        var out = action.apply(inputs("url", url(origin, "/start"), "headers", CREDENTIALS), context);

        // then
        assertThat(out.get("body")).isEqualTo("landed");
        assertThat(onlyRequest(origin, "/start").getHeader("Authorization")).isEqualTo("Bearer s3cret");
        LoggedRequest landed = onlyRequest(other, "/landing");
        assertThat(landed.containsHeader("Authorization")).isFalse();
        assertThat(landed.containsHeader("Cookie")).isFalse();
        assertThat(landed.containsHeader("Proxy-Authorization")).isFalse();
        assertThat(landed.containsHeader("X-Api-Key")).isFalse();
        assertThat(landed.containsHeader("X-Signature")).isFalse();
        assertThat(landed.getHeader("X-Trace")).isEqualTo("plain-value");
    }

    @Test
    void keepsTheHeadersWithinTheOriginAndEverywhereWhenTheStepTrustsRedirects() throws Exception {
        // given: a redirect within the origin, then one to another origin
        origin.stubFor(get("/start").willReturn(aResponse().withStatus(301).withHeader("Location", "/moved")));
        origin.stubFor(get("/moved").willReturn(aResponse().withStatus(307)
                .withHeader("Location", url(other, "/landing"))));
        other.stubFor(get("/landing").willReturn(aResponse().withStatus(200)));

        // when: not trusted
        action.apply(inputs("url", url(origin, "/start"), "headers", CREDENTIALS), context);

        // then
        assertThat(onlyRequest(origin, "/moved").getHeader("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(onlyRequest(other, "/landing").containsHeader("Authorization")).isFalse();

        // when: trusted
        origin.resetRequests();
        other.resetRequests();
        action.apply(inputs("url", url(origin, "/start"), "headers", CREDENTIALS, "trust-redirects", true), context);

        // then
        LoggedRequest landed = onlyRequest(other, "/landing");
        assertThat(landed.getHeader("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(landed.getHeader("Cookie")).isEqualTo("session=abc");
        assertThat(landed.getHeader("X-Signature")).isEqualTo("secret-valued-header");
    }

    @Test
    void stopsAfterFiveRedirectsNamingTheLastTarget() {
        // given
        origin.stubFor(get(urlEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("url", url(origin, "/loop")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + url(origin, "/loop") + " failed: more than 5 redirects (the last to "
                        + url(origin, "/loop") + ")");
    }

    @Test
    void boundsABodyTrickledByteByByteByTheActionsTimeout() {
        // given: headers at once, then the body in 100 pieces over 60 seconds (a timeout of 4s, not 1s: on a loaded
        // machine the headers alone could take a second, and the test is about the body)
        origin.stubFor(get("/trickle").willReturn(aResponse().withStatus(200).withBody("x".repeat(100))
                .withChunkedDribbleDelay(100, 60_000)));
        long t0 = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> action.apply(inputs("url", url(origin, "/trickle"), "timeout", "4s"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + url(origin, "/trickle") + " failed: the answer of 127.0.0.1:" + origin.port()
                        + " did not arrive completely within 4s (its body was still coming)");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(50);
    }

    @Test
    void anUntrustedCertificateIsAPlainSentenceNamingTheUrl() {
        String url = "https://127.0.0.1:" + origin.httpsPort() + "/x";

        assertThatThrownBy(() -> action.apply(inputs("url", url), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + url + " failed: the TLS certificate of 127.0.0.1:" + origin.httpsPort()
                        + " is not trusted (signed by an unknown authority, or self-signed)");
    }

    @Test
    void httpsToAPlainHttpServerIsAPlainSentenceNamingTheUrl() {
        String url = "https://127.0.0.1:" + origin.port() + "/x";

        assertThatThrownBy(() -> action.apply(inputs("url", url), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + url + " failed: 127.0.0.1:" + origin.port()
                        + " did not answer with TLS (is it a plain http:// server?)");
    }

    @Test
    void aConnectionClosedOrResetByTheServerIsAPlainSentence() {
        origin.stubFor(any(urlEqualTo("/empty")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        origin.stubFor(any(urlEqualTo("/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> action.apply(inputs("url", url(origin, "/empty")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("GET " + url(origin, "/empty") + " failed: 127.0.0.1:" + origin.port()
                        + " closed the connection before its answer was complete");
        assertThatThrownBy(() -> action.apply(inputs("url", url(origin, "/reset")), context))
                .isInstanceOf(ActionFailedException.class)
                .message().startsWith("GET " + url(origin, "/reset") + " failed: 127.0.0.1:" + origin.port())
                .doesNotContain("Exception").doesNotContain("java.");
    }
}
