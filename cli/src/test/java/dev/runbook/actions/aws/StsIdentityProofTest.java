package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.ActionFailedException;
import dev.runbook.actions.aws.StsIdentityProof.Proof;
import dev.runbook.actions.aws.StsIdentityProof.Verified;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --sign aws} identity proof against a stand-in for STS that checks SigV4 signatures as STS does. */
class StsIdentityProofTest {
    static final String PLAN = "sha256:3f1c9a4e0b7d2f8a6c5e4d3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String BINDING = PLAN + ";step=restore";

    static final StsStandIn.Principal BOB = new StsStandIn.Principal("AKIAIOSFODNN7BOBBOB1",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYbobbobbob1", null, "arn:aws:iam::123456789012:user/bob",
            "AIDAJQABLZS4A3QDU576Q", "123456789012");
    static final StsStandIn.Principal ALICE = new StsStandIn.Principal("ASIAIOSFODNN7ALICE01",
            "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "FwoGZXIvYXdzEJr//////////wEaDM+alice/session=token",
            "arn:aws:sts::210987654321:assumed-role/dr-approver/alice", "AROA3XFRBF535PLBIFPI4:alice",
            "210987654321");

    static StsStandIn sts;

    @BeforeAll
    static void startStandIn() {
        sts = new StsStandIn().know(BOB).know(ALICE);
    }

    @AfterAll
    static void stopStandIn() {
        sts.close();
    }

    @AfterEach
    void resetJournal() {
        sts.server.resetRequests();
        sts.clock(null);
        sts.busy(0, 200, "");
    }

    static AwsSettings settings(StsStandIn.Principal who) {
        return new AwsSettings(null, "us-east-1", null, Map.of("sts", sts.endpoint()), who.env(), 2,
                Duration.ofMillis(5));
    }

    static Proof signNow(StsStandIn.Principal who, String binding) throws ActionFailedException {
        return StsIdentityProof.sign(settings(who), binding, null);
    }

    @Test
    void roundTripGivesTheSignersArnAsStsAnswersIt() throws Exception {
        Proof proof = signNow(BOB, BINDING);

        Verified v = StsIdentityProof.verify(settings(BOB), proof, BINDING, Instant.now());

        assertThat(v.arn()).isEqualTo("arn:aws:iam::123456789012:user/bob");
        assertThat(v.account()).isEqualTo("123456789012");
        assertThat(v.userId()).isEqualTo("AIDAJQABLZS4A3QDU576Q");
        assertThat(v.roleArn()).isNull();
        assertThat(v.response()).contains("<GetCallerIdentityResponse").contains("<Arn>" + BOB.arn() + "</Arn>");
        assertThat(sts.requests()).singleElement().satisfies(r -> {
            assertThat(r.getHeader(StsIdentityProof.BINDING_HEADER)).isEqualTo(BINDING);
            assertThat(r.getUrl()).contains("Action=GetCallerIdentity").contains("X-Amz-Signature=");
        });
    }

    @Test
    void theProofIsAPresignedGetWhoseSignatureCoversTheBindingHeader() throws Exception {
        Instant at = Instant.parse("2026-12-07T01:30:00Z");
        Proof proof = StsIdentityProof.sign(settings(BOB), BINDING, Duration.ofMinutes(10),
                Clock.fixed(at, ZoneOffset.UTC));

        assertThat(proof.method()).isEqualTo("GET");
        assertThat(proof.body()).isEmpty();
        assertThat(proof.headers()).containsExactly(Map.entry(StsIdentityProof.BINDING_HEADER, BINDING));
        assertThat(proof.binding()).isEqualTo(BINDING);
        assertThat(proof.url()).startsWith(sts.endpoint() + "/?")
                .contains("X-Amz-SignedHeaders=host%3Bx-runbook-approval")
                .contains("X-Amz-Date=20261207T013000Z").contains("X-Amz-Expires=600")
                .contains("X-Amz-Credential=" + BOB.accessKey() + "%2F20261207%2Fus-east-1%2Fsts%2Faws4_request")
                .doesNotContain(BOB.secretKey()).doesNotContain("wJalrXUtnFEMI");
        assertThat(proof.signedAt()).isEqualTo(at);
        assertThat(proof.expiresAt()).isEqualTo(at.plus(Duration.ofMinutes(10)));
        assertThat(sts.requests()).as("signing sends nothing").isEmpty();
    }

