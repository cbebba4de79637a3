package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped backup-restore-drill measures its RPO: the incident start minus the restore point (fixed times). */
class ShippedDrillRpoTest {

    @Test
    void backupRestoreDrillMeasuresItsRpoFromTheRestorePoint() throws Exception {
        Path file = Path.of("..", "runbooks-yaml", "backup-restore-drill.yaml");
        ParseResult parsed = new RunbookParser().parse(file.toString(), Files.readString(file));
        assertThat(parsed.hasErrors()).as(parsed.problems().toString()).isFalse();
        Runbook rb = parsed.runbook();
        Map<String, Object> scope = Map.of("steps",
                Map.of("restore", Map.of("status", "succeeded",
                        "outputs", Map.of("table", "orders-drill", "restoreTime", "2026-11-22T03:55:00Z"))));

        Objective rpo = ObjectiveMeter.rpo(rb.objectives(),
                ObjectiveMeter.withIncidentStart(scope, Instant.parse("2026-11-22T03:58:10Z")), rb);

        assertThat(rpo.achieved()).isEqualTo(Duration.ofSeconds(190));
        assertThat(rpo.target()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rpo.met()).isTrue();
        assertThat(rpo.verdict()).isEqualTo("met");
        assertThat(rpo.source()).isEqualTo("objectives.rpo-from");
    }
}
