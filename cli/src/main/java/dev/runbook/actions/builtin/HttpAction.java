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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * {@code http}: one HTTP request with Java's HttpClient (HTTP/1.1). A map or list body is sent as JSON; the answer's
 * status must match {@code expect-status} (default {@code 2xx}); the body is kept up to 1 MiB and also parsed as
 * JSON when it is JSON. Redirects are followed, except from https to http. Read-only for GET, HEAD and OPTIONS,
 * mutating for every other method (so the spec's own kind is the cautious one, mutating).
 */
public final class HttpAction implements Action {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]*");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";\\s]+)");
    private static final Pattern SENSITIVE_HEADER =
            Pattern.compile("(?i).*(auth|cookie|token|secret|password|api-?key).*");
    private static final int ERROR_BODY_CHARS = 200;

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
                            "the longest wait for the answer (default 30s, never past the step's timeout)")),
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
        HttpRequest request = request(inputs, method, uri, timeout);
        String what = method + " " + uri;

        CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> future = client().sendAsync(request,
                info -> new BoundedBodySubscriber(bodyLimit, charset(info.headers())));
        HttpResponse<BoundedBodySubscriber.Body> response;
        try {
            response = future.get();
        } catch (InterruptedException e) {
            // Cancelling the future aborts the exchange and closes its connection.
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(what, uri, timeout, e.getCause());
        }

        int status = response.statusCode();
        BoundedBodySubscriber.Body body = response.body();
        if (!expected.matches(status)) {
            String text = body.text().strip();
            throw new ActionFailedException(what + " answered " + status + ", expected " + expected
                    + (text.isEmpty() ? "" : ": " + Texts.head(text, ERROR_BODY_CHARS)));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("status", status);
        values.put("body", body.text());
        values.put("json", body.complete() ? Json.parseOrNull(body.text()) : null);
        values.put("headers", firstValues(response.headers()));
        return Outputs.of(values);
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
                            .followRedirects(HttpClient.Redirect.NORMAL)
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

    private static HttpRequest request(Inputs inputs, String method, URI uri, Duration timeout)
            throws ActionFailedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        Map<String, String> headers = headers(inputs);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new ActionFailedException("header '" + h.getKey() + "' cannot be set: " + e.getMessage(), e);
            }
        }
        if (jsonBody(inputs) && !hasHeader(headers, "Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        HttpRequest.BodyPublisher body = inputs.has("body")
                ? HttpRequest.BodyPublishers.ofString(bodyText(inputs), StandardCharsets.UTF_8)
                : HttpRequest.BodyPublishers.noBody();
        return b.method(method, body).build();
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

    static ActionFailedException failure(String what, URI uri, Duration timeout, Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String host = uri.getHost();
        if (cause instanceof HttpConnectTimeoutException) {
            return new ActionFailedException(what + " failed: could not connect to " + host + " within "
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
            if (c instanceof ConnectException) {
                return new ActionFailedException(what + " failed: cannot connect to " + host + authorityPort(uri)
                        + " (" + (c.getMessage() == null ? "connection refused" : c.getMessage()) + ")", cause);
            }
            if (c instanceof SSLException) {
                return new ActionFailedException(what + " failed: TLS error: " + c.getMessage(), cause);
            }
        }
        if (cause instanceof IOException) {
            return new ActionFailedException(what + " failed: " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
        return new ActionFailedException(what + " failed: " + cause, cause);
    }

    private static String authorityPort(URI uri) {
        return uri.getPort() < 0 ? "" : ":" + uri.getPort();
    }
}
