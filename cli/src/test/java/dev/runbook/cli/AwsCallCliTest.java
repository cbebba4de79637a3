package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws.call} through Main: validate checks service, operation and parameter names against the build's model
 * (file:line:column, did you mean), a dry-run shows the request and sends none, and a run calls the stand-in and
 * hands {@code outputs.response} to the next step.
 */
class AwsCallCliTest {
    private static WireMockServer aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        aws = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
    }

    @AfterAll
    static void stop() {
        aws.stop();
    }

    @BeforeEach
    void reset() {
        aws.resetAll();
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(AwsRunTest.IDENTITY)));
    }

    private Path runbook(String steps) throws IOException {
        Path f = dir.resolve("call.yaml");
        Files.writeString(f, "runbook: 1\nname: call\nparameters:\n  table: { type: string, default: orders }\n"
                + "steps:\n" + steps);
        return f;
    }

    private static Cli withKeys() {
        return cli().env("AWS_ACCESS_KEY_ID", "dummy").env("AWS_SECRET_ACCESS_KEY", "dummy");
    }

    @Test
    void validateNamesEachUnknownNameWhereItIsWrittenWithASuggestion() throws Exception {
        Path file = runbook("""
                  - id: a
                    action: aws.call
                    with: { service: dynamo, operation: DescribeTable }
                  - id: b
                    action: aws.call
                    with:
                      service: dynamodb
                      operation: DescribeTabel
                  - id: c
                    action: aws.call
                    with:
                      service: rds
                      operation: describe-db-clusters
                      parameters:
                        DBClusterIdentifer: '${{ params.table }}'
                        Filters:
                          - { Name: engine, Valus: [aurora-postgresql] }
                        MaxRecords: lots
                  - id: d
                    action: aws.call
                    confirm: true
                    with:
                      service: dynamodb
                      operation: DeleteTable
                      mutating: false
                      parameters: { TableName: '${{ params.table }}' }
                """);

        Cli.Result r = cli().run("validate", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        String f = file.toString();
        assertThat(r.out() + r.err())
                .contains(f + ":8:22: input 'service' of action 'aws.call': unknown AWS service 'dynamo', did you "
                        + "mean 'dynamodb'?")
                .contains(f + ":13:18: input 'operation' of action 'aws.call': dynamodb has no operation "
                        + "'DescribeTabel', did you mean 'DescribeTable'?")
                .contains(f + ":20:9: input 'parameters' of action 'aws.call': rds:DescribeDBClusters has no "
                        + "parameter 'DBClusterIdentifer', did you mean 'DBClusterIdentifier'?")
                .contains(f + ":22:29: input 'parameters' of action 'aws.call': Filter has no member 'Valus', did "
                        + "you mean 'Values'?")
                .contains(f + ":23:21: input 'parameters' of action 'aws.call': rds:DescribeDBClusters parameter "
                        + "'MaxRecords' must be an integer, got 'lots'")
                .contains(f + ":30:17: input 'mutating' of action 'aws.call': dynamodb:DeleteTable changes things");
    }

    @Test
    void aValidCallValidatesAndItsDryRunShowsTheRequestAndSendsNone() throws Exception {
        Path file = runbook("""
                  - id: backups
                    action: aws.call
                    with:
                      service: dynamodb
                      operation: list-backups
                      parameters: { TableName: '${{ params.table }}', Limit: 5 }
                """);

        Cli.Result valid = cli().run("validate", file.toString());
        Cli.Result dry = withKeys().run("run", file.toString(), "--dry-run", "--region", "us-east-1",
                "--endpoint-url", "http://127.0.0.1:" + aws.port());

        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("backups [read-only]")
                .contains("dynamodb:ListBackups {\"TableName\":\"orders\",\"Limit\":5}");
        aws.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRunCallsTheServiceAndTheNextStepReadsTheResponse() throws Exception {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.DescribeSecret"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-a1\","
                                + "\"Name\":\"db\",\"ReplicationStatus\":[{\"Region\":\"eu-west-1\","
                                + "\"Status\":\"InSync\"}]}")));
        Path file = runbook("""
                  - id: secret
                    action: aws.call
                    with:
                      service: secretsmanager
                      operation: DescribeSecret
                      parameters: { SecretId: db }
                  - id: insync
                    needs: [secret]
                    action: assert
                    with:
                      that: '${{ steps.secret.outputs.response.ReplicationStatus[0].Status == "InSync" }}'
                """);

        Cli.Result r = withKeys().run("run", file.toString(), "--region", "us-east-1",
                "--endpoint-url", "http://127.0.0.1:" + aws.port());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.DescribeSecret")).withRequestBody(equalToJson("{\"SecretId\":\"db\"}")));
    }

    @Test
    void theActionsCommandDescribesAwsCall() {
        Cli.Result r = cli().run("actions", "aws.call");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("aws.call").contains("service").contains("operation").contains("parameters")
                .contains("mutating").contains("response");
    }
}
