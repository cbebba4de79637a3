package dev.runbook.actions.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A small synchronous {@link SdkHttpClient} over the JDK's {@code java.net.http.HttpClient}, for the services whose
 * operations need PATCH (API Gateway's UpdateStage), which the URL-connection client cannot send. HTTP/1.1 only,
 * a connection timeout and a bound on the wait for the answer's headers like the URL-connection client's socket
 * timeout; an aborted or interrupted call cancels the exchange. It costs no jar: the client is in the JDK.
 */
final class JdkHttpClient implements SdkHttpClient {
    /** Headers the JDK client sets itself and refuses to be given (the SDK's values are the same). */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "date", "via", "warning");

    private final HttpClient http;
    private final Duration readTimeout;

    JdkHttpClient(Duration connectTimeout, Duration readTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.readTimeout = readTimeout;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new Exchange(request);
    }

    @Override
    public String clientName() {
        return "JdkHttp";
    }

    @Override
    public void close() {
        // the JDK client's threads are daemons and its connections close with them
    }

    private final class Exchange implements ExecutableHttpRequest {
        private final HttpExecuteRequest request;
        private volatile CompletableFuture<HttpResponse<InputStream>> pending;
        private volatile boolean aborted;

        Exchange(HttpExecuteRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            SdkHttpRequest r = request.httpRequest();
            URI uri = r.getUri();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(readTimeout);
            for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    for (String v : h.getValue()) {
                        b.header(h.getKey(), v);
                    }
                }
            }
            b.method(r.method().name(), body(request.contentStreamProvider()));
            if (aborted) {
                throw new InterruptedIOException("request aborted");
            }
            CompletableFuture<HttpResponse<InputStream>> f = http.sendAsync(b.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            pending = f;
            HttpResponse<InputStream> response;
            try {
                response = f.get();
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                InterruptedIOException i = new InterruptedIOException("request interrupted");
                i.initCause(e);
                throw i;
            } catch (CancellationException e) {
                throw new InterruptedIOException("request aborted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof HttpTimeoutException) {
                    throw new java.net.SocketTimeoutException(cause.getMessage());
                }
                if (cause instanceof IOException) {
                    throw (IOException) cause;
                }
                throw new IOException(cause);
            }
            SdkHttpResponse.Builder head = SdkHttpResponse.builder().statusCode(response.statusCode());
            response.headers().map().forEach((k, v) -> {
                if (!k.startsWith(":")) {
                    head.putHeader(k, v);
                }
            });
            InputStream in = response.body();
            return HttpExecuteResponse.builder().response(head.build())
                    .responseBody(AbortableInputStream.create(in, () -> close(in))).build();
        }

        @Override
        public void abort() {
            aborted = true;
            CompletableFuture<HttpResponse<InputStream>> f = pending;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    private static HttpRequest.BodyPublisher body(Optional<ContentStreamProvider> content) throws IOException {
        if (content.isEmpty()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        try (InputStream in = content.get().newStream()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the answer was read or abandoned: nothing to do
        }
    }
}
