package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import dev.runbook.error.Messages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * An approver's identity proven by AWS (the technique of aws-iam-authenticator and Vault's AWS auth method): the
 * approver's machine presigns an {@code sts:GetCallerIdentity} request, without sending it, with a header
 * {@value #BINDING_HEADER} carrying what is approved (the plan digest, the step) among the signed headers; the
 * executor later sends exactly that request to STS, which checks the signature and answers with the signer's ARN.
 * Because the header is signed, the proof cannot be reused for another plan; because only STS's answer names the
 * approver, the operator cannot make one up. {@link #verify} refuses, before anything is sent, a proof that is
 * expired, bound to something else, not a GetCallerIdentity request, or addressed to a host that is not STS.
 */
public final class StsIdentityProof {
    /** The header whose value, covered by the signature, says what the approval is for. */
    public static final String BINDING_HEADER = "x-runbook-approval";

    /** How long a proof is valid when the approver does not say: STS's own window for a presigned request. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(15);

    /** The longest validity a proof may ask for, as for a presigned STS request. */
    public static final Duration MAX_VALIDITY = Duration.ofHours(1);

    /**
     * How long after {@code X-Amz-Date} STS itself accepts a presigned GetCallerIdentity, whatever
     * {@code X-Amz-Expires} says (aws-iam-authenticator documents that STS ignores it).
     */
    public static final Duration STS_WINDOW = Duration.ofMinutes(15);

    /** How far ahead of the verifier's clock a proof may be dated (the approver's clock runs fast). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String OPERATION = "sts:GetCallerIdentity";
    private static final String ACTION = "GetCallerIdentity";
    private static final String VERSION = "2011-06-15";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** The query parameters a presigned GetCallerIdentity has (lower case: a second spelling is a duplicate). */
    private static final Set<String> QUERY_PARAMETERS = Set.of("action", "version", "x-amz-algorithm",
            "x-amz-credential", "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature",
            "x-amz-signedheaders");

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Visible ASCII without spaces: SigV4 folds runs of spaces in header values, so two bindings could sign alike. */
    private static final Pattern BINDING = Pattern.compile("[\\x21-\\x7e]{1,1024}");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    /** sts.amazonaws.com, sts.REGION.amazonaws.com, sts-fips.REGION.amazonaws.com, sts.cn-REGION.amazonaws.com.cn. */
    private static final Pattern AWS_STS_HOST = Pattern.compile(
            "sts\\.amazonaws\\.com|sts(-fips)?\\.[a-z]{2}(-[a-z]+)+-\\d+\\.amazonaws\\.com"
                    + "|sts\\.cn(-[a-z]+)+-\\d+\\.amazonaws\\.com\\.cn");

    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/(.+)");

    private StsIdentityProof() {
    }

    /**
     * A presigned {@code sts:GetCallerIdentity} request, JSON-able with stable field names ({@link #toMap}). It uses
     * no AWS SDK class (nor does {@link Verified}): an approval file can be read, shown and checked for its binding
     * where the SDK must not load (validate, dry-run, plan).
     *
     * @param method    {@code GET}: the request is presigned, its signature in the URL's query
     * @param url       the presigned URL, exactly as signed
     * @param headers   the headers to send with it besides {@code Host}: the {@value #BINDING_HEADER} header
     * @param body      empty for a GET
     * @param signedAt  the {@code X-Amz-Date} of the signature
     * @param expiresAt {@code signedAt} plus the validity ({@code X-Amz-Expires}, covered by the signature)
     */
    public record Proof(String method, String url, Map<String, String> headers, String body, Instant signedAt,
            Instant expiresAt) {
        public Proof {
            if (method == null || url == null || headers == null || signedAt == null || expiresAt == null) {
                throw new NullPointerException("a proof needs its method, url, headers, signedAt and expiresAt");
            }
            headers = Collections.unmodifiableMap(new TreeMap<>(headers));
            body = body == null ? "" : body;
        }

        /** The value of the {@value #BINDING_HEADER} header (any spelling of its name), or null. */
        public String binding() {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(BINDING_HEADER)) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** The proof as plain values (strings and a map of strings) for a JSON file. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.put("url", url);
            m.put("headers", new LinkedHashMap<>(headers));
            m.put("body", body);
            m.put("signedAt", signedAt.toString());
            m.put("expiresAt", expiresAt.toString());
            return Collections.unmodifiableMap(m);
        }

        /**
         * The proof {@link #toMap} wrote.
         *
         * @throws ActionFailedException naming the field that is missing or not of its type
         */
        public static Proof fromMap(Map<String, Object> map) throws ActionFailedException {
            if (map == null) {
                throw new ActionFailedException("the AWS approval is empty");
            }
            String method = text(map, "method");
            String url = text(map, "url");
            Object h = map.get("headers");
            if (!(h instanceof Map)) {
                throw new ActionFailedException("the AWS approval has no 'headers' object");
            }
            Map<String, String> headers = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) h).entrySet()) {
                if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
                    throw new ActionFailedException("the AWS approval's 'headers' must map names to strings, not "
                            + e.getKey() + " to " + e.getValue());
                }
                headers.put((String) e.getKey(), (String) e.getValue());
            }
            Object body = map.get("body");
            if (body != null && !(body instanceof String)) {
                throw new ActionFailedException("the AWS approval's 'body' must be a string");
            }
            return new Proof(method, url, headers, (String) body, instant(map, "signedAt"), instant(map, "expiresAt"));
        }

        private static String text(Map<String, Object> map, String field) throws ActionFailedException {
            Object v = map.get(field);
            if (!(v instanceof String) || ((String) v).isEmpty()) {
                throw new ActionFailedException("the AWS approval has no '" + field + "' string");
            }
            return (String) v;
        }

        private static Instant instant(Map<String, Object> map, String field) throws ActionFailedException {
            String v = text(map, field);
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new ActionFailedException("the AWS approval's '" + field + "' is not an ISO-8601 instant: "
                        + v);
            }
        }
    }

    /**
     * Who signed a proof, as STS answered.
     *
     * @param arn      the caller's ARN ({@code arn:aws:sts::123456789012:assumed-role/dr-approver/alice} for a role)
     * @param account  the account id
     * @param userId   the unique id ({@code AROA...:alice} for a role session)
     * @param roleArn  the role of an assumed-role ARN as IAM names it ({@code arn:aws:iam::123456789012:role/dr-approver},
     *                 without the role's path, which STS does not tell); null for users, root and federated users
     * @param response STS's XML answer as received
     */
    public record Verified(String arn, String account, String userId, String roleArn, String response) {
        /** The answer as plain values for the audit log and approval records. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arn", arn);
            m.put("account", account);
            m.put("userId", userId);
            if (roleArn != null) {
                m.put("roleArn", roleArn);
            }
            m.put("response", response);
            return Collections.unmodifiableMap(m);
        }
    }

    /**
     * Signs (does not send) {@code sts:GetCallerIdentity} with the approver's credentials from the settings
     * (profile, SSO, access key variables, the default chain: as every AWS action gets them), the binding header
     * covered by the signature. The request goes to the endpoint configured for {@code sts}, else the regional STS
     * endpoint of the settings' region, else the global one.
     *
     * @param binding  what is approved, e.g. {@code sha256:<plan digest>;step=restore}: visible ASCII, no spaces
     * @param validFor how long the proof is valid, at most {@link #MAX_VALIDITY}; null for {@link #DEFAULT_VALIDITY}
     * @throws ActionFailedException without credentials, or for a binding or validity out of bounds
     */
    public static Proof sign(AwsSettings settings, String binding, Duration validFor) throws ActionFailedException {
        return sign(settings, binding, validFor, Clock.systemUTC());
    }

    static Proof sign(AwsSettings settings, String binding, Duration validFor, Clock clock)
            throws ActionFailedException {
        checkBinding(binding);
        Duration validity = validity(validFor);
        try (AwsClients aws = new AwsClients(settings)) {
            String region = regionOrNull(aws);
            URI endpoint = configuredEndpoint(settings);
            String signingRegion;
            if (endpoint != null) {
                signingRegion = region == null ? "us-east-1" : region;
            } else if (region == null) {
                endpoint = URI.create("https://sts.amazonaws.com/");
                signingRegion = "us-east-1";
            } else {
                if (!REGION.matcher(region).matches()) {
                    throw new ActionFailedException("'" + region + "' is not an AWS region name");
                }
                endpoint = URI.create("https://sts." + region + ".amazonaws.com"
                        + (region.startsWith("cn-") ? ".cn" : "") + "/");
                signingRegion = region;
            }
            AwsCredentialsIdentity credentials = aws.resolveCredentials(OPERATION);
            String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
            SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.GET)
                    .uri(endpoint)
                    .encodedPath(path)
                    .putRawQueryParameter("Action", ACTION)
                    .putRawQueryParameter("Version", VERSION)
                    .putHeader(BINDING_HEADER, binding)
                    .build();
            SignedRequest signed;
            try {
                signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion)
                        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION,
                                AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, validity)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
            } catch (RuntimeException e) {
                throw new ActionFailedException("cannot sign " + OPERATION + ": " + Messages.describe(e), e);
            }
            URI url = signed.request().getUri();
            Instant signedAt = amzDate(signed.request().firstMatchingRawQueryParameter("X-Amz-Date").orElse(null));
            return new Proof("GET", url.toString(), Map.of(BINDING_HEADER, binding), "", signedAt,
                    signedAt.plus(validity));
        }
    }

    /**
     * Checks a proof here, then sends it as signed to STS and reads who signed it.
     *
     * @param expectedBinding the binding the approval must be for ({@code sha256:<plan digest>[;step=ID]})
     * @param now             the verifier's time, against which the proof's expiry is checked
     * @throws ActionFailedException with the reason in words: a proof that is expired, for another binding, whose
     *                               binding header is not signed, that is not GetCallerIdentity, that is addressed to
     *                               a host that is not STS (nothing is sent then), or that STS refuses
     */
    public static Verified verify(AwsSettings settings, Proof proof, String expectedBinding, Instant now)
            throws ActionFailedException {
        URI url = check(settings, proof, expectedBinding, now);
        Map<String, String> send = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : proof.headers().entrySet()) {
            if (!e.getKey().equalsIgnoreCase("host")) {
                send.put(e.getKey(), e.getValue());
            }
        }
        Answer answer = send(settings, url, send);
        if (answer.status == 200) {
            return identity(answer.body);
        }
        throw refusal(answer, proof);
    }

    /**
     * The role an assumed-role ARN is a session of, as IAM names the role
     * ({@code arn:aws:sts::123:assumed-role/dr-approver/alice} to {@code arn:aws:iam::123:role/dr-approver}); null for
     * any other ARN.
     */
    public static String roleArn(String arn) {
        Matcher m = arn == null ? null : ASSUMED_ROLE.matcher(arn);
        if (m == null || !m.matches()) {
            return null;
        }
        return "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3);
    }

    /** Every check that needs no network; the URL to send when they pass. */
    static URI check(AwsSettings settings, Proof proof, String expectedBinding, Instant now)
            throws ActionFailedException {
        if (proof == null) {
            throw new ActionFailedException("no AWS approval to verify");
        }
        if (expectedBinding == null || now == null) {
            throw new NullPointerException("expectedBinding and now are required");
        }
        if (!proof.method().equals("GET") || !proof.body().isEmpty()) {
            throw new ActionFailedException("the AWS approval is a " + proof.method() + " request"
                    + (proof.body().isEmpty() ? "" : " with a body")
                    + ", not the presigned GET of sts:GetCallerIdentity that 'runbook approve --sign aws' makes");
        }
        URI url;
        try {
            url = new URI(proof.url());
        } catch (URISyntaxException e) {
            throw new ActionFailedException("the AWS approval's URL is not a valid URL: " + e.getReason());
        }
        String hostProblem = hostProblem(settings, url);
        if (hostProblem != null) {
            throw new ActionFailedException("the AWS approval is addressed to " + hostProblem
                    + ": only STS can say who signed it; nothing was sent");
        }
        Map<String, String> query = query(url);
        String action = query.get("action");
        if (!ACTION.equals(action) || !VERSION.equals(query.get("version"))) {
            throw new ActionFailedException("the AWS approval is a request for sts:" + action + " (version "
                    + query.get("version") + "), not sts:" + ACTION + " (version " + VERSION + ")");
        }
        if (!ALGORITHM.equals(query.get("x-amz-algorithm"))) {
            throw new ActionFailedException("the AWS approval is not signed with " + ALGORITHM + " (X-Amz-Algorithm: "
                    + query.get("x-amz-algorithm") + ")");
        }
        String credential = query.get("x-amz-credential");
        String[] scope = credential == null ? new String[0] : credential.split("/", -1);
        if (scope.length != 5 || !scope[3].equals("sts") || !scope[4].equals("aws4_request")) {
            throw new ActionFailedException("the AWS approval's X-Amz-Credential is not an STS signing scope: "
                    + credential);
        }
        List<String> signedHeaders = query.get("x-amz-signedheaders") == null ? List.of()
                : Arrays.asList(query.get("x-amz-signedheaders").split(";", -1));
        if (!signedHeaders.contains(BINDING_HEADER)) {
            throw new ActionFailedException("the AWS approval's signature does not cover its " + BINDING_HEADER
                    + " header (X-Amz-SignedHeaders: " + query.get("x-amz-signedheaders")
                    + "), so it could stand for any plan");
        }
        for (String name : proof.headers().keySet()) {
            if (!name.equalsIgnoreCase("host") && !signedHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                throw new ActionFailedException("the AWS approval's header '" + name
                        + "' is not covered by its signature");
            }
        }
        for (String name : signedHeaders) {
            if (!name.equals("host") && header(proof.headers(), name) == null) {
                throw new ActionFailedException("the AWS approval's signature covers a header '" + name
                        + "' that the approval does not carry");
            }
        }
        String binding = proof.binding();
        if (!expectedBinding.equals(binding)) {
            throw new ActionFailedException("the AWS approval is for '" + binding + "', not for '" + expectedBinding
                    + "' (another plan or step)");
        }
        Instant signedAt = amzDate(query.get("x-amz-date"));
        if (!scope[1].equals(query.get("x-amz-date").substring(0, 8))) {
            throw new ActionFailedException("the AWS approval's signing date " + scope[1]
                    + " is not the day of its X-Amz-Date " + query.get("x-amz-date"));
        }
        long seconds;
        try {
            seconds = Long.parseLong(String.valueOf(query.get("x-amz-expires")));
        } catch (NumberFormatException e) {
            throw new ActionFailedException("the AWS approval's X-Amz-Expires is not a number of seconds: "
                    + query.get("x-amz-expires"));
        }
        if (seconds < 1 || seconds > MAX_VALIDITY.getSeconds()) {
            throw new ActionFailedException("the AWS approval's validity (X-Amz-Expires " + seconds
                    + " s) is not between 1 second and " + MAX_VALIDITY.toMinutes() + " minutes");
        }
        Instant expiresAt = signedAt.plusSeconds(seconds);
        if (!proof.signedAt().equals(signedAt) || !proof.expiresAt().equals(expiresAt)) {
            throw new ActionFailedException("the AWS approval says it was signed at " + proof.signedAt()
                    + " and expires at " + proof.expiresAt() + ", but its signed request says " + signedAt + " and "
                    + expiresAt + ": the file was altered");
        }
        if (now.isBefore(signedAt.minus(CLOCK_SKEW))) {
            throw new ActionFailedException("the AWS approval is dated " + signedAt + ", after this machine's time "
                    + now.truncatedTo(ChronoUnit.SECONDS) + ": the approver's clock or this one is wrong");
        }
        if (!now.isBefore(expiresAt)) {
            throw new ActionFailedException("the AWS approval expired at " + expiresAt + " (signed at " + signedAt
                    + ", valid for " + Duration.ofSeconds(seconds).toMinutes() + " min; now "
                    + now.truncatedTo(ChronoUnit.SECONDS) + "): ask the approver to run 'runbook approve' again");
        }
        return url;
    }

    /**
     * Why a proof's URL is not STS's (null when it is): https on an AWS STS host, or the endpoint the settings
     * configure for {@code sts} ({@code --endpoint sts=URL}, {@code AWS_ENDPOINT_URL_STS}, {@code --endpoint-url}).
     */
    static String hostProblem(AwsSettings settings, URI url) throws ActionFailedException {
        String host = url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !url.isAbsolute() || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            return "'" + url + "', which is not a plain http(s) URL with a host";
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        URI configured = configuredEndpoint(settings);
        if (configured != null && scheme.equals(configured.getScheme().toLowerCase(Locale.ROOT))
                && host.equals(configured.getHost().toLowerCase(Locale.ROOT))
                && port(url) == port(configured)) {
            String path = configured.getRawPath() == null || configured.getRawPath().isEmpty() ? "/"
                    : configured.getRawPath();
            return path.equals(url.getRawPath()) ? null : "path " + url.getRawPath() + " of the STS endpoint "
                    + configured + " (expected " + path + ")";
        }
        if (AWS_STS_HOST.matcher(host).matches()) {
            if (!scheme.equals("https") || port(url) != 443) {
                return url.getScheme() + "://" + url.getRawAuthority() + ", not https on port 443";
            }
            return "/".equals(url.getRawPath()) ? null : "path " + url.getRawPath() + " of " + host + " (expected /)";
        }
        return "host " + url.getRawAuthority() + ", which is not an STS endpoint (sts.amazonaws.com, "
                + "sts.REGION.amazonaws.com[.cn]" + (configured == null ? "" : ", or the configured " + configured)
                + ")";
    }

    /** The endpoint configured for STS, or null; a malformed {@code AWS_ENDPOINT_URL*} variable is bad input. */
    private static URI configuredEndpoint(AwsSettings settings) throws ActionFailedException {
        try {
            return settings.endpointFor("sts");
        } catch (IllegalArgumentException e) {
            throw new ActionFailedException("the STS endpoint configured by AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL "
                    + "is unusable: " + e.getMessage());
        }
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    /** The URL's query parameters by lower-case name, refusing unknown and repeated ones. */
    private static Map<String, String> query(URI url) throws ActionFailedException {
        Map<String, String> out = new TreeMap<>();
        String raw = url.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            throw new ActionFailedException("the AWS approval's URL has no query: it is not a presigned request");
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String key = name.toLowerCase(Locale.ROOT);
            if (!QUERY_PARAMETERS.contains(key)) {
                throw new ActionFailedException("the AWS approval's URL has a parameter '" + name
                        + "' that a presigned GetCallerIdentity does not have");
            }
            if (out.put(key, value) != null) {
                throw new ActionFailedException("the AWS approval's URL gives '" + name + "' twice");
            }
        }
        if (out.get("x-amz-signature") == null) {
            throw new ActionFailedException("the AWS approval's URL has no X-Amz-Signature: it is not presigned");
        }
        return out;
    }

    private static String decode(String s) throws ActionFailedException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ActionFailedException("the AWS approval's URL is not well encoded: " + s);
        }
    }

    private static Instant amzDate(String value) throws ActionFailedException {
        if (value == null) {
            throw new ActionFailedException("the AWS approval has no X-Amz-Date");
        }
        try {
            return Instant.from(AMZ_DATE.parse(value));
        } catch (DateTimeParseException e) {
            throw new ActionFailedException("the AWS approval's X-Amz-Date is not a date: " + value);
        }
    }

    private static void checkBinding(String binding) throws ActionFailedException {
        if (binding == null || !BINDING.matcher(binding).matches()) {
            throw new ActionFailedException("the approval binding must be 1 to 1024 visible ASCII characters "
                    + "without spaces, not '" + binding + "'");
        }
    }

    private static Duration validity(Duration validFor) throws ActionFailedException {
        Duration d = validFor == null ? DEFAULT_VALIDITY : validFor;
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_VALIDITY) > 0) {
            throw new ActionFailedException("an AWS approval is valid for 1 second to " + MAX_VALIDITY.toMinutes()
                    + " minutes, not " + d.getSeconds() + " s");
        }
        return Duration.ofSeconds(d.getSeconds());
    }

    private static String regionOrNull(AwsClients aws) throws ActionFailedException {
        try {
            return aws.region();
        } catch (ActionFailedException e) {
            return null; // no region anywhere: the global endpoint
        } catch (RuntimeException e) {
            throw new ActionFailedException("cannot read the AWS config files for the region: "
                    + Messages.describe(e), e);
        }
    }

    static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private record Answer(int status, String body) {
    }

    /**
     * Sends the presigned request as it is (no redirect followed: a redirect could lead the proof elsewhere), with
     * bounded timeouts; connection failures, 5xx and throttling are retried as every AWS call is.
     */
    private static Answer send(AwsSettings settings, URI url, Map<String, String> headers)
            throws ActionFailedException {
        int attempts = settings.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            try {
                Answer a = sendOnce(url, headers);
                boolean transientFailure = a.status >= 500 || a.status == 429 || "Throttling".equals(code(a.body));
                if (!transientFailure || attempt >= attempts) {
                    return a;
                }
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new ActionFailedException("cannot reach STS at " + url.getScheme() + "://"
                            + url.getRawAuthority() + " to verify the AWS approval (" + Messages.describe(e)
                            + "): check the network, --endpoint-url and --region", e);
                }
            }
            long base = settings.backoffBase().toMillis() << Math.min(attempt - 1, 16);
            long pause = ThreadLocalRandom.current().nextLong(Math.min(base, MAX_BACKOFF.toMillis()) + 1);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActionFailedException("interrupted while verifying the AWS approval", e);
            }
        }
    }

    private static Answer sendOnce(URI url, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        try {
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setRequestMethod("GET");
            // STS answers XML unless asked for JSON; say so, since the default Accept of the JDK is a browser's.
            c.setRequestProperty("Accept", "text/xml");
            c.setRequestProperty("User-Agent", "runbook");
            headers.forEach(c::setRequestProperty);
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new Answer(status, in == null ? "" : read(in));
        } finally {
            c.disconnect();
        }
    }

    private static String read(InputStream in) throws IOException {
        try (InputStream i = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = i.read(buf)) > 0) {
                if (out.size() + n > MAX_ANSWER_BYTES) {
                    throw new IOException("STS's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Verified identity(String xml) throws ActionFailedException {
        Document d = parse(xml);
        if (d == null || !"GetCallerIdentityResponse".equals(d.getDocumentElement().getLocalName())) {
            throw new ActionFailedException("STS answered the AWS approval with something that is not a "
                    + "GetCallerIdentityResponse: " + abbreviate(xml));
        }
        String arn = text(d, "Arn");
        String account = text(d, "Account");
        String userId = text(d, "UserId");
        if (arn == null || account == null) {
            throw new ActionFailedException("STS answered the AWS approval without an Arn or Account: "
                    + abbreviate(xml));
        }
        return new Verified(arn, account, userId, roleArn(arn), xml);
    }

    /** STS's refusal in plain words. */
    private static ActionFailedException refusal(Answer a, Proof proof) {
        Document d = parse(a.body);
        String code = d == null ? null : text(d, "Code");
        String message = d == null ? null : text(d, "Message");
        String m = message == null ? "" : message;
        String said = code == null ? "HTTP " + a.status + (a.body.isBlank() ? "" : ": " + abbreviate(a.body))
                : code + (message == null ? "" : ": " + message);
        String why;
        if (code == null && a.status >= 300 && a.status < 400) {
            why = "STS answered the AWS approval with a redirect (HTTP " + a.status + "), which is not followed";
        } else if (code == null) {
            why = "STS did not verify the AWS approval (" + said + ")";
        } else if (m.startsWith("Signature expired") || code.equals("RequestExpired")) {
            why = "STS says the AWS approval has expired: it accepts a presigned GetCallerIdentity for "
                    + STS_WINDOW.toMinutes() + " minutes after signing (signed at " + proof.signedAt()
                    + "), whatever its validity; ask the approver to approve again when you are ready to continue, "
                    + "or use --sign ssh for approvals given ahead of time (" + said + ")";
        } else if (m.startsWith("Signature not yet current")) {
            why = "STS says the AWS approval is dated in the future (signed at " + proof.signedAt()
                    + "): the approver's clock is wrong (" + said + ")";
        } else if (code.equals("SignatureDoesNotMatch")) {
            why = "STS says the AWS approval's signature does not match its request: the approval file was altered "
                    + "after signing (its URL or its " + BINDING_HEADER + " header) (" + said + ")";
        } else if (code.equals("ExpiredToken")) {
            why = "STS says the approver's temporary credentials have expired, and the approval with them: ask the "
                    + "approver to log in again (aws sso login) and approve again (" + said + ")";
        } else if (code.equals("InvalidClientTokenId")) {
            why = "STS does not know the access key or session token that signed the AWS approval (deleted, "
                    + "deactivated, or from another partition): ask the approver to approve again with valid "
                    + "credentials (" + said + ")";
        } else {
            why = "STS refused the AWS approval (" + said + ")";
        }
        return new ActionFailedException(why);
    }

    private static String code(String body) {
        if (body == null || !body.contains("<Code>")) {
            return null;
        }
        Document d = parse(body);
        return d == null ? null : text(d, "Code");
    }

    /** A DOM of STS's XML, or null when it is not XML; no DTD, no external entity is read. */
    private static Document parse(String xml) {
        if (xml == null || xml.isBlank()) {
            return null;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            var b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // quiet: a fatal error throws, nothing is printed
            return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return null;
        }
    }

    /** The text of the only element of this local name, or null when there is none or more than one. */
    private static String text(Document d, String localName) {
        NodeList all = d.getElementsByTagNameNS("*", localName);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            found.add((Element) all.item(i));
        }
        if (found.size() != 1) {
            return null;
        }
        String t = found.get(0).getTextContent();
        return t == null || t.isBlank() ? null : t.trim();
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 300 ? one : one.substring(0, 300) + "...";
    }
}
