package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * {@code http}: one HTTP request with Java's HttpClient (HTTP/1.1). A map or list body is sent as JSON; the answer's
 * status must match {@code expect-status} (default {@code 2xx}); the body is kept up to 1 MiB and also parsed as
 * JSON when it is JSON. Redirects (301, 302, 303, 307, 308; at most {@value #MAX_REDIRECTS}) are followed by this
 * action, except from https to http: on a redirect to another origin (scheme, host, port) the credentials of the
 * step (Authorization, Cookie, Proxy-Authorization, headers whose name says token, key, secret or password, and any
 * header holding a secret value) are dropped, as curl and browsers do, unless {@code trust-redirects} is true. The
 * whole exchange, redirects, headers and body, is bounded by the action's timeout. Read-only for GET, HEAD and
 * OPTIONS, mutating for every other method (so the spec's own kind is the cautious one, mutating).
 */
public final class HttpAction implements Action {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]*");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";\\s]+)");
    private static final Pattern SENSITIVE_HEADER =
            Pattern.compile("(?i).*(auth|cookie|token|secret|password|api-?key).*");
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    static final int MAX_REDIRECTS = 5;
    /** How much of an unexpected answer's body the failure message (and so the audit record) keeps. */
    private static final int ERROR_BODY_CHARS = 64 * 1024;

    private static final ActionSpec SPEC = new ActionSpec(
            "http",
            "Sends one HTTP request and checks the status of the answer.",
            Kind.MUTATING,
            List.of(
                    IoSpec.required("url", ValueType.STRING, "the http or https URL"),
                    IoSpec.optional("method", ValueType.STRING,
                            "the HTTP method (default GET; GET, HEAD and OPTIONS are read-only)"),
                    IoSpec.optional("headers", ValueType.MAP, "request headers (name: value)"),
                    IoSpec.optional("body", ValueType.ANY,
                            "the request body: a string is sent as it is; a map or list is sent as JSON "
                                    + "(Content-Type application/json unless a header says otherwise)"),
                    IoSpec.optional("expect-status", ValueType.ANY,
                            "the statuses that count as success: 200, [200, 404] or 2xx (default 2xx)"),
                    IoSpec.optional("timeout", ValueType.DURATION,
                            "the longest the whole exchange may take, redirects, headers and body included "
                                    + "(default 30s, never past the step's timeout)"),
                    IoSpec.optional("trust-redirects", ValueType.BOOLEAN,
                            "true: send every header also after a redirect to another origin (default false: "
                                    + "Authorization, Cookie, Proxy-Authorization and secret-bearing headers "
                                    + "are dropped)")),
            List.of(
                    IoSpec.output("status", ValueType.INTEGER, "the HTTP status of the answer"),
                    IoSpec.output("body", ValueType.STRING, "the body of the answer as text, at most 1 MiB kept"),
                    IoSpec.output("json", ValueType.ANY, "the body parsed as JSON, or null when it is not JSON"),
                    IoSpec.output("headers", ValueType.MAP,
                            "the headers of the answer: lower-case names, the first value of each")),
            false);

    private final int bodyLimit;
    private volatile HttpClient client;

    public HttpAction() {
        this(BoundedCapture.DEFAULT_LIMIT);
    }

    /** For tests: a smaller body limit. */
    HttpAction(int bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public Kind kind(Inputs inputs) {
        return READ_METHODS.contains(method(inputs)) ? Kind.READ_ONLY : Kind.MUTATING;
    }

    @Override
    public Preview preview(Inputs inputs) {
        List<String> details = new ArrayList<>();
        Map<String, String> headers = headers(inputs);
        headers.forEach((name, value) -> details.add(name + ": "
                + (SENSITIVE_HEADER.matcher(name).matches() ? "***" : value)));
        if (jsonBody(inputs) && !hasHeader(headers, "Content-Type")) {
            details.add("Content-Type: application/json");
        }
        if (inputs.has("body")) {
            details.add("body: " + bodyText(inputs));
        }
        if (inputs.has("expect-status")) {
            try {
                details.add("expect status: " + StatusMatcher.parse(inputs.get("expect-status")));
            } catch (ActionFailedException e) {
                details.add("invalid: " + e.getMessage());
            }
        }
        if (inputs.has("timeout")) {
            details.add("timeout: " + inputs.string("timeout"));
        }
        if (inputs.has("trust-redirects")) {
            details.add("trust-redirects: " + inputs.string("trust-redirects"));
        }
        return new Preview(method(inputs) + " " + inputs.string("url"), details);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String method = method(inputs);
        if (!METHOD.matcher(method).matches()) {
            throw new ActionFailedException("method '" + method + "' is not an HTTP method");
        }
        URI uri = uri(inputs);
        StatusMatcher expected = StatusMatcher.parse(inputs.get("expect-status"));
        Duration timeout = timeout(inputs, context);
        boolean trusted = inputs.bool("trust-redirects", false);
        long deadline = System.nanoTime() + timeout.toNanos();
        String what = method + " " + uri;

        Map<String, String> headers = headers(inputs);
        if (jsonBody(inputs) && !hasHeader(headers, "Content-Type")) {
            headers.put("Content-Type", "application/json");
        }
        String body = inputs.has("body") ? bodyText(inputs) : null;
        URI at = uri;
        String verb = method;
        HttpResponse<BoundedBodySubscriber.Body> response;
        for (int redirects = 0; ; redirects++) {
            response = exchange(request(verb, at, headers, body, deadline), what, at, timeout, deadline,
                    context::maskCutEnd);
            URI next = redirectTarget(response, at, what);
            if (next == null) {
                break;
            }
            if (redirects == MAX_REDIRECTS) {
                throw new ActionFailedException(what + " failed: more than " + MAX_REDIRECTS
                        + " redirects (the last to " + next + ")");
            }
            if (!trusted && !sameOrigin(at, next)) {
                headers.entrySet().removeIf(h -> isCredential(h.getKey(), h.getValue(), context));
            }
            int status = response.statusCode();
            if ((status == 303 && !verb.equals("HEAD"))
                    || ((status == 301 || status == 302) && verb.equals("POST"))) {
                // As browsers and the JDK's own policy do: the redirected request is a GET without the body.
                verb = "GET";
                body = null;
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
            }
            at = next;
        }

        int status = response.statusCode();
        BoundedBodySubscriber.Body answer = response.body();
        if (!expected.matches(status)) {
            String text = answer.text().strip();
            throw new ActionFailedException(what + " answered " + status + ", expected " + expected
                    + (text.isEmpty() ? "" : ": " + Texts.head(text, ERROR_BODY_CHARS, context::maskCutEnd)));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("status", status);
        values.put("body", answer.text());
        values.put("json", answer.complete() ? Json.parseOrNull(answer.text()) : null);
        values.put("headers", firstValues(response.headers()));
        return Outputs.of(values);
    }

    /**
     * One request and its whole answer, bounded by the deadline: HttpClient's own request timeout ends when the
     * headers arrive, so a body trickled byte by byte would otherwise hold the step for as long as the server likes.
     */
    private HttpResponse<BoundedBodySubscriber.Body> exchange(HttpRequest request, String what, URI uri,
            Duration timeout, long deadline, UnaryOperator<String> atCut) throws InterruptedException, ActionFailedException {
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> future = client().sendAsync(request, info -> {
            answered.set(true);
            return new BoundedBodySubscriber(bodyLimit, charset(info.headers()), atCut);
        });
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Cancelling the future aborts the exchange and closes its connection.
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ActionFailedException(what + " failed: " + (answered.get()
                    ? "the answer of " + uri.getHost() + authorityPort(uri) + " did not arrive completely within "
                            + Texts.duration(timeout) + " (its body was still coming)"
                    : "no answer within " + Texts.duration(timeout)), e);
        } catch (ExecutionException e) {
            throw failure(what, uri, timeout, e.getCause());
        }
    }

    /** Where a redirect answer points, or null when it is not one to follow (no Location, https to http). */
    private static URI redirectTarget(HttpResponse<?> response, URI from, String what) throws ActionFailedException {
        if (!REDIRECTS.contains(response.statusCode())) {
            return null;
        }
        String location = response.headers().firstValue("Location").map(String::trim).orElse("");
        if (location.isEmpty()) {
            return null;
        }
        URI next;
        try {
            next = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ActionFailedException(what + " failed: the server redirected to '" + location
                    + "', which is not a valid URL", e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
            throw new ActionFailedException(what + " failed: the server redirected to '" + location
                    + "', which is not an http:// or https:// URL with a host");
        }
        if (scheme.equals("http") && "https".equalsIgnoreCase(from.getScheme())) {
            return null; // never from https down to http: the redirect answer is the answer
        }
        return next;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A header not to send to another origin: a credential by name, or one holding a secret value. */
    private static boolean isCredential(String name, String value, ActionContext context) {
        return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || SENSITIVE_HEADER.matcher(name).matches()
                || context.containsSecret(value);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    private static String method(Inputs inputs) {
        return inputs.string("method", "GET").trim().toUpperCase(Locale.ROOT);
    }

    private static URI uri(Inputs inputs) throws ActionFailedException {
        String url = inputs.string("url");
        if (url == null || url.isBlank()) {
            throw new ActionFailedException("url is missing");
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new ActionFailedException("url '" + url + "' is not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ActionFailedException("url '" + url + "' is not a valid URL: " + e.getReason(), e);
        }
    }

    private static Duration timeout(Inputs inputs, ActionContext context) throws ActionFailedException {
        Duration timeout;
        try {
            timeout = inputs.duration("timeout", DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new ActionFailedException("timeout: " + e.getMessage(), e);
        }
        Duration remaining = context.remaining();
        if (remaining != null && remaining.compareTo(timeout) < 0) {
            timeout = remaining;
        }
        // HttpClient refuses a zero timeout; the executor is about to stop this step anyway.
        return timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
    }

    private static HttpRequest request(String method, URI uri, Map<String, String> headers, String body,
            long deadline) throws ActionFailedException {
        // HttpClient refuses a zero timeout; the exchange's own wait ends at the deadline anyway.
        long left = Math.max(1_000_000L, deadline - System.nanoTime());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new ActionFailedException("header '" + h.getKey() + "' cannot be set: " + e.getMessage(), e);
            }
        }
        HttpRequest.BodyPublisher publisher = body != null
                ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                : HttpRequest.BodyPublishers.noBody();
        return b.method(method, publisher).build();
    }

    private static Map<String, String> headers(Inputs inputs) {
        Map<String, String> headers = new LinkedHashMap<>();
        inputs.map("headers").forEach((k, v) -> headers.put(k, v == null ? "" : String.valueOf(v)));
        return headers;
    }

    private static boolean hasHeader(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    private static boolean jsonBody(Inputs inputs) {
        Object body = inputs.get("body");
        return body instanceof Map || body instanceof Collection;
    }

    private static String bodyText(Inputs inputs) {
        return jsonBody(inputs) ? Json.write(inputs.get("body")) : inputs.string("body", "");
    }

    private static Charset charset(HttpHeaders headers) {
        return headers.firstValue("Content-Type").map(type -> {
            Matcher m = CHARSET.matcher(type);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
            return StandardCharsets.UTF_8;
        }).orElse(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> firstValues(HttpHeaders headers) {
        Map<String, Object> first = new TreeMap<>();
        headers.map().forEach((name, values) -> {
            if (!name.startsWith(":") && !values.isEmpty()) {
                first.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return first;
    }

    /** A failed exchange as a plain sentence naming the request: no exception names, no raw TLS texts. */
    static ActionFailedException failure(String what, URI uri, Duration timeout, Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String host = uri.getHost();
        String server = host + authorityPort(uri);
        if (cause instanceof HttpConnectTimeoutException) {
            return new ActionFailedException(what + " failed: could not connect to " + server + " within "
                    + Texts.duration(CONNECT_TIMEOUT), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ActionFailedException(what + " failed: no answer within " + Texts.duration(timeout), cause);
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return new ActionFailedException(what + " failed: unknown host '" + host + "'", cause);
            }
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return new ActionFailedException(what + " failed: cannot connect to " + server + " ("
                        + connectProblem(c) + ")", cause);
            }
            if (c instanceof SSLException || c instanceof CertificateException) {
                return new ActionFailedException(what + " failed: " + tlsProblem(cause, server, host), cause);
            }
        }
        String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (text.contains("reset")) {
            return new ActionFailedException(what + " failed: " + server + " reset the connection", cause);
        }
        if (text.contains("eof") || text.contains("no bytes") || text.contains("closed")) {
            return new ActionFailedException(what + " failed: " + server
                    + " closed the connection before its answer was complete", cause);
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return new ActionFailedException(what + " failed: the exchange with " + server + " broke off: "
                    + cause.getMessage(), cause);
        }
        return new ActionFailedException(what + " failed: the exchange with " + server + " broke off", cause);
    }

    private static String connectProblem(Throwable c) {
        String text = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
        if (c instanceof NoRouteToHostException || text.contains("no route")) {
            return "no route to the host";
        }
        if (text.contains("timed out")) {
            return "the connection timed out";
        }
        if (text.contains("unreachable")) {
            return "the network is unreachable";
        }
        return "connection refused";
    }

    /** What went wrong in a TLS handshake, in words; the exception chain is kept as the cause for --debug. */
    private static String tlsProblem(Throwable cause, String server, String host) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return "the TLS certificate of " + server + " has expired or is not valid yet";
            }
            all.append(' ').append(c.getMessage());
        }
        String text = all.toString().toLowerCase(Locale.ROOT);
        if (text.contains("pkix") || text.contains("certification path") || text.contains("unable to find valid")) {
            return "the TLS certificate of " + server + " is not trusted (signed by an unknown authority, or "
                    + "self-signed)";
        }
        if (text.contains("subject alternative") || text.contains("no name matching")) {
            return "the TLS certificate of " + server + " is not for the host '" + host + "'";
        }
        if (text.contains("expired") || text.contains("validity")) {
            return "the TLS certificate of " + server + " has expired or is not valid yet";
        }
        if (text.contains("unrecognized ssl message") || text.contains("plaintext")) {
            return server + " did not answer with TLS (is it a plain http:// server?)";
        }
        if (text.contains("protocol_version") || text.contains("handshake_failure")
                || text.contains("no appropriate protocol") || text.contains("cipher")) {
            return server + " refused the TLS handshake (no TLS version or cipher in common)";
        }
        if (text.contains("terminated the handshake") || text.contains("closed")) {
            return server + " closed the connection during the TLS handshake";
        }
        return "the TLS handshake with " + server + " failed";
    }

    private static String authorityPort(URI uri) {
        return uri.getPort() < 0 ? "" : ":" + uri.getPort();
    }
}
