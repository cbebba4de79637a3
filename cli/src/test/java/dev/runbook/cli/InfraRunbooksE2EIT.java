package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped rds-point-in-time-restore and regional-failover-execution runbooks run for real through Main,
 * non-interactively, against WireMock answering RDS (query protocol), Route 53 (REST XML), SSM (JSON 1.1) and STS
 * as AWS documents them; and their dry-runs load no AWS SDK class.
 */
class InfraRunbooksE2EIT {
    private static final Instant NOW = Instant.parse("2026-11-22T04:30:00Z");
    private static final String RDS = "xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"";
    private static final String R53 = "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"";
    private static final String TARGET = "orders-db-restored-20261122-0430";
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
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")).willReturn(xml(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::123456789012:user/op</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012"
                        + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")));
    }

    private static Cli.Result run(String runbook, String... more) {
        List<String> args = new ArrayList<>(List.of("run",
                RepoPaths.repo().resolve("runbooks-yaml/" + runbook + ".yaml").toString(),
                "--region", "us-east-1", "--yes", "--ack", "all"));
        for (String service : List.of("sts", "rds", "route53", "ssm", "cloudwatch")) {
            args.add("--endpoint");
            args.add(service + "=http://127.0.0.1:" + aws.port());
        }
        args.addAll(List.of(more));
        return cli().env("AWS_ACCESS_KEY_ID", "dummy").env("AWS_SECRET_ACCESS_KEY", "dummy").env("AWS_MAX_ATTEMPTS", "1")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).run(args.toArray(String[]::new));
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    private static ResponseDefinitionBuilder notFound(String code, String message) {
        return aResponse().withStatus(404).withHeader("Content-Type", "text/xml").withBody("<ErrorResponse " + RDS
                + "><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>r-1</RequestId></ErrorResponse>");
    }

    private static MappingBuilder rds(String operation, String name, String value) {
        MappingBuilder b = post(urlEqualTo("/")).withFormParam("Action", equalTo(operation));
        return name == null ? b : b.withFormParam(name, equalTo(value));
    }

    private static String rdsResponse(String operation, String result) {
        return "<" + operation + "Response " + RDS + "><" + operation + "Result>" + result + "</" + operation
                + "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + operation + "Response>";
    }

    private static String cluster(String id, String status, String writer) {
        return "<DBCluster><DBClusterIdentifier>" + id + "</DBClusterIdentifier><Status>" + status + "</Status>"
                + "<EarliestRestorableTime>2026-11-15T04:00:00Z</EarliestRestorableTime>"
                + "<LatestRestorableTime>2026-11-22T04:25:00Z</LatestRestorableTime>"
                + "<Endpoint>" + id + ".cluster-abc.us-east-1.rds.amazonaws.com</Endpoint><Port>5432</Port>"
                + "<Engine>aurora-postgresql</Engine><EngineVersion>16.4</EngineVersion><DBClusterMembers>"
                + (writer == null ? "" : "<DBClusterMember><DBInstanceIdentifier>" + writer + "</DBInstanceIdentifier>"
                        + "<IsClusterWriter>true</IsClusterWriter></DBClusterMember>")
                + "</DBClusterMembers><DBClusterArn>arn:aws:rds:us-east-1:123456789012:cluster:" + id
                + "</DBClusterArn><TagList><Tag><Key>runbook:restored-from</Key><Value>orders-db</Value></Tag></TagList>"
                + "</DBCluster>";
    }

    private static String instance(String id, String status, String cluster) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><DBInstanceClass>db.r6g.large"
                + "</DBInstanceClass><Engine>aurora-postgresql</Engine><DBInstanceStatus>" + status
                + "</DBInstanceStatus><DBClusterIdentifier>" + cluster + "</DBClusterIdentifier></DBInstance>";
    }

    private static ResponseDefinitionBuilder json11(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    @Test
    void rdsPointInTimeRestoreRestoresTheClusterCreatesItsWriterAndRepointsTheParameter() {
        // given: the source cluster, a target that exists once restored, and the SSM parameter
        aws.stubFor(rds("DescribeDBClusters", "DBClusterIdentifier", "orders-db").willReturn(xml(rdsResponse(
                "DescribeDBClusters", "<DBClusters>" + cluster("orders-db", "available", "orders-db-1")
                        + "</DBClusters>"))));
        aws.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier", "orders-db-1").willReturn(xml(rdsResponse(
                "DescribeDBInstances", "<DBInstances>" + instance("orders-db-1", "available", "orders-db")
                        + "</DBInstances>"))));
        aws.stubFor(rds("DescribeDBClusters", "DBClusterIdentifier", TARGET).inScenario("restore")
                .whenScenarioStateIs(STARTED).willReturn(notFound("DBClusterNotFoundFault", "not found")));
        aws.stubFor(rds("RestoreDBClusterToPointInTime", null, null).inScenario("restore")
                .willReturn(xml(rdsResponse("RestoreDBClusterToPointInTime", cluster(TARGET, "creating", null))))
                .willSetStateTo("restored"));
        aws.stubFor(rds("DescribeDBInstances", "DBInstanceIdentifier", TARGET + "-1").inScenario("restore")
                .whenScenarioStateIs("restored").willReturn(notFound("DBInstanceNotFound", "not found")));
        aws.stubFor(rds("CreateDBInstance", null, null).inScenario("restore").willReturn(xml(rdsResponse(
                "CreateDBInstance", instance(TARGET + "-1", "creating", TARGET)))).willSetStateTo("created"));
        aws.stubFor(rds("DescribeDBClusters", "DBClusterIdentifier", TARGET).inScenario("restore")
                .whenScenarioStateIs("created").willReturn(xml(rdsResponse("DescribeDBClusters", "<DBClusters>"
                        + cluster(TARGET, "available", TARGET + "-1") + "</DBClusters>"))));
        aws.stubFor(rds("DescribeDBInstances", "Filters.Filter.1.Name", "db-cluster-id").willReturn(xml(rdsResponse(
                "DescribeDBInstances", "<DBInstances>" + instance(TARGET + "-1", "available", TARGET)
                        + "</DBInstances>"))));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .willReturn(json11("{\"Parameter\":{\"Name\":\"/orders/db-host\",\"Type\":\"String\",\"Value\":"
                        + "\"orders-db.cluster-abc.us-east-1.rds.amazonaws.com\",\"Version\":4}}")));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.PutParameter"))
                .willReturn(json11("{\"Version\":5,\"Tier\":\"Standard\"}")));

        // when
        Cli.Result r = run("rds-point-in-time-restore", "-p", "source=orders-db", "-p",
                "restoreTime=2026-11-22T03:55:00Z", "-p", "ssmParameter=/orders/db-host",
                "--confirm", "data-loss=orders-db");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("creating writer instance " + TARGET + "-1 (db.r6g.large)");
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing(
                "Action=RestoreDBClusterToPointInTime&Version=2014-10-31&DBClusterIdentifier=" + TARGET
                        + "&RestoreType=full-copy&SourceDBClusterIdentifier=orders-db"
                        + "&RestoreToTime=2026-11-22T03%3A55%3A00Z")));
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateDBInstance"))
                .withRequestBody(containing("Engine=aurora-postgresql"))
                .withRequestBody(containing("DBClusterIdentifier=" + TARGET)));
        aws.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.PutParameter"))
                .withRequestBody(matchingJsonPath("$.Value", equalTo(TARGET
                        + ".cluster-abc.us-east-1.rds.amazonaws.com"))));
    }

    private static String record(String id, String role, String ip, String healthCheck) {
        return "<ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><SetIdentifier>" + id
                + "</SetIdentifier><Failover>" + role + "</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord>"
                + "<Value>" + ip + "</Value></ResourceRecord></ResourceRecords><HealthCheckId>" + healthCheck
                + "</HealthCheckId></ResourceRecordSet>";
    }

    private static String records(String primaryIp) {
        return "<ListResourceRecordSetsResponse " + R53 + "><ResourceRecordSets>"
                + record("primary", "PRIMARY", primaryIp, primaryIp.equals("192.0.2.10") ? "hc-primary" : "hc-dr")
                + record("secondary", "SECONDARY", "198.51.100.20", "hc-dr")
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
                + "</ListResourceRecordSetsResponse>";
    }

    private static String change(String op, String id, String status) {
        return "<" + op + "Response " + R53 + "><ChangeInfo><Id>/change/" + id + "</Id><Status>" + status + "</Status>"
                + "<SubmittedAt>2026-11-22T04:30:00Z</SubmittedAt></ChangeInfo></" + op + "Response>";
    }

    private static String answer(String ip) {
        return "<TestDNSAnswerResponse " + R53 + "><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>"
                + "api.example.com</RecordName><RecordType>A</RecordType><RecordData><RecordDataEntry>" + ip
                + "</RecordDataEntry></RecordData><ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol>"
                + "</TestDNSAnswerResponse>";
    }

    private static String healthy() {
        return "<GetHealthCheckStatusResponse " + R53 + "><HealthCheckObservations><HealthCheckObservation><Region>"
                + "us-east-1</Region><IPAddress>15.177.2.1</IPAddress><StatusReport><Status>Success: HTTP Status Code "
                + "200, OK</Status><CheckedTime>2026-11-22T04:30:00Z</CheckedTime></StatusReport>"
                + "</HealthCheckObservation></HealthCheckObservations></GetHealthCheckStatusResponse>";
    }

    @Test
    void regionalFailoverExecutionFlipsThePrimaryRecordWaitsInsyncAndRebalances() {
        // given: the pair of failover records, which the flip and the rebalance change
        String rrset = "/2013-04-01/hostedzone/Z0123456789ABC/rrset";
        aws.stubFor(get(urlPathEqualTo(rrset)).inScenario("dns").whenScenarioStateIs(STARTED)
                .willReturn(xml(records("192.0.2.10"))));
        aws.stubFor(post(urlEqualTo(rrset + "/")).inScenario("dns").whenScenarioStateIs(STARTED)
                .willReturn(xml(change("ChangeResourceRecordSets", "C1", "PENDING"))).willSetStateTo("flipped"));
        aws.stubFor(get(urlPathEqualTo(rrset)).inScenario("dns").whenScenarioStateIs("flipped")
                .willReturn(xml(records("198.51.100.20"))));
        aws.stubFor(post(urlEqualTo(rrset + "/")).inScenario("dns").whenScenarioStateIs("flipped")
                .willReturn(xml(change("ChangeResourceRecordSets", "C2", "PENDING"))).willSetStateTo("back"));
        aws.stubFor(get(urlPathEqualTo("/2013-04-01/testdnsanswer")).inScenario("dns").whenScenarioStateIs("flipped")
                .willReturn(xml(answer("198.51.100.20"))));
        aws.stubFor(get(urlPathEqualTo("/2013-04-01/testdnsanswer")).inScenario("dns").whenScenarioStateIs("back")
                .willReturn(xml(answer("192.0.2.10"))));
        for (String id : List.of("C1", "C2")) {
            aws.stubFor(get(urlEqualTo("/2013-04-01/change/" + id)).willReturn(xml(change("GetChange", id,
                    "INSYNC"))));
        }
        for (String hc : List.of("hc-primary", "hc-dr")) {
            aws.stubFor(get(urlEqualTo("/2013-04-01/healthcheck/" + hc + "/status")).willReturn(xml(healthy())));
        }

        // when
        Cli.Result r = run("regional-failover-execution", "-p", "hostedZone=Z0123456789ABC", "-p",
                "recordName=api.example.com", "--confirm", "decide=api.example.com", "--confirm",
                "primary-recovered=api.example.com");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("api.example.com. A [primary]: [primary, PRIMARY, health check hc-primary] "
                + "192.0.2.10 (ttl 60) -> [primary, PRIMARY, health check hc-dr] 198.51.100.20 (ttl 60)");
        List<LoggedRequest> changes = aws.findAll(postRequestedFor(urlEqualTo(rrset + "/")));
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).getBodyAsString()).contains("<Action>UPSERT</Action>")
                .contains("<SetIdentifier>primary</SetIdentifier>").contains("<Value>198.51.100.20</Value>")
                .contains("<HealthCheckId>hc-dr</HealthCheckId>");
        assertThat(changes.get(1).getBodyAsString()).contains("<Action>UPSERT</Action>")
                .contains("<Value>192.0.2.10</Value>").contains("<HealthCheckId>hc-primary</HealthCheckId>");
    }

    @Test
    void theDryRunsOfBothRunbooksLoadNoAwsSdkClass() throws Exception {
        for (List<String> args : List.of(
                List.of("rds-point-in-time-restore", "-p", "source=orders-db", "-p", "restoreTime=now-30m"),
                List.of("regional-failover-execution", "-p", "hostedZone=Z0123456789ABC", "-p",
                        "recordName=api.example.com", "-p", "globalCluster=orders-global", "-p",
                        "drClusterArn=arn:aws:rds:us-west-2:123456789012:cluster:orders-dr"))) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-verbose:class", "-jar", RepoPaths.jar().toString(), "run", "--dry-run",
                    RepoPaths.repo().resolve("runbooks-yaml/" + args.get(0) + ".yaml").toString(),
                    "--region", "us-east-1"));
            command.addAll(args.subList(1, args.size()));
            Path out = dir.resolve("out.txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("RUNBOOK_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(String.join("\n", lines.stream().filter(l -> !l.startsWith("[")).toList()))
                    .isZero();
            assertThat(lines).anyMatch(l -> l.contains("dev.runbook.actions.aws.RdsResources")
                    || l.contains("dev.runbook.actions.aws.ChangeRecordSetAction"));
            assertThat(lines).noneMatch(l -> l.contains("software.amazon"));
        }
    }
}