    @Test
    void withoutAnEndpointTheProofGoesToTheRegionalStsEndpointOrTheGlobalOne() throws Exception {
        Map<String, String> keys = BOB.env();
        AwsSettings none = new AwsSettings(null, null, null, Map.of(), keys, 2, Duration.ofMillis(5));

        assertThat(StsIdentityProof.sign(none.withRegion("eu-west-1"), BINDING, null).url())
                .startsWith("https://sts.eu-west-1.amazonaws.com/?").contains("%2Feu-west-1%2Fsts%2F");
        assertThat(StsIdentityProof.sign(none.withRegion("cn-north-1"), BINDING, null).url())
                .startsWith("https://sts.cn-north-1.amazonaws.com.cn/?");
        assertThat(StsIdentityProof.sign(none, BINDING, null).url())
                .startsWith("https://sts.amazonaws.com/?").contains("%2Fus-east-1%2Fsts%2F");
    }

    @Test
    void anAssumedRoleArnIsNormalisedToItsRole() throws Exception {
        Proof proof = signNow(ALICE, BINDING);
        assertThat(proof.url()).contains("X-Amz-Security-Token=");

        Verified v = StsIdentityProof.verify(settings(ALICE), proof, BINDING, Instant.now());

        assertThat(v.arn()).isEqualTo("arn:aws:sts::210987654321:assumed-role/dr-approver/alice");
        assertThat(v.roleArn()).isEqualTo("arn:aws:iam::210987654321:role/dr-approver");
        assertThat(v.account()).isEqualTo("210987654321");
        assertThat(v.toMap()).containsEntry("roleArn", "arn:aws:iam::210987654321:role/dr-approver")
                .containsEntry("arn", v.arn()).containsKey("response");
    }

    @Test
    void roleArnKnowsPartitionsAndLeavesOtherArnsAlone() {
        assertThat(StsIdentityProof.roleArn("arn:aws-cn:sts::123456789012:assumed-role/ops/i-0abc"))
                .isEqualTo("arn:aws-cn:iam::123456789012:role/ops");
        assertThat(StsIdentityProof.roleArn(
                "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123abcd/alice@example.com"))
                .isEqualTo("arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123abcd");
        assertThat(StsIdentityProof.roleArn("arn:aws:iam::123456789012:user/bob")).isNull();
        assertThat(StsIdentityProof.roleArn("arn:aws:iam::123456789012:root")).isNull();
        assertThat(StsIdentityProof.roleArn("arn:aws:sts::123456789012:federated-user/carol")).isNull();
        assertThat(StsIdentityProof.roleArn("arn:aws:sts::123456789012:assumed-role/no-session")).isNull();
    }

