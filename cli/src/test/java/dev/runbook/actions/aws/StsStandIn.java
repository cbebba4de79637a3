package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Clock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for STS on a free loopback port (WireMock): it answers a presigned {@code sts:GetCallerIdentity} as STS
 * does. It recomputes the SigV4 signature of each request it receives from the secret key of the access key named in
 * {@code X-Amz-Credential}, twice: with AWS's algorithm written out with the JDK's HMAC (the empty body's hash, as
 * STS uses for a GET), and with the SDK's own signer over what was received; the two must agree. It refuses a request whose
 * {@value StsIdentityProof#BINDING_HEADER} header is not signed, and checks {@code X-Amz-Date} against its own clock
 * with STS's 15 minutes either way. It answers the documented GetCallerIdentityResponse with the ARN of the access key,
 * or an ErrorResponse (SignatureDoesNotMatch, InvalidClientTokenId, ExpiredToken, InvalidAction).
 */
final class StsStandIn implements AutoCloseable {
    /** An identity the stand-in knows, by access key. */
    record Principal(String accessKey, String secretKey, String sessionToken, String arn, String userId,
            String account) {
        Map<String, String> env() {
            return sessionToken == null
                    ? Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey)
                    : Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey,
                            "AWS_SESSION_TOKEN", sessionToken);
        }
    }

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration WINDOW = Duration.ofMinutes(15);

    final WireMockServer server;
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();
    private final Set<String> expiredSessions = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> now = new AtomicReference<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile int busyStatus;
    private volatile String busyCode;

    StsStandIn() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new Sts()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    StsStandIn know(Principal p) {
        principals.put(p.accessKey(), p);
        return this;
    }

    /** The stand-in's clock from now on (null: the system's). */
    void clock(Instant at) {
        now.set(at);
    }

    /** The session of this access key has expired: STS answers ExpiredToken. */
    void expireSession(String accessKey) {
        expiredSessions.add(accessKey);
    }

    /** The next {@code times} requests are answered with this error, as STS does when throttling or unavailable. */
    void busy(int times, int status, String code) {
        busyStatus = status;
        busyCode = code;
        busy.set(times);
    }

    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Sts implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "sts-stand-in";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return answer(event.getRequest());
            } catch (RuntimeException e) {
                return error(400, "MalformedQueryString", String.valueOf(e.getMessage()));
            }
        }
    }

    private ResponseDefinition answer(LoggedRequest r) throws RuntimeException {
        if (busy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(busyStatus, busyCode, busyCode.equals("Throttling") ? "Rate exceeded"
                    : "Service is unavailable, please retry");
        }
        String url = r.getUrl();
        int q = url.indexOf('?');
        if (!r.getMethod().getName().equals("GET") || q < 0) {
            return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        String path = url.substring(0, q);
        Map<String, String> params = new TreeMap<>();
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String[] scope = params.getOrDefault("X-Amz-Credential", "").split("/");
        if (scope.length != 5) {
            return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        Principal p = principals.get(scope[0]);
        if (p == null || (p.sessionToken() != null && !p.sessionToken().equals(params.get("X-Amz-Security-Token")))) {
            return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        List<String> signed = Arrays.asList(params.getOrDefault("X-Amz-SignedHeaders", "").split(";"));
        if (!signed.contains(StsIdentityProof.BINDING_HEADER) || !signed.contains("host")) {
            return error(403, "SignatureDoesNotMatch", "stand-in: " + StsIdentityProof.BINDING_HEADER
                    + " and host must be signed");
        }
        String amzDate = params.get("X-Amz-Date");
        StringBuilder canonicalQuery = new StringBuilder();
        for (Map.Entry<String, String> e : sortedEncoded(params)) {
            if (canonicalQuery.length() > 0) {
                canonicalQuery.append('&');
            }
            canonicalQuery.append(e.getKey()).append('=').append(e.getValue());
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String h : signed) {
            String v = r.getHeader(h);
            if (v == null) {
                return signatureMismatch();
            }
            canonicalHeaders.append(h).append(':').append(v.trim().replaceAll(" +", " ")).append('\n');
        }
        String canonicalRequest = "GET\n" + path + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + String.join(";", signed) + "\n" + hex(sha256(new byte[0]));
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope[1] + "/" + scope[2] + "/" + scope[3] + "/"
                + scope[4] + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + p.secretKey()).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, scope[4]);
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                params.getOrDefault("X-Amz-Signature", "").getBytes(StandardCharsets.UTF_8))) {
            return signatureMismatch();
        }
        if (!sdkSignature(r, path, params, signed, p, scope).equals(expected)) {
            throw new IllegalStateException("the SDK signer and SigV4 as written out here disagree");
        }
        Instant date = Instant.from(AMZ_DATE.parse(amzDate));
        Instant clock = now.get() == null ? Instant.now() : now.get();
        if (clock.isAfter(date.plus(WINDOW))) {
            return error(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(clock.minus(WINDOW)) + " (" + AMZ_DATE.format(clock) + " - 15 min.)");
        }
        if (clock.isBefore(date.minus(WINDOW))) {
            return error(403, "SignatureDoesNotMatch", "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(clock.plus(WINDOW)) + " (" + AMZ_DATE.format(clock)
                    + " + 15 min.)");
        }
        if (expiredSessions.contains(p.accessKey())) {
            return error(403, "ExpiredToken", "The security token included in the request is expired");
        }
        if (!"GetCallerIdentity".equals(params.get("Action"))) {
            return error(400, "InvalidAction", "Could not find operation " + params.get("Action")
                    + " for version " + params.get("Version"));
        }
        return xml(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                + "2011-06-15/\">\n  <GetCallerIdentityResult>\n    <Arn>" + p.arn() + "</Arn>\n    <UserId>"
                + p.userId() + "</UserId>\n    <Account>" + p.account() + "</Account>\n"
                + "  </GetCallerIdentityResult>\n  <ResponseMetadata>\n"
                + "    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n");
    }

    /**
     * The signature the SDK's own signer gives the request received (its signed headers, its parameters but the
     * signature's, the signing time and validity it names): it must agree with the one computed above.
     */
    private static String sdkSignature(LoggedRequest r, String path, Map<String, String> params, List<String> signed,
            Principal p, String[] scope) {
        URI uri = URI.create(r.getAbsoluteUrl());
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .protocol(uri.getScheme()).host(uri.getHost()).port(uri.getPort()).encodedPath(path);
        params.forEach((k, v) -> {
            if (!k.startsWith("X-Amz-")) {
                b.putRawQueryParameter(k, v);
            }
        });
        for (String h : signed) {
            if (!h.equals("host")) {
                b.putHeader(h, r.getHeader(h));
            }
        }
        SdkHttpFullRequest request = b.build();
        Instant at = Instant.from(AMZ_DATE.parse(params.get("X-Amz-Date")));
        AwsCredentialsIdentity who = p.sessionToken() == null
                ? AwsCredentialsIdentity.create(p.accessKey(), p.secretKey())
                : AwsSessionCredentialsIdentity.create(p.accessKey(), p.secretKey(), p.sessionToken());
        SignedRequest s = AwsV4HttpSigner.create().sign(x -> x.identity(who).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, scope[3])
                .putProperty(AwsV4HttpSigner.REGION_NAME, scope[2])
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION,
                        Duration.ofSeconds(Long.parseLong(params.get("X-Amz-Expires"))))
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        return s.request().firstMatchingRawQueryParameter("X-Amz-Signature").orElse("");
    }

    private static ResponseDefinition signatureMismatch() {
        return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                + "documentation for details.");
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return xml(status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                + "  <Error>\n    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message
                + "</Message>\n  </Error>\n  <RequestId>fedcba98-7654-3210-fedc-ba9876543210</RequestId>\n"
                + "</ErrorResponse>\n");
    }

    private static ResponseDefinition xml(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(body).build();
    }

    /** The query parameters but the signature, URI-encoded as SigV4 says and sorted by encoded name. */
    private static List<Map.Entry<String, String>> sortedEncoded(Map<String, String> params) {
        TreeMap<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equals("X-Amz-Signature")) {
                out.put(encode(k), encode(v));
            }
        });
        return new ArrayList<>(out.entrySet());
    }

    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (c & 0xff);
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'
                    || ch == '_' || ch == '.' || ch == '~') {
                b.append(ch);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
