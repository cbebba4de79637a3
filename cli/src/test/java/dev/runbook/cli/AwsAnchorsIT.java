package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The S3 and CloudWatch Logs anchors against their stand-ins ({@link AwsAnchorStandIns}), through the command line
 * with {@code --endpoint s3=URL} / {@code logs=URL}: the same rewrites of the log as {@link AnchorsIT} are found,
 * checkpoints cost one request per mutating step, S3 puts carry the Object Lock headers, and an anchor that stops
 * answering mid-run stops the run before its next mutating step under {@code --anchor-required}.
 */
class AwsAnchorsIT extends AnchorTestBase {
    AwsAnchorStandIns.S3 s3;
    AwsAnchorStandIns.Logs logs;
    String endpoint;

    void use(String kind) throws Exception {
        if (kind.equals("s3")) {
            s3 = new AwsAnchorStandIns.S3("audit-anchors");
            endpoint = "s3=" + s3.serve();
            anchor = "s3://audit-anchors/laptop-42";
        } else {
            logs = new AwsAnchorStandIns.Logs("/runbook/audit");
            endpoint = "logs=" + logs.serve();
            anchor = "cloudwatch-logs:///runbook/audit/laptop-42";
        }
    }

    @AfterEach
    void stop() {
        if (s3 != null) {
            s3.shutdown();
        }
        if (logs != null) {
            logs.shutdown();
        }
    }

    AwsAnchorStandIns.ResponseDefinitionTransformerV2Base standIn() {
        return s3 != null ? s3 : logs;
    }