    @Test
    void aTamperedBindingHeaderIsRefusedHereAndByStsItself() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        String other = "sha256:0000000000000000000000000000000000000000000000000000000000000000;step=restore";
        Proof tampered = withHeaders(proof, Map.of(StsIdentityProof.BINDING_HEADER, other));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), tampered, BINDING, Instant.now()))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("the AWS approval is for '" + other + "', not for '" + BINDING
                        + "' (another plan or step)");
        assertThat(sts.requests()).as("refused before sending").isEmpty();

        // an executor that expected the tampered binding still gets no identity: the signature covers the header
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), tampered, other, Instant.now()))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("STS says the AWS approval's signature does not match its request: the "
                        + "approval file was altered after signing")
                .hasMessageContaining("SignatureDoesNotMatch");
        assertThat(sts.requests()).hasSize(1);
    }

    @Test
    void aTamperedSignatureIsRefusedBySts() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        String url = proof.url();
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(at) == 'a' ? 'b' : 'a';
        Proof tampered = withUrl(proof, url.substring(0, at) + flipped + url.substring(at + 1));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), tampered, BINDING, Instant.now()))
                .hasMessageStartingWith("STS says the AWS approval's signature does not match its request");
    }

    @Test
    void aProofForAnotherPlanOrStepIsRefusedWithoutAsking() throws Exception {
        Proof proof = signNow(BOB, BINDING);

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), proof, PLAN + ";step=failover",
                Instant.now()))
                .hasMessage("the AWS approval is for '" + BINDING + "', not for '" + PLAN
                        + ";step=failover' (another plan or step)");
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), proof, PLAN, Instant.now()))
                .hasMessageContaining("not for '" + PLAN + "'");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void anExpiredProofIsRefusedHereWithItsExpiryTime() throws Exception {
        Instant at = Instant.parse("2026-12-07T01:30:00Z");
        Proof proof = StsIdentityProof.sign(settings(BOB), BINDING, Duration.ofMinutes(10),
                Clock.fixed(at, ZoneOffset.UTC));
        sts.clock(at.plusSeconds(599));

        assertThat(StsIdentityProof.verify(settings(BOB), proof, BINDING, at.plusSeconds(599)).arn())
                .as("valid one second before it expires").isEqualTo(BOB.arn());
        sts.server.resetRequests();

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), proof, BINDING, at.plusSeconds(600)))
                .hasMessage("the AWS approval expired at 2026-12-07T01:40:00Z (signed at 2026-12-07T01:30:00Z, "
                        + "valid for 10 min; now 2026-12-07T01:40:00Z): ask the approver to run 'runbook approve' "
                        + "again");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void aProofWhoseStatedTimesDifferFromItsSignedRequestIsRefused() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        Proof later = new Proof(proof.method(), proof.url(), proof.headers(), proof.body(), proof.signedAt(),
                proof.expiresAt().plus(Duration.ofHours(5)));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), later, BINDING, Instant.now()))
                .hasMessageEndingWith(": the file was altered");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void aProofDatedInTheFutureIsRefused() throws Exception {
        Instant at = Instant.parse("2026-12-07T01:30:00Z");
        Proof proof = StsIdentityProof.sign(settings(BOB), BINDING, null, Clock.fixed(at, ZoneOffset.UTC));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), proof, BINDING, at.minusSeconds(301)))
                .hasMessageContaining("is dated 2026-12-07T01:30:00Z, after this machine's time");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void stsRefusesAProofOlderThanItsOwnFifteenMinutesWhateverTheValidity() throws Exception {
        Instant at = Instant.parse("2026-12-07T01:30:00Z");
        Proof proof = StsIdentityProof.sign(settings(BOB), BINDING, Duration.ofHours(1),
                Clock.fixed(at, ZoneOffset.UTC));
        sts.clock(at.plus(Duration.ofMinutes(16)));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), proof, BINDING,
                at.plus(Duration.ofMinutes(16))))
                .hasMessageStartingWith("STS says the AWS approval has expired: it accepts a presigned "
                        + "GetCallerIdentity for 15 minutes after signing (signed at 2026-12-07T01:30:00Z)")
                .hasMessageContaining("Signature expired");
    }

    @Test
    void aBindingHeaderOutsideTheSignatureIsRefused() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        Proof unsigned = withUrl(proof, proof.url().replace("X-Amz-SignedHeaders=host%3Bx-runbook-approval",
                "X-Amz-SignedHeaders=host"));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), unsigned, BINDING, Instant.now()))
                .hasMessage("the AWS approval's signature does not cover its x-runbook-approval header "
                        + "(X-Amz-SignedHeaders: host), so it could stand for any plan");
        Proof extra = withHeaders(proof, Map.of(StsIdentityProof.BINDING_HEADER, BINDING, "x-extra", "1"));
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), extra, BINDING, Instant.now()))
                .hasMessage("the AWS approval's header 'x-extra' is not covered by its signature");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void aRequestThatIsNotGetCallerIdentityIsRefused() throws Exception {
        Proof proof = signNow(BOB, BINDING);

        Proof assume = withUrl(proof, proof.url().replace("Action=GetCallerIdentity", "Action=AssumeRole"));
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), assume, BINDING, Instant.now()))
                .hasMessage("the AWS approval is a request for sts:AssumeRole (version 2011-06-15), not "
                        + "sts:GetCallerIdentity (version 2011-06-15)");
        Proof twice = withUrl(proof, proof.url().replace("Action=GetCallerIdentity",
                "Action=GetCallerIdentity&action=AssumeRole"));
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), twice, BINDING, Instant.now()))
                .hasMessage("the AWS approval's URL gives 'action' twice");
        Proof more = withUrl(proof, proof.url() + "&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx");
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), more, BINDING, Instant.now()))
                .hasMessage("the AWS approval's URL has a parameter 'RoleArn' that a presigned GetCallerIdentity "
                        + "does not have");
        Proof post = new Proof("POST", proof.url(), proof.headers(), "Action=GetCallerIdentity&Version=2011-06-15",
                proof.signedAt(), proof.expiresAt());
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), post, BINDING, Instant.now()))
                .hasMessageStartingWith("the AWS approval is a POST request with a body, not the presigned GET");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void aProofAddressedToAnotherHostIsRefusedAndNothingIsSent() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        // the same stand-in under another name: were it sent, the journal would show it
        Proof renamed = withUrl(proof, proof.url().replace("//127.0.0.1:", "//localhost:"));

        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), renamed, BINDING, Instant.now()))
                .hasMessageStartingWith("the AWS approval is addressed to host localhost:" + sts.server.port()
                        + ", which is not an STS endpoint")
                .hasMessageEndingWith("nothing was sent");
        try (StsStandIn impostor = new StsStandIn().know(BOB)) {
            Proof elsewhere = withUrl(proof, proof.url().replace(":" + sts.server.port() + "/",
                    ":" + impostor.server.port() + "/"));
            assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), elsewhere, BINDING, Instant.now()))
                    .hasMessageContaining("which is not an STS endpoint");
            assertThat(impostor.requests()).isEmpty();
        }
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void onlyHttpsStsHostsAndTheConfiguredEndpointAreSts() throws Exception {
        AwsSettings aws = new AwsSettings(null, "us-east-1", null, Map.of(), Map.of(), 1, Duration.ofMillis(5));
        for (String ok : new String[] {"https://sts.amazonaws.com/", "https://sts.eu-west-1.amazonaws.com/",
            "https://STS.US-EAST-1.AMAZONAWS.COM/", "https://sts-fips.us-gov-west-1.amazonaws.com/",
            "https://sts.cn-northwest-1.amazonaws.com.cn/", "https://sts.ap-southeast-3.amazonaws.com:443/"}) {
            assertThat(StsIdentityProof.hostProblem(aws, URI.create(ok))).as(ok).isNull();
        }
        for (String bad : new String[] {"http://sts.amazonaws.com/", "https://sts.amazonaws.com.evil.example/",
            "https://evilsts.amazonaws.com/", "https://sts.amazonaws.com:8443/", "https://a@sts.amazonaws.com/",
            "https://sts.amazonaws.com/x", "https://sts.evil.amazonaws.com/", "https://sts.eu-west-1.amazonaws.co/",
            "https://s3.amazonaws.com/", "https://sts.us-east-1.amazonaws.com.cn/", "http://127.0.0.1:8080/"}) {
            assertThat(StsIdentityProof.hostProblem(aws, URI.create(bad))).as(bad).isNotNull();
        }
        AwsSettings local = aws.withEndpoint("sts", URI.create("http://127.0.0.1:4566"));
        assertThat(StsIdentityProof.hostProblem(local, URI.create("http://127.0.0.1:4566/"))).isNull();
        assertThat(StsIdentityProof.hostProblem(local, URI.create("http://127.0.0.1:4567/"))).isNotNull();
        assertThat(StsIdentityProof.hostProblem(local, URI.create("https://127.0.0.1:4566/"))).isNotNull();
        AwsSettings fromEnv = new AwsSettings(null, "us-east-1", null, Map.of(),
                Map.of("AWS_ENDPOINT_URL_STS", "http://localhost:4566"), 1, Duration.ofMillis(5));
        assertThat(StsIdentityProof.hostProblem(fromEnv, URI.create("http://localhost:4566/"))).isNull();
        AwsSettings broken = new AwsSettings(null, "us-east-1", null, Map.of(),
                Map.of("AWS_ENDPOINT_URL_STS", "localhost:4566"), 1, Duration.ofMillis(5));
        assertThatThrownBy(() -> StsIdentityProof.hostProblem(broken, URI.create("https://sts.amazonaws.com/")))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("the STS endpoint configured by AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL is "
                        + "unusable: 'localhost:4566' is not an http:// or https:// URL with a host");
    }

    @Test
    void stsRefusalsAreSaidInPlainWords() throws Exception {
        StsStandIn.Principal gone = new StsStandIn.Principal("AKIAIOSFODNN7DELETED", "secret-of-a-deleted-key",
                null, "arn:aws:iam::123456789012:user/gone", "AIDAGONE", "123456789012");
        Proof unknown = signNow(gone, BINDING);
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), unknown, BINDING, Instant.now()))
                .hasMessageStartingWith("STS does not know the access key or session token that signed the AWS "
                        + "approval")
                .hasMessageContaining("InvalidClientTokenId");

        StsStandIn.Principal expiring = new StsStandIn.Principal("ASIAIOSFODNN7EXPIRED", "secret-of-a-session",
                "session-token", "arn:aws:sts::123456789012:assumed-role/dr-approver/dave", "AROA:dave",
                "123456789012");
        sts.know(expiring);
        sts.expireSession(expiring.accessKey());
        Proof lapsed = signNow(expiring, BINDING);
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), lapsed, BINDING, Instant.now()))
                .hasMessageStartingWith("STS says the approver's temporary credentials have expired, and the "
                        + "approval with them")
                .hasMessageContaining("ExpiredToken");
    }

    @Test
    void throttlingAndUnavailabilityAreRetriedWithinTheAttempts() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        sts.busy(1, 503, "ServiceUnavailable");

        assertThat(StsIdentityProof.verify(settings(BOB), proof, BINDING, Instant.now()).arn()).isEqualTo(BOB.arn());
        assertThat(sts.requests()).hasSize(2);

        sts.server.resetRequests();
        sts.busy(2, 400, "Throttling");
        assertThatThrownBy(() -> StsIdentityProof.verify(settings(BOB), proof, BINDING, Instant.now()))
                .hasMessage("STS refused the AWS approval (Throttling: Rate exceeded)");
        assertThat(sts.requests()).as("settings allow two attempts").hasSize(2);
    }

    @Test
    void anUnreachableStsSaysSoAndWhere() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        AwsSettings s = new AwsSettings(null, "us-east-1", null,
                Map.of("sts", URI.create("http://127.0.0.1:" + closed)), BOB.env(), 1, Duration.ofMillis(5));
        Proof proof = StsIdentityProof.sign(s, BINDING, null);

        assertThatThrownBy(() -> StsIdentityProof.verify(s, proof, BINDING, Instant.now()))
                .hasMessageStartingWith("cannot reach STS at http://127.0.0.1:" + closed
                        + " to verify the AWS approval (")
                .hasMessageEndingWith("check the network, --endpoint-url and --region");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (WireMockAws target = new WireMockAws(); WireMockAws redirecting = new WireMockAws()) {
            redirecting.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(307)
                    .withHeader("Location", target.endpoint() + "/")));
            target.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                    .withBody("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/x</Arn>"
                            + "<Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")));
            AwsSettings s = new AwsSettings(null, "us-east-1", null, Map.of("sts", redirecting.endpoint()),
                    BOB.env(), 1, Duration.ofMillis(5));
            Proof proof = StsIdentityProof.sign(s, BINDING, null);

            assertThatThrownBy(() -> StsIdentityProof.verify(s, proof, BINDING, Instant.now()))
                    .hasMessageStartingWith("STS answered the AWS approval with a redirect (HTTP 307)");
            assertThat(target.requests()).isEmpty();
        }
    }

    @Test
    void aProofSurvivesItsJsonForm() throws Exception {
        Proof proof = signNow(ALICE, BINDING);
        Map<String, Object> map = proof.toMap();

        assertThat(map.keySet()).containsExactly("method", "url", "headers", "body", "signedAt", "expiresAt");
        assertThat(map.get("signedAt")).isEqualTo(proof.signedAt().toString());
        ObjectMapper json = new ObjectMapper();
        Proof back = Proof.fromMap(json.readValue(json.writeValueAsString(map), new TypeReference<>() { }));
        assertThat(back).isEqualTo(proof);
        assertThat(StsIdentityProof.verify(settings(ALICE), back, BINDING, Instant.now()).arn())
                .isEqualTo(ALICE.arn());
    }

    @Test
    void aMalformedProofNamesItsField() {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("method", "GET", "url", "https://sts.amazonaws.com/",
                "headers", Map.of(), "signedAt", "2026-12-07T01:30:00Z", "expiresAt", "soon"));
        assertThatThrownBy(() -> Proof.fromMap(m))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("the AWS approval's 'expiresAt' is not an ISO-8601 instant: soon");
        m.remove("url");
        assertThatThrownBy(() -> Proof.fromMap(m)).hasMessage("the AWS approval has no 'url' string");
        m.put("url", "https://sts.amazonaws.com/");
        m.put("headers", Map.of("x-runbook-approval", 7));
        assertThatThrownBy(() -> Proof.fromMap(m)).hasMessageStartingWith("the AWS approval's 'headers' must map");
    }

    @Test
    void signingRefusesABadBindingOrValidity() {
        assertThatThrownBy(() -> signNow(BOB, "sha256:abc; step=x"))
                .hasMessageStartingWith("the approval binding must be 1 to 1024 visible ASCII characters");
        assertThatThrownBy(() -> signNow(BOB, ""))
                .hasMessageStartingWith("the approval binding must be");
        assertThatThrownBy(() -> StsIdentityProof.sign(settings(BOB), BINDING, Duration.ofMinutes(61)))
                .hasMessage("an AWS approval is valid for 1 second to 60 minutes, not 3660 s");
        assertThatThrownBy(() -> StsIdentityProof.sign(settings(BOB), BINDING, Duration.ZERO))
                .hasMessage("an AWS approval is valid for 1 second to 60 minutes, not 0 s");
    }

    @Test
    void signingWithoutCredentialsSaysHowToLogIn(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile approver]\nregion = us-east-1\n");
        AwsSettings s = new AwsSettings("approver", null, null, Map.of("sts", sts.endpoint()),
                Map.of("HOME", home.toString()), 1, Duration.ofMillis(5));

        assertThatThrownBy(() -> StsIdentityProof.sign(s, BINDING, null))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("no usable AWS credentials for sts:GetCallerIdentity: log in");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProofIsReadAndWrittenWithoutTheAwsSdk() throws Exception {
        Proof proof = signNow(BOB, BINDING);
        URL classes = Proof.class.getProtectionDomain().getCodeSource().getLocation();
        // only the project's classes, over the JDK: any SDK class a Proof touched would fail to load
        try (URLClassLoader bare = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> bare.loadClass("software.amazon.awssdk.http.SdkHttpRequest"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> type = bare.loadClass(Proof.class.getName());
            Object read = type.getMethod("fromMap", Map.class).invoke(null, proof.toMap());
            assertThat(type.getMethod("binding").invoke(read)).isEqualTo(BINDING);
            assertThat((Map<String, Object>) type.getMethod("toMap").invoke(read)).isEqualTo(proof.toMap());
            Class<?> verified = bare.loadClass(Verified.class.getName());
            Object v = verified.getConstructors()[0].newInstance("arn", "1", "u", null, "<x/>");
            assertThat((Map<String, Object>) verified.getMethod("toMap").invoke(v)).containsEntry("arn", "arn");
        }
    }

    static Proof withUrl(Proof p, String url) {
        return new Proof(p.method(), url, p.headers(), p.body(), p.signedAt(), p.expiresAt());
    }

    static Proof withHeaders(Proof p, Map<String, String> headers) {
        return new Proof(p.method(), p.url(), headers, p.body(), p.signedAt(), p.expiresAt());
    }
}
