package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints anchored in a second file ({@code file:///PATH}), through the command line: each way of rewriting the
 * log that the chain alone cannot see (cutting records off the end, replacing the file with a recomputed chain,
 * deleting it, forging a tail) is found by {@code audit verify --anchor}; an anchor that cannot be written is
 * reported and, with {@code --anchor-required}, stops the run before its next mutating step.
 */
class AnchorsIT extends AnchorTestBase {
    @Test
    void aRunPostsOneCheckpointAtItsStartOnePerMutatingStepAndOneAtItsEndAndAnIntactLogPasses() throws Exception {
        // when
        Cli.Result r = run("--anchor", anchor);

        // then: start, first, second, third, end; not the read-only step, not the step starts
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> cps = records(anchorFile);
        assertThat(cps).extracting(c -> c.path("event").asText())
                .containsExactly("run-started", "step-succeeded", "step-succeeded", "step-succeeded", "run-finished");
        List<JsonNode> recs = records(log);
        JsonNode last = recs.get(recs.size() - 1);
        JsonNode end = cps.get(cps.size() - 1);
        assertThat(end.path("seq").asLong()).isEqualTo(last.path("seq").asLong());
        assertThat(end.path("head").asText()).isEqualTo(last.path("hash").asText());
        assertThat(end.path("log").asText()).isEqualTo(recs.get(0).path("hash").asText());
        // the canonical form: keys sorted, no whitespace
        assertThat(lines(anchorFile).get(0)).startsWith("{\"event\":\"run-started\",\"head\":\"")
                .doesNotContain(" ");

        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.out()).contains("intact").contains("5 checkpoints of this log, newest seq " + last.path("seq"))
                .doesNotContain("unanchored");
    }

    @Test
    void cuttingTheLastRecordsOffIsTruncated() throws Exception {
        run("--anchor", anchor);
        List<String> all = lines(log);
        Files.write(log, all.subList(0, all.size() - 3));

        // a chain alone cannot tell
        assertThat(cli().run("audit", "verify", log.toString()).exitCode()).isZero();
        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isEqualTo(4);
        assertThat(v.err()).contains("truncated").contains("the log ends at seq " + (all.size() - 3))
                .contains("3 records are missing from the end");
    }

    @Test
    void aShorterChainRecomputedFromTheSameFirstRecordIsReplacedAndTruncated() throws Exception {
        run("--anchor", anchor);
        List<JsonNode> recs = records(log);
        // the writer rewrites the log: same first record, the second step's start made to look read-only, ends early
        rewrite(recs.subList(0, recs.size() - 2), n -> {
            if (n.path("step").asText().equals("first") && n.path("event").asText().equals("step-started")) {
                n.put("kind", "read-only");
            }
        });
        assertThat(cli().run("audit", "verify", log.toString()).exitCode()).as("the new chain verifies alone")
                .isZero();

        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isEqualTo(4);
        assertThat(v.err()).contains("replaced").contains("truncated");
    }

    @Test
    void aWholeNewChainIsReplaced() throws Exception {
        run("--anchor", anchor);
        List<JsonNode> recs = records(log);
        rewrite(recs.subList(0, 3), n -> {
            if (n.path("seq").asLong() == 1) {
                n.put("operator", "someone-else");
            }
        });
        Cli.Result v = verify("--output", "json");
        assertThat(v.exitCode()).as(v.toString()).isEqualTo(4);
        JsonNode out = JSON.readTree(v.out());
        assertThat(out.path("valid").asBoolean()).isFalse();
        assertThat(out.path("findings").get(0).path("finding").asText()).isEqualTo("replaced");
        assertThat(out.path("findings").get(0).path("message").asText()).contains("no checkpoint of this log");
    }

    @Test
    void aDeletedLogIsFoundByItsAnchor() throws Exception {
        run("--anchor", anchor);
        Files.delete(log);

        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isEqualTo(4);
        assertThat(v.err()).contains("deleted").contains("does not exist, but the anchors hold 5 checkpoints");
        // without an anchor a missing log is only a missing file
        assertThat(cli().run("audit", "verify", log.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aForgedTailAfterTheLastCheckpointIsAnUnanchoredTailAndAPostedHeadCatchesIt() throws Exception {
        run("--anchor", anchor);
        // a second run writes without the anchor; its operator posts the head that verify prints
        run();
        Cli.Result posted = cli().run("audit", "verify", log.toString());
        String head = posted.out().lines().filter(l -> l.startsWith("head ")).findFirst().orElseThrow()
                .split(" ")[1];
        int anchored = records(anchorFile).get(records(anchorFile).size() - 1).path("seq").asInt();
        // the writer drops that run's records and forges two in their place
        List<JsonNode> recs = records(log);
        List<JsonNode> kept = new ArrayList<>(recs.subList(0, anchored));
        kept.add(forged(recs.get(anchored), "step-succeeded"));
        kept.add(forged(recs.get(anchored), "run-finished"));
        rewrite(kept, n -> { });

        Cli.Result v = verify();
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.out()).contains("warning: unanchored tail").contains("2 records after the newest checkpoint "
                + "(seq " + anchored + ")");

        Cli.Result withHead = verify("--head", head);
        assertThat(withHead.exitCode()).as(withHead.toString()).isEqualTo(4);
        assertThat(withHead.err()).contains("head missing").contains(head);
        // --head needs no anchor
        Cli.Result alone = cli().run("audit", "verify", log.toString(), "--head", head);
        assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(4);
        assertThat(alone.out()).doesNotContain("unanchored");
        // an honest head still passes
        String honest = records(log).get(anchored - 1).path("hash").asText();
        assertThat(verify("--head", honest).exitCode()).isZero();
        Cli.Result found = cli().run("audit", "verify", log.toString(), "--head", honest);
        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.out()).contains("found at seq " + anchored).doesNotContain("unanchored");
    }

    @Test
    void anAnchorThatCannotBeWrittenIsReportedAndRecordedAndTheRunGoesOn() throws Exception {
        String broken = dir.resolve("no-such-folder/anchor.jsonl").toUri().toString();

        Cli.Result r = run("--anchor", broken);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(lines(marker)).containsExactly("first", "second", "third");
        assertThat(r.err()).contains("warning: anchor " + broken).contains("the run goes on");
        assertThat(r.err().lines().filter(l -> l.contains("warning: anchor")).count()).as("reported once").isOne();
        List<JsonNode> failed = records(log).stream().filter(n -> n.path("event").asText().equals("anchor-failed"))
                .toList();
        assertThat(failed).hasSize(5);
        assertThat(failed.get(0).path("anchor").asText()).isEqualTo(broken);
        assertThat(failed.get(0).path("error").asText()).contains("no such folder");
        assertThat(cli().run("audit", "verify", log.toString()).exitCode()).isZero();
    }

    @Test
    void withAnchorRequiredAnAnchorThatCannotBeWrittenStopsTheRunBeforeItsFirstMutatingStep() throws Exception {
        String broken = dir.resolve("no-such-folder/anchor.jsonl").toUri().toString();

        Cli.Result r = run("--anchor", broken, "--anchor-required");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(lines(marker)).isEmpty();
        assertThat(r.err()).contains("--anchor-required");
        List<JsonNode> recs = records(log);
        assertThat(recs).extracting(n -> n.path("event").asText()).contains("anchor-failed")
                .doesNotContain("step-started");
        JsonNode end = recs.stream().filter(n -> n.path("event").asText().equals("run-finished")).findFirst()
                .orElseThrow();
        assertThat(end.path("status").asText()).isEqualTo("audit-failed");
        assertThat(end.path("error").asText()).contains("anchor " + broken).contains("--anchor-required");
    }

    @Test
    void aRunStoppedByARequiredAnchorResumesOnceTheAnchorIsBack() throws Exception {
        Path folder = dir.resolve("share");
        String share = folder.resolve("anchor.jsonl").toUri().toString();
        Cli.Result stopped = run("--anchor", share, "--anchor-required");
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(4);
        assertThat(stopped.out()).contains("to continue: runbook resume");
        String runId = JSON.readTree(cli().run("runs", "--output", "json").out()).get(0).path("id").asText();

        Files.createDirectories(folder);
        Cli.Result resumed = cli().run("resume", runId, "--yes", "--anchor", share, "--anchor-required");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(lines(marker)).containsExactly("first", "second", "third");
        assertThat(records(folder.resolve("anchor.jsonl"))).extracting(c -> c.path("event").asText())
                .containsExactly("run-resumed", "step-succeeded", "step-succeeded", "step-succeeded", "run-finished");
        Cli.Result v = cli().run("audit", "verify", log.toString(), "--anchor", share);
        assertThat(v.exitCode()).as(v.toString()).isZero();
    }

    @Test
    void aBadAnchorIsInvalidInputNamingWhereItCameFrom() throws Exception {
        Cli.Result flag = run("--anchor", "ftp://example/x");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).contains("--anchor").contains("unknown anchor scheme 'ftp'");

        Cli.Result env = cli().env("RUNBOOK_ANCHOR", anchor + ", s3://Bad_Bucket/x").run("run", runbook.toString(),
                "--yes");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).contains("RUNBOOK_ANCHOR").contains("not an S3 bucket name");

        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "audit:\n  anchors:\n    - cloudwatch-logs://only-a-group\n");
        Cli.Result cfg = cli().env("RUNBOOK_CONFIG", config.toString()).run("run", runbook.toString(), "--yes");
        assertThat(cfg.exitCode()).isEqualTo(2);
        assertThat(cfg.err()).contains(config + ":3:").contains("audit.anchors");
        assertThat(lines(marker)).isEmpty();
    }

    @Test
    void anchorsComeFromTheEnvironmentOrTheConfigFile() throws Exception {
        Cli.Result env = cli().env("RUNBOOK_ANCHOR", anchor).run("run", runbook.toString(), "--yes");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(lines(anchorFile)).hasSize(5);

        Path second = dir.resolve("second.jsonl");
        Path config = dir.resolve("xdg/runbook/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "audit:\n  anchors: [" + second.toUri() + "]\n  anchor-required: true\n");
        Cli.Result cfg = cli().env("XDG_CONFIG_HOME", dir.resolve("xdg").toString()).run("run", runbook.toString(),
                "--yes");
        assertThat(cfg.exitCode()).as(cfg.toString()).isZero();
        assertThat(lines(second)).hasSize(5);
        // verify reads the same configuration
        Cli.Result v = cli().env("XDG_CONFIG_HOME", dir.resolve("xdg").toString()).run("audit", "verify",
                log.toString());
        assertThat(v.out()).contains("anchor " + second.toUri());
    }

    @Test
    void anExportVerifiesOfflineAloneAndAnEditedExportFails() throws Exception {
        run("--anchor", anchor);
        run();
        run("--anchor", anchor);
        Cli.Result runs = cli().run("runs", "--output", "json");
        String first = JSON.readTree(runs.out()).get(2).path("id").asText();
        Path out = dir.resolve("evidence");

        Cli.Result e = cli().run("audit", "export", first, "--out", out.toString(), "--anchor", anchor);

        assertThat(e.exitCode()).as(e.toString()).isZero();
        assertThat(lines(out.resolve("checkpoints.jsonl"))).hasSize(5);
        assertThat(Files.readString(out.resolve("MANIFEST.md"))).contains("runbook audit verify " + out)
                .contains(dev.runbook.audit.Sha256.ofFile(out.resolve("records.jsonl")) + "  records.jsonl");
        Cli.Result v = cli().run("audit", "verify", out.toString());
        assertThat(v.exitCode()).as(v.toString()).isZero();
        assertThat(v.out()).contains("intact").doesNotContain("unanchored");

        // an auditor's copy whose last records were cut off (and the manifest redone) fails on its checkpoints
        List<String> recs = lines(out.resolve("records.jsonl"));
        Files.write(out.resolve("records.jsonl"), recs.subList(0, recs.size() - 1));
        Cli.Result cut = cli().run("audit", "verify", out.toString());
        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(4);
        assertThat(cut.err()).contains("truncated").contains("does not match its SHA-256");
    }

}