    @Override
    Cli cli() {
        return Cli.cli().env("RUNBOOK_AUDIT_LOG", log.toString()).env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "secret").env("AWS_REGION", "eu-west-1").env("AWS_MAX_ATTEMPTS", "1");
    }

    @Override
    Cli.Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        if (args.contains("--anchor")) {
            args.add("--endpoint");
            args.add(endpoint);
        }
        return super.run(args.toArray(String[]::new));
    }

    @Override
    Cli.Result verify(String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        args.add("--endpoint");
        args.add(endpoint);
        return super.verify(args.toArray(String[]::new));
    }

    /** The checkpoints the stand-in holds, oldest first. */
    List<JsonNode> anchored() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (s3 != null) {
            for (String k : new java.util.TreeSet<>(s3.objects.keySet())) {
                out.add(JSON.readTree(s3.objects.get(k)));
            }
        } else {
            for (List<com.fasterxml.jackson.databind.node.ObjectNode> events : logs.streams.values()) {
                for (JsonNode e : events) {
                    out.add(JSON.readTree(e.path("message").asText()));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "logs"})
    void checkpointsCostOneRequestPerMutatingStepAndAnIntactLogPasses(String kind) throws Exception {
        use(kind);

        Cli.Result r = run("--anchor", anchor);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("anchor");
        assertThat(anchored()).extracting(c -> c.path("event").asText())
                .containsExactly("run-started", "step-succeeded", "step-succeeded", "step-succeeded", "run-finished");
        // 3 mutating steps: one request each, plus the run's start and end, plus one per run to set up
        // (S3: the bucket's Object Lock configuration; Logs: the stream is created after the first put finds none)
        int setup = kind.equals("s3") ? 1 : 2;
        assertThat(standIn().requests.get()).isEqualTo(3 + 2 + setup);
        if (kind.equals("s3")) {
            assertThat(s3.puts).hasSize(5).allSatisfy(h -> {
                assertThat(h.get("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
                Instant until = Instant.parse(h.get("x-amz-object-lock-retain-until-date"));
                assertThat(until).isBetween(Instant.now().plus(Duration.ofDays(399)),
                        Instant.now().plus(Duration.ofDays(401)));
                assertThat(h.get("Content-MD5")).isNotBlank();
            });
            assertThat(s3.objects.keySet()).allMatch(k -> k.matches("laptop-42/[0-9a-f]{64}/\\d{20}-\\d+\\.json"));
        } else {
            assertThat(logs.operations).startsWith("PutLogEvents", "CreateLogStream", "PutLogEvents");
        }

        int before = standIn().requests.get();
        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.out()).contains("5 checkpoints of this log").doesNotContain("unanchored");
        assertThat(standIn().requests.get()).isGreaterThan(before);
    }

    @Test
    void theRetentionIsTheOneGivenAndABucketWithoutObjectLockGetsPlainPuts() throws Exception {
        use("s3");
        Cli.Result r = run("--anchor", anchor, "--anchor-retention", "30d");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Instant until = Instant.parse(s3.puts.get(0).get("x-amz-object-lock-retain-until-date"));
        assertThat(until).isBefore(Instant.now().plus(Duration.ofDays(31)));

        s3.objectLock = false;
        s3.puts.clear();
        AwsAnchorStandIns.S3 plain = s3;
        r = run("--anchor", anchor);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(plain.puts).isNotEmpty().allSatisfy(h -> assertThat(h.get("x-amz-object-lock-mode")).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "logs"})
    void truncationRecomputedChainsDeletionAndForgedTailsAreFound(String kind) throws Exception {
        use(kind);
        run("--anchor", anchor);
        Path intact = dir.resolve("intact.jsonl");
        Files.copy(log, intact);
        List<String> all = lines(log);

        // truncated
        Files.write(log, all.subList(0, all.size() - 2));
        Cli.Result cut = verify();
        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(4);
        assertThat(cut.err()).contains("truncated (" + anchor + ")").contains("2 records are missing");

        // a shorter chain recomputed from the same first record
        Files.copy(intact, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        rewrite(records(log).subList(0, all.size() - 1), n -> {
            if (n.path("step").asText().equals("second")) {
                n.put("title", "nothing happened here");
            }
        });
        Cli.Result replaced = verify();
        assertThat(replaced.exitCode()).as(replaced.toString()).isEqualTo(4);
        assertThat(replaced.err()).contains("replaced (" + anchor + ")");

        // deleted
        Files.delete(log);
        Cli.Result deleted = verify();
        assertThat(deleted.exitCode()).as(deleted.toString()).isEqualTo(4);
        assertThat(deleted.err()).contains("deleted");

        // a forged tail after the last checkpoint
        Files.copy(intact, log);
        List<JsonNode> recs = records(log);
        List<JsonNode> more = new ArrayList<>(recs);
        more.add(forged(recs.get(recs.size() - 1), "run-finished"));
        more.add(forged(recs.get(recs.size() - 1), "run-finished"));
        more.add(forged(recs.get(recs.size() - 1), "run-finished"));
        rewrite(more, n -> { });
        Cli.Result tail = verify();
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        assertThat(tail.out()).contains("unanchored tail").contains("3 records after the newest checkpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "logs"})
    void anAnchorThatStopsAnsweringMidRunStopsItBeforeTheNextMutatingStepWhenRequired(String kind) throws Exception {
        use(kind);
        // the run's start and the first step's end are anchored; from then on every request fails
        int setup = kind.equals("s3") ? 1 : 2;
        standIn().failFrom = setup + 3;

        Cli.Result r = run("--anchor", anchor, "--anchor-required");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(lines(marker)).containsExactly("first", "second");
        assertThat(r.err()).contains("warning: anchor " + anchor).contains("--anchor-required");
        List<JsonNode> recs = records(log);
        assertThat(recs).filteredOn(n -> n.path("event").asText().equals("anchor-failed")).isNotEmpty()
                .allSatisfy(n -> assertThat(n.path("error").asText()).contains("503"));
        assertThat(recs).filteredOn(n -> n.path("event").asText().equals("step-started"))
                .extracting(n -> n.path("step").asText()).containsExactly("first", "look", "second");
        JsonNode end = recs.stream().filter(n -> n.path("event").asText().equals("run-finished")).findFirst()
                .orElseThrow();
        assertThat(end.path("status").asText()).isEqualTo("audit-failed");
        assertThat(end.path("error").asText()).contains("--anchor-required");
        // the checkpoint of the run's end could not be written either: recorded after it
        assertThat(recs.get(recs.size() - 1).path("checkpointEvent").asText()).isEqualTo("run-finished");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "logs"})
    void anAnchorThatStopsAnsweringMidRunIsReportedAndTheRunGoesOnWithoutRequired(String kind) throws Exception {
        use(kind);
        int setup = kind.equals("s3") ? 1 : 2;
        standIn().failFrom = setup + 3;

        Cli.Result r = run("--anchor", anchor);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(lines(marker)).containsExactly("first", "second", "third");
        assertThat(r.err()).contains("warning: anchor " + anchor).contains("the run goes on");
        // second, third and the end could not be anchored: each recorded
        assertThat(records(log)).filteredOn(n -> n.path("event").asText().equals("anchor-failed")).hasSize(3);
        standIn().failFrom = 0;
        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.out()).contains("unanchored tail");
    }
}
