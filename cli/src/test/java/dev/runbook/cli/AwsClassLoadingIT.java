package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS SDK is not even loaded unless a run really calls AWS: the jar runs with -verbose:class, and validate and
 * run --dry-run of a runbook full of AWS actions must list no software.amazon class.
 */
class AwsClassLoadingIT {
    @TempDir
    Path dir;

    private Path runbook() throws IOException {
        Path f = dir.resolve("aws.yaml");
        Files.writeString(f, """
                runbook: 1
                name: aws-classes
                steps:
                  - id: who
                    action: aws.sts.get-caller-identity
                  - id: restore
                    action: aws.dynamodb.restore-table-to-point-in-time
                    with: { source: orders, target: orders-copy, time: latest }
                  - id: wait
                    action: aws.dynamodb.wait-table
                    with: { table: orders-copy }
                  - id: lock
                    action: aws.dynamodb.acquire-lock
                    with: { table: locks, lock: drill }
                  - id: spot
                    action: aws.dynamodb.compare-items
                    with: { source: orders, target: orders-copy, keys: [{ pk: a, n: 1 }] }
                  - id: latency
                    action: aws.cloudwatch.get-metric-statistics
                    with: { namespace: AWS/DynamoDB, metric: ReplicationLatency, dimensions: { TableName: orders } }
                  - id: generic
                    action: aws.call
                    with:
                      service: rds
                      operation: describe-db-clusters
                      parameters: { DBClusterIdentifier: orders, Filters: [{ Name: engine, Values: [aurora] }] }
                  - id: scale
                    action: aws.call
                    confirm: true
                    with:
                      service: ecs
                      operation: UpdateService
                      parameters: { cluster: prod, service: web, desiredCount: 0 }
                """);
        return f;
    }

    private List<String> loadedClasses(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-verbose:class", "-jar",
                RepoPaths.jar().toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the jar finished").isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join("\n", lines.stream().filter(l -> !l.startsWith("[")).toList()))
                .isZero();
        return lines;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void validateLoadsNoAwsSdkClass() throws Exception {
        List<String> lines = loadedClasses("validate", runbook().toString());

        assertThat(lines).anyMatch(l -> l.contains("dev.runbook.actions.aws.AwsActions"));
        assertThat(lines).noneMatch(l -> l.contains("software.amazon"));
    }

    @Test
    void aDryRunLoadsNoAwsSdkClass() throws Exception {
        List<String> lines = loadedClasses("run", "--dry-run", runbook().toString(), "--region", "eu-west-1");

        assertThat(lines).anyMatch(l -> l.contains("dev.runbook.actions.aws.RestoreTableToPointInTimeAction"));
        assertThat(lines).anyMatch(l -> l.contains("dynamodb:RestoreTableToPointInTime"));
        assertThat(lines).anyMatch(l -> l.contains("ecs:UpdateService {\"cluster\":\"prod\",\"service\":\"web\",\"desiredCount\":0}"));
        assertThat(lines).noneMatch(l -> l.contains("software.amazon"));
    }
}
