package dev.runbook.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunIdTest {
    @Test
    void aRunIdIsTheUtcSecondThenEightHexDigitsAndRunsInTheSameSecondGetDifferentOnes() {
        // given one instant, as when several runs start in the same second
        Instant at = Instant.parse("2026-03-04T05:06:07.890Z");

        // when
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(RunLoop.newRunId(at));
        }

        // then
        assertThat(ids).hasSize(1_000).allSatisfy(id -> assertThat(id).matches("20260304050607-[0-9a-f]{8}"));
        assertThat(RunLoop.newRunId(Instant.parse("2026-12-31T23:59:59Z"))).startsWith("20261231235959-");
    }
}
