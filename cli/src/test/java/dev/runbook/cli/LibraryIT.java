package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped runbook library: its offline tests pass, and each runbook dry-runs with its documented example. */
class LibraryIT {
    private static final Path LIBRARY = RepoPaths.repo().resolve("runbooks-yaml");

    /** The example parameters of each runbook, as its page in docs/runbooks/ gives them. */
    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("lambda-alias-rollback", List.of("function=checkout-api")),
                Arguments.of("dynamodb-pitr-restore", List.of("table=orders", "restoreTime=now-30m",
                        "spotKey=order-1", "application=orders-app", "environment=prod", "profile=orders-config")),
                Arguments.of("regional-failover-verification", List.of("failedRegion=us-east-1",
                        "healthyRegion=us-west-2", "failedHealthCheck=11111111-1111-1111-1111-111111111111",
                        "healthyHealthCheck=22222222-2222-2222-2222-222222222222", "hostedZone=Z0123456789ABC",
                        "recordName=api.example.com", "healthyAnswer=198.51.100.20", "table=orders",
                        "parameterName=/orders/db-url", "healthUrl=https://api.us-west-2.example.com/health")),
                Arguments.of("backup-restore-drill", List.of("table=orders", "spotKey=order-1")),
                Arguments.of("feature-flag-kill-switch", List.of("application=shop", "environment=prod",
                        "profile=flags", "flag=paymentsEnabled")),
                // ECS and API Gateway (issue 16: aws-ecs)
                Arguments.of("ecs-service-rollback", List.of("cluster=prod", "service=orders-api")),
                Arguments.of("backend-deployment-rollback", List.of("function=checkout-api", "restApi=a1b2c3d4e5")),
                // aws-infra (issue 16)
                Arguments.of("rds-point-in-time-restore", List.of("source=orders-db",
                        "restoreTime=2026-11-22T03:55:00Z", "ssmParameter=/orders/db-host")),
                Arguments.of("regional-failover-execution", List.of("hostedZone=Z0123456789ABC",
                        "recordName=api.example.com", "globalCluster=orders-global",
                        "drClusterArn=arn:aws:rds:us-west-2:123456789012:cluster:orders-dr")),
                // aws-data
                Arguments.of("security-breach-containment", List.of("application=orders-app", "environment=prod",
                        "profile=orders-config", "secretPrefix=prod/orders/", "regions=us-east-1,us-west-2")),
                Arguments.of("dynamodb-restore-from-backup", List.of("table=orders", "application=orders-app",
                        "environment=prod", "profile=orders-config")));
    }

    @Test
    void everyCaseOfTheShippedTestsPasses() {
        // when
        Cli.Result r = cli().run("test", LIBRARY.resolve("tests").toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("FAIL");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("[0-9]+ passed, 0 failed");
        assertThat(lines).filteredOn(l -> l.startsWith("PASS ")).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void jsonGivesOneObjectPerCaseWithRunbookCaseStatusAndMessage() throws IOException {
        // when
        Cli.Result r = cli().run("test", "--output", "json", LIBRARY.resolve("tests").toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list.isArray()).isTrue();
        List<String> runbooks = new ArrayList<>();
        list.forEach(c -> {
            assertThat(c.get("status").asText()).isEqualTo("passed");
            assertThat(c.get("message").isNull()).isTrue();
            assertThat(c.get("case").asText()).isNotBlank();
            runbooks.add(c.get("runbook").asText());
        });
        assertThat(runbooks).contains("lambda-alias-rollback", "dynamodb-pitr-restore",
                "regional-failover-verification", "backup-restore-drill", "feature-flag-kill-switch");
    }

    @Test
    void aBrokenFixtureFailsWithItsMessageAndExit1() {
        // given
        String broken = RepoPaths.repo().resolve("cli/src/test/resources/library/broken-fixture.test.yaml.txt").toString();

        // when
        Cli.Result r = cli().run("test", broken);

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL lambda-alias-rollback > a fixture with a misspelt output: ")
                .contains("broken-fixture.test.yaml.txt:7:")
                .contains("gives output 'functionVersion', which aws.lambda.get-alias does not declare"
                        + " (it declares: version, arn, routing)")
                .endsWith("0 passed, 1 failed\n");
    }

    @Test
    void aPathThatDoesNotExistIsExit2() {
        // when
        Cli.Result r = cli().run("test", "no/such/folder");

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no/such/folder: no such file or folder");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void eachShippedRunbookDryRunsWithItsDocumentedExample(String name, List<String> params) throws IOException {
        // given
        List<String> args = new ArrayList<>(List.of("run", LIBRARY.resolve(name + ".yaml").toString(), "--dry-run"));
        params.forEach(p -> {
            args.add("-p");
            args.add(p);
        });

        // when
        Cli.Result r = cli().run(args.toArray(String[]::new));

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("DRY-RUN").contains(" planned in ");
        String page = Files.readString(RepoPaths.repo().resolve("docs/runbooks/" + name + ".md"));
        for (String p : params) {
            assertThat(page).as("docs/runbooks/%s.md gives the example -p %s", name, p).contains("-p " + p);
        }
    }
}
