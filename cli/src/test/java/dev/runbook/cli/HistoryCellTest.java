package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.report.Objective;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The history's RTO/RPO cell: an objective that could not be measured says so, never MISSED. */
class HistoryCellTest {

    @Test
    void anUnmeasuredRpoWithATargetIsNotMeasuredNotMissed() {
        Objective rpo = new Objective("rpo", Duration.ofMinutes(5), null, false, null,
                "not measured: declare objectives.rpo-from or have a step output restore-point");

        assertThat(HistoryCommand.cell(rpo)).isEqualTo("- (5m00s) not measured").doesNotContain("MISSED");
    }

    @Test
    void aMeasuredObjectiveOverItsTargetIsMissedAndOneWithinIsMet() {
        Objective missed = new Objective("rto", Duration.ofMinutes(30), Duration.ofSeconds(2320), false, null, null);
        Objective met = new Objective("rpo", Duration.ofMinutes(5), Duration.ofSeconds(250), true, null, null);

        assertThat(HistoryCommand.cell(missed)).isEqualTo("38m40s (30m00s) MISSED");
        assertThat(HistoryCommand.cell(met)).isEqualTo("4m10s (5m00s) met");
    }

    @Test
    void aFailedRunsRtoIsNotRecovered() {
        Objective rto = new Objective("rto", Duration.ofMinutes(30), null, false, null,
                Objective.NOT_RECOVERED_NOTE + "failed)");

        assertThat(HistoryCommand.cell(rto)).isEqualTo("- (30m00s) not recovered");
    }
}
