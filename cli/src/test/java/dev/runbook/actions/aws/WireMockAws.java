package dev.runbook.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;

/** A WireMock server on a free loopback port, with helpers for AWS's JSON 1.0 (DynamoDB) and 1.1 (SSM) protocols. */
final class WireMockAws implements AutoCloseable {
    final WireMockServer server;

    WireMockAws() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<operation>}. */
    static MappingBuilder dynamo(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation));
    }

    /** {@code POST /} with {@code X-Amz-Target: AmazonSSM.<operation>}. */
    static MappingBuilder ssm(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM." + operation));
    }

    static ResponseDefinitionBuilder json10(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    static ResponseDefinitionBuilder json11(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** An AWS JSON-protocol error: {@code {"__type": "...#Code", "message": "..."}}. */
    static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-ErrorType", code)
                .withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + message
                        + "\"}");
    }

    /** A REST-JSON error (Lambda, AppConfig): the code in {@code x-amzn-ErrorType}. */
    static ResponseDefinitionBuilder restError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/")
                .withBody("{\"Type\":\"User\",\"Message\":\"" + message + "\",\"message\":\"" + message + "\"}");
    }

    /** A query-protocol (STS, CloudWatch) or REST-XML (Route 53) error. */
    static ResponseDefinitionBuilder xmlError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>");
    }

    List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    /** The X-Amz-Target operations received, in order. */
    List<String> targets() {
        return requests().stream().map(r -> {
            String t = r.getHeader("X-Amz-Target");
            return t == null ? r.getMethod() + " " + r.getUrl() : t.substring(t.indexOf('.') + 1);
        }).toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
