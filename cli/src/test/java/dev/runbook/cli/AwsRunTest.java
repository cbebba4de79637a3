package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.runbook.actions.aws.DynamoDbLocal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small runbooks through Main against the stand-ins: STS on WireMock (the caller identity shown at run start),
 * DynamoDB on DynamoDB Local, reached with --endpoint; and the options' bad input.
 */
@ExtendWith(DynamoDbLocal.class)
class AwsRunTest {
    static final String IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/op</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
            + "</ResponseMetadata></GetCallerIdentityResponse>";
    private static WireMockServer sts;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sts = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        sts.start();
    }

    @AfterAll
    static void stop() {
        sts.stop();
    }

    @BeforeEach
    void identity() {
        sts.resetAll();
        sts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(IDENTITY)));
    }

    private Path runbook(String steps) throws IOException {
        Path f = dir.resolve("aws.yaml");
        Files.writeString(f, "runbook: 1\nname: aws-check\nparameters:\n  table: { type: string, required: true }\n"
                + "steps:\n" + steps);
        return f;
    }

    private static Cli withKeys() {
        return cli().env("AWS_ACCESS_KEY_ID", "dummy").env("AWS_SECRET_ACCESS_KEY", "dummy");
    }

    private static String[] args(Path file, String... more) {
        String[] base = {"run", file.toString(), "--region", "us-east-1",
            "--endpoint", "sts=http://127.0.0.1:" + sts.port(),
            "--endpoint", "dynamodb=" + DynamoDbLocal.endpoint()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aRunShowsTheAccountRegionAndCallerBeforeAnyPromptThenActs() throws Exception {
        String table = "locks-" + UUID.randomUUID().toString().substring(0, 8);
        createLockTable(table);
        Path file = runbook("""
                  - id: who
                    action: aws.sts.get-caller-identity
                  - id: lock
                    action: aws.dynamodb.acquire-lock
                    with: { table: '${{ params.table }}', lock: drill, owner: alice }
                    confirm: true
                  - id: unlock
                    action: aws.dynamodb.release-lock
                    with: { table: '${{ params.table }}', lock: drill, owner: alice }
                """);

        Cli.Result r = withKeys().terminal(true).stdin("y\n").run(args(file, "-p", "table=" + table));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String line = "you are about to act on account 123456789012 in us-east-1 as arn:aws:iam::123456789012:user/op";
        assertThat(r.out()).contains(line);
        assertThat(r.out().indexOf(line)).isLessThan(r.out().indexOf("[y/N]"));
        assertThat(r.out().indexOf(line)).isLessThan(r.out().indexOf("who"));
        sts.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")));
    }

    @Test
    void theJsonOutputAndTheAuditLogCarryTheCallerIdentityAsTheActor() throws Exception {
        Path file = runbook("""
                  - id: who
                    action: aws.sts.get-caller-identity
                """);

        Path log = dir.resolve("audit.jsonl");
        Cli.Result r = withKeys().env("RUNBOOK_AUDIT_LOG", log.toString())
                .run(args(file, "-p", "table=x", "--output", "json"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String actorRecord = Files.readAllLines(log).stream().filter(l -> l.contains("\"event\":\"actor-identified\""))
                .findFirst().orElseThrow(() -> new AssertionError("no actor-identified record in the audit log"));
        assertThat(actorRecord).contains("\"aws\":\"arn:aws:iam::123456789012:user/op\"")
                .contains("\"account\":\"123456789012\"").contains("\"region\":\"us-east-1\"");
        assertThat(r.out()).contains("{\"event\":\"actor-identified\"")
                .contains("\"actor\":\"arn:aws:iam::123456789012:user/op\",\"account\":\"123456789012\","
                        + "\"region\":\"us-east-1\"");
    }

    @Test
    void aDryRunShowsTheExactRequestsAndSendsNone() throws Exception {
        Path file = runbook("""
                  - id: describe
                    action: aws.dynamodb.describe-table
                    with: { table: '${{ params.table }}' }
                  - id: restore
                    action: aws.dynamodb.restore-table-to-point-in-time
                    with: { source: '${{ params.table }}', target: '${{ params.table }}-copy', time: latest }
                """);

        Cli.Result r = withKeys().run(args(file, "-p", "table=orders", "--dry-run"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("dynamodb:DescribeTable {\"TableName\":\"orders\"}")
                .contains("then dynamodb:RestoreTableToPointInTime {\"SourceTableName\":\"orders\","
                        + "\"TargetTableName\":\"orders-copy\",\"UseLatestRestorableTime\":true}")
                .doesNotContain("you are about to act");
        sts.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aPreflightPlansAMutatingStepWithTheAccountItIdentified() throws Exception {
        Path file = runbook("""
                  - id: lock
                    action: aws.dynamodb.acquire-lock
                    with: { table: '${{ params.table }}', lock: drill, owner: alice }
                """);

        Cli.Result r = withKeys().run(args(file, "-p", "table=locks", "--preflight"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("   governs: region: us-east-1 \u00B7 account: 123456789012");
    }

    @Test
    void aMissingTableFailsTheStepWithExitOne() throws Exception {
        Path file = runbook("""
                  - id: describe
                    action: aws.dynamodb.describe-table
                    with: { table: '${{ params.table }}' }
                """);

        Cli.Result r = withKeys().run(args(file, "-p", "table=no-such-table"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("table 'no-such-table' not found (dynamodb:DescribeTable");
    }

    @Test
    void missingCredentialsStopTheRunBeforeAnythingIsAttempted() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path file = runbook("""
                  - id: delete
                    action: aws.dynamodb.delete-table
                    with: { table: '${{ params.table }}' }
                """);

        Cli.Result r = cli().env("HOME", dir.toString()).env("AWS_CONFIG_FILE", empty.toString())
                .env("AWS_SHARED_CREDENTIALS_FILE", empty.toString()).run(args(file, "-p", "table=orders", "--yes"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("cannot tell who this run acts as: no usable AWS credentials for "
                + "sts:GetCallerIdentity").contains("aws sso login --profile").contains("1 not-run");
        sts.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUnknownServiceInEndpointIsInvalidInput() throws Exception {
        Path file = runbook("  - id: who\n    action: aws.sts.get-caller-identity\n");

        Cli.Result r = withKeys().run("run", file.toString(), "--endpoint", "dynamo=http://127.0.0.1:1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--endpoint: unknown AWS service 'dynamo' (known: apigateway, appconfig, "
                + "application-autoscaling, cloudwatch, dynamodb, ecs, lambda, logs, rds, route53, s3, secretsmanager, "
                + "ssm, sts)");
    }

    @Test
    void anEndpointThatIsNotAUrlIsInvalidInput() throws Exception {
        Path file = runbook("  - id: who\n    action: aws.sts.get-caller-identity\n");

        Cli.Result r = withKeys().run("run", file.toString(), "--endpoint-url", "localhost:4566");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--endpoint-url: 'localhost:4566' is not an http:// or https:// URL with a host");
    }

    @Test
    void aRunbookWithoutAwsActionsAsksNobodyWhoWeAre() throws Exception {
        Path file = runbook("  - id: nap\n    action: sleep\n    with: { duration: 1ms }\n");

        Cli.Result r = withKeys().run(args(file, "-p", "table=x"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        sts.verify(0, anyRequestedFor(anyUrl()));
    }

    private static void createLockTable(String table) throws Exception {
        try (var clients = new dev.runbook.actions.aws.AwsClients(new dev.runbook.actions.aws.AwsSettings(null,
                "us-east-1", DynamoDbLocal.endpoint(), java.util.Map.of(), java.util.Map.of("AWS_ACCESS_KEY_ID",
                "dummy", "AWS_SECRET_ACCESS_KEY", "dummy"), 1, java.time.Duration.ofMillis(5)))) {
            clients.dynamoDb().createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                            .attributeName("lockId").attributeType("S").build())
                    .keySchema(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                            .attributeName("lockId").keyType("HASH").build()));
        }
    }
}
