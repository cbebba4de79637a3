package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill whose main step failed and whose clean-up deleted one of the two tables it restored, reported from its
 * records with a fixed clock: the leftover is listed with how to remove it in every format and the summary, and the
 * clean-up's time is no part of the RTO.
 */
class LeftoversReportTest {
    @TempDir
    Path dir;

    private static final String DELETE_A = "aws dynamodb delete-table --table-name orders-a --region eu-west-1";
    private static final String DELETE_B = "aws dynamodb delete-table --table-name orders-b --region eu-west-1";

    private static Runbook runbook() {
        ParseResult p = new RunbookParser().parse("drill.yaml", String.join("\n",
                "runbook: 1",
                "name: leftovers-drill",
                "objectives: { rto: 30m }",
                "steps:",
                "  - { id: restore, action: exec, with: { command: ['true'] } }",
                "  - { id: check, phase: verify, action: assert, with: { that: false } }",
                "cleanup:",
                "  - { id: delete-a, action: exec, with: { command: ['true'] } }",
                ""));
        assertThat(p.problems()).isEmpty();
        return p.runbook();
    }

    private DrillLog drill(DrillLog log) {
        log.started(0, "leftovers-drill", true).stepStarted(0, "restore", 1);
        log.record(10, "resource-created", Map.of("step", "restore", "kind", "dynamodb-table", "id", "orders-a",
                "region", "eu-west-1", "removal", DELETE_A));
        log.record(20, "resource-created", Map.of("step", "restore", "kind", "dynamodb-table", "id", "orders-b",
                "region", "eu-west-1", "removal", DELETE_B));
        log.outcome(300, "restore", "succeeded", 1, Map.of());
        log.step(300, 360, "check", "failed");
        log.record(360, "cleanup-started", Map.of("steps", List.of("delete-a"), "after", "failed"));
        log.step(360, 1500, "delete-a", "succeeded");
        log.record(1500, "cleanup-finished", Map.of("status", "succeeded", "durationMs", 1140000));
        log.record(1501, "resource-checked", Map.of("step", "restore", "kind", "dynamodb-table", "id", "orders-a",
                "region", "eu-west-1", "removal", DELETE_A, "state", "gone"));
        log.record(1502, "resource-checked", Map.of("step", "restore", "kind", "dynamodb-table", "id", "orders-b",
                "region", "eu-west-1", "removal", DELETE_B, "state", "leftover"));
        return log.finished(1503, "failed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCleanupAfterAFailureReportsTheTableItLeftWithHowToRemoveIt() {
        try (DrillLog log = drill(new DrillLog(dir.resolve("audit.jsonl")))) {
            DrillReport r = DrillReport.of(log.timeline(), runbook());

            Leftovers left = Leftovers.of(r.timeline());
            assertThat(left.cleanup()).isEqualTo("succeeded");
            assertThat(left.leftovers()).singleElement().satisfies(x -> {
                assertThat(x.id()).isEqualTo("orders-b");
                assertThat(x.removal()).isEqualTo(DELETE_B);
                assertThat(x.step()).isEqualTo("restore");
            });
            assertThat(MarkdownReport.render(r)).contains("## Clean-up and leftovers", "Clean-up: succeeded",
                    "| dynamodb-table orders-a (eu-west-1) | restore | gone | `" + DELETE_A + "` |",
                    "| dynamodb-table orders-b (eu-west-1) | restore | **leftover** | `" + DELETE_B + "` |");
            assertThat(HtmlReport.render(r)).contains("<section id=\"leftovers\">",
                    "<td class=\"missed\">leftover</td><td><code>" + DELETE_B + "</code>");
            Map<String, Object> json = (Map<String, Object>) JsonReport.tree(r).get("cleanup");
            assertThat(json).containsEntry("cleanup", "succeeded").containsEntry("leftovers", 1);
            assertThat(DrillSummary.lines(r)).contains("  clean-up: succeeded, 1 leftover",
                    "    leftover: dynamodb-table orders-b in eu-west-1 (remove: " + DELETE_B + ")");
        }
    }

    @Test
    void theCleanupsTimeIsNoPartOfTheRto() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            log.started(0, "leftovers-drill", true).step(0, 300, "restore", "succeeded")
                    .step(300, 360, "check", "succeeded")
                    .record(360, "cleanup-started", Map.of("steps", List.of("delete-a"), "after", "succeeded"))
                    .step(360, 1500, "delete-a", "succeeded")
                    .record(1500, "cleanup-finished", Map.of("status", "succeeded", "durationMs", 1140000))
                    .finished(1500, "succeeded");
            RunTimeline t = log.timeline();
            Measurement m = ObjectiveMeter.measure(runbook(), t, DrillLog.at(0), ObjectiveMeter.scope(t));
            assertThat(m.rto().achieved()).hasSeconds(300);
            assertThat(m.rto().met()).isTrue();
            assertThat(m.phases()).containsEntry("delete-a", ObjectiveMeter.CLEANUP_PHASE);
            // nor of the verified service: that is the end of the verify step
            log.measured(m);
            assertThat(DrillReport.of(log.timeline(), null).scorecard().verifiedService()).isEqualTo(DrillLog.at(360));
        }
    }
}
