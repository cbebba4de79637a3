package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportTest {
    static final String RUNBOOK = """
            runbook: 1
            name: orders-restore
            objectives:
              rto: 30m
              rpo: 5m
            %s
            steps:
              - id: detect
                phase: detect
                action: assert
                with: { that: true }
              - id: decide
                phase: decide
                action: manual
              - id: restore
                phase: recover
                action: exec
                with: { command: ['true'] }
                confirm: true
              - id: notify
                action: assert
                with: { that: true }
                needs: [decide]
              - id: verify
                phase: verify
                action: assert
                with: { that: true }
                needs: [restore]
            """;

    @TempDir
    Path dir;

    static Runbook runbook(String objectivesExtra) {
        ParseResult parsed = new RunbookParser().parse("orders-restore.yaml", String.format(RUNBOOK, objectivesExtra));
        assertThat(parsed.hasErrors()).as(parsed.problems().toString()).isFalse();
        return parsed.runbook();
    }

    /**
     * The drill of the tests: the incident began 10 minutes before the run; a person took 265 s to decide and 60 s
     * to confirm the restore, which needed two attempts and ended 720 s into the run; verification took 60 s more.
     */
    static DrillLog drill(DrillLog log, String restoreStatus, Map<String, Object> restoreOutputs) {
        return log.started(0, "orders-restore", true)
                .step(0, 30, "detect", "succeeded")
                .stepStarted(32, "decide", 1).prompt(35, 300, "decide", "alice")
                .outcome(302, "decide", "succeeded", 1, Map.of())
                .prompt(305, 365, "restore", "bob")
                .stepStarted(366, "restore", 1)
                .record(390, "retry", Map.of("step", "restore", "nextAttempt", 2, "delayMs", 10000, "error", "busy"))
                .stepStarted(400, "restore", 2)
                .step(700, 710, "notify", "succeeded")
                .outcome(720, "restore", restoreStatus, 2, restoreOutputs)
                .step(720, 780, "verify", restoreStatus.equals("succeeded") ? "succeeded" : "skipped")
                .finished(781, restoreStatus.equals("succeeded") ? "succeeded" : "failed");
    }

    @Test
    void aDrillMeasuresRtoFromTheIncidentStartToTheEndOfTheLastStepThatIsNotVerification() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of("rpoSeconds", 90));
            Runbook rb = runbook("");
            RunTimeline t = log.timeline();

            Measurement m = ObjectiveMeter.measure(rb, t, DrillLog.at(-600), ObjectiveMeter.scope(t));

            assertThat(m.rto().achieved()).isEqualTo(Duration.ofSeconds(600 + 720));
            assertThat(m.rto().target()).isEqualTo(Duration.ofMinutes(30));
            assertThat(m.rto().met()).isTrue();
            assertThat(m.recovered()).isTrue();
            assertThat(m.phases()).containsEntry("notify", "recover").containsEntry("verify", "verify");
        }
    }

    @Test
    void theRpoComesFromTheRpoSecondsOutputWhenTheRunbookHasNoRpoFrom() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of("rpoSeconds", 90));
            RunTimeline t = log.timeline();

            Measurement m = ObjectiveMeter.measure(runbook(""), t, DrillLog.at(-600), ObjectiveMeter.scope(t));

            assertThat(m.rpo().achieved()).isEqualTo(Duration.ofSeconds(90));
            assertThat(m.rpo().met()).isTrue();
            assertThat(m.rpo().source()).isEqualTo("steps.restore.outputs.rpoSeconds");
        }
    }

    @Test
    void rpoFromWinsOverAnRpoSecondsOutputAndAMissedTargetIsMissed() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of("rpoSeconds", 90, "lagSeconds", 420));
            Runbook rb = runbook("  rpo-from: '${{ steps.restore.outputs.lagSeconds }}'");
            RunTimeline t = log.timeline();

            Measurement m = ObjectiveMeter.measure(rb, t, DrillLog.at(0), ObjectiveMeter.scope(t));

            assertThat(m.rpo().achieved()).isEqualTo(Duration.ofSeconds(420));
            assertThat(m.rpo().source()).isEqualTo("objectives.rpo-from");
            assertThat(m.rpo().met()).isFalse();
            assertThat(m.rpo().verdict()).isEqualTo("missed");
        }
    }

    @Test
    void anRpoFromThatGivesNoNumberIsNotMeasuredAndSaysWhy() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of());
            Runbook rb = runbook("  rpo-from: '${{ steps.restore.outputs.lagSeconds }}'");
            RunTimeline t = log.timeline();

            Measurement m = ObjectiveMeter.measure(rb, t, DrillLog.at(0), ObjectiveMeter.scope(t));

            assertThat(m.rpo().achieved()).isNull();
            assertThat(m.rpo().met()).isFalse();
            assertThat(m.rpo().note()).contains("rpo-from could not be evaluated").contains("no 'lagSeconds'");
        }
    }

    @Test
    void theReportSplitsTimeByPhaseAndWaitingForPeopleFromAutomation() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of("rpoSeconds", 90));
            RunTimeline t = log.timeline();
            log.measured(ObjectiveMeter.measure(runbook(""), t, DrillLog.at(-600), ObjectiveMeter.scope(t)));

            DrillReport r = DrillReport.of(log.timeline(), null);

            assertThat(r.measuredAtEnd()).isTrue();
            assertThat(r.incidentStart()).isEqualTo(DrillLog.at(-600));
            assertThat(r.beforeRun()).isEqualTo(Duration.ofSeconds(600));
            // decide runs from its start (32) to its end (302); restore from its prompt (305) to its end (720), and
            // notify (no phase: recover) runs inside that span, so it adds nothing to the phase's wall-clock time
            assertThat(r.phases()).containsEntry("detect", Duration.ofSeconds(30))
                    .containsEntry("decide", Duration.ofSeconds(270))
                    .containsEntry("recover", Duration.ofSeconds(415))
                    .containsEntry("verify", Duration.ofSeconds(60));
            assertThat(r.waiting()).isEqualTo(Duration.ofSeconds(265 + 60));
            // busy 30 + 270 + 475 (305..780) = 775 s, of which 325 s waiting for people
            assertThat(r.automation()).isEqualTo(Duration.ofSeconds(775 - 325));
            assertThat(r.rto().achieved()).isEqualTo(Duration.ofSeconds(1320));
            assertThat(r.rpo().achieved()).isEqualTo(Duration.ofSeconds(90));
        }
    }

    @Test
    void stepsShowAttemptsWaitingAndWhoConfirmed() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of());

            RunTimeline t = log.timeline();

            StepTimeline restore = t.steps().stream().filter(s -> s.id().equals("restore")).findFirst().orElseThrow();
            assertThat(restore.attempts()).isEqualTo(2);
            assertThat(restore.confirmedBy()).containsExactly("bob");
            assertThat(restore.startedAt()).isEqualTo(DrillLog.at(305));
            assertThat(restore.duration()).isEqualTo(Duration.ofSeconds(415));
            assertThat(restore.waiting()).isEqualTo(Duration.ofSeconds(60));
            assertThat(t.steps()).extracting(StepTimeline::id)
                    .containsExactly("detect", "decide", "restore", "notify", "verify");
            assertThat(t.params()).containsEntry("token", "***");
        }
    }

    @Test
    void anOrdinaryRunIsMeasuredFromItsStartWithTheRunbookGivingPhasesAndTargets() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of("rpoSeconds", 400));

            DrillReport r = DrillReport.of(log.timeline(), runbook(""));

            assertThat(r.measuredAtEnd()).isFalse();
            assertThat(r.incidentStart()).isEqualTo(DrillLog.T0);
            assertThat(r.rto().achieved()).isEqualTo(Duration.ofSeconds(720));
            assertThat(r.rto().met()).isTrue();
            assertThat(r.rpo().met()).isFalse();
            assertThat(r.phases().get("verify")).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void withoutTheRunbookOrARecordEveryStepCountsAsRecoverAndNoTargetIsKnown() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "succeeded", Map.of());

            DrillReport r = DrillReport.of(log.timeline(), null);

            // the verify step counts as recovery too: the RTO runs to its end
            assertThat(r.rto().achieved()).isEqualTo(Duration.ofSeconds(780));
            assertThat(r.rto().met()).isNull();
            assertThat(r.rto().verdict()).isEqualTo("no target");
            assertThat(r.rpo().verdict()).isEqualTo("not measured");
        }
    }

    @Test
    void aDrillWhoseRecoveryFailedMissesItsRtoEvenWithinTheTarget() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            drill(log, "failed", Map.of());
            RunTimeline t = log.timeline();

            Measurement m = ObjectiveMeter.measure(runbook(""), t, DrillLog.at(0), ObjectiveMeter.scope(t));

            assertThat(m.recovered()).isFalse();
            // a failed recovery shows no RTO as achieved: the time it stopped is in the note, not in the figure
            assertThat(m.rto().achieved()).isNull();
            assertThat(m.rto().met()).isFalse();
            assertThat(m.rto().verdict()).isEqualTo("not recovered");
            assertThat(m.rto().note()).contains("did not succeed (failed)").contains("12m00s after the incident start");
            DrillReport r = DrillReport.of(t, runbook(""));
            assertThat(MarkdownReport.render(r)).contains("| RTO | 30m00s | - | ❌ not recovered");
            assertThat(JUnitReport.render(r)).contains("type=\"objective-missed\"");
        }
    }

    @Test
    void aMeasurementMadeBeforeAResumeKeepsItsIncidentStartButTheFiguresComeFromTheWholeRun() {
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            log.started(0, "orders-restore", true).step(0, 30, "detect", "succeeded")
                    .stepStarted(40, "restore", 1).finished(50, "interrupted");
            RunTimeline first = log.timeline();
            log.measured(ObjectiveMeter.measure(runbook(""), first, DrillLog.at(-300), ObjectiveMeter.scope(first)));
            log.record(900, "run-resumed", Map.of("runbook", "orders-restore", "drill", true, "mode", "run",
                    "runStarted", DrillLog.T0.toString()))
                    .outcome(1000, "restore", "succeeded", 2, Map.of("rpoSeconds", 30))
                    .step(1000, 1010, "verify", "succeeded").finished(1011, "succeeded");

            DrillReport r = DrillReport.of(log.timeline(), null);

            assertThat(r.measuredAtEnd()).isFalse();
            assertThat(r.incidentStart()).isEqualTo(DrillLog.at(-300));
            assertThat(r.rto().achieved()).isEqualTo(Duration.ofSeconds(1300));
            assertThat(r.rto().met()).isTrue();
            assertThat(r.rpo().achieved()).isEqualTo(Duration.ofSeconds(30));
            assertThat(r.phases().get("verify")).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void theMeasurementRecordReadsBackAsWritten() {
        Objective rto = new Objective("rto", Duration.ofMinutes(30), Duration.ofMillis(1_320_123), true, "s", null);
        Objective rpo = new Objective("rpo", null, null, null, null, "not measured");
        Measurement m = new Measurement(Instant.parse("2026-11-22T02:50:00.250Z"), rto, rpo, true,
                Map.of("a", "detect"));
        try (DrillLog log = new DrillLog(dir.resolve("audit.jsonl"))) {
            log.started(0, "x", true).measured(m);

            Measurement back = Measurement.from(log.timeline().measured().orElseThrow());

            assertThat(back).isEqualTo(m);
        }
    }

    @Test
    void unionsOfIntervalsCountOverlappingTimeOnce() {
        Interval a = new Interval(DrillLog.at(0), DrillLog.at(10));
        Interval b = new Interval(DrillLog.at(5), DrillLog.at(20));
        Interval c = new Interval(DrillLog.at(30), DrillLog.at(40));

        var union = Interval.union(java.util.List.of(c, b, a));

        assertThat(union).hasSize(2);
        assertThat(Interval.length(union)).isEqualTo(30_000);
        assertThat(Interval.overlap(union, Interval.union(java.util.List.of(new Interval(DrillLog.at(8),
                DrillLog.at(35)))))).isEqualTo(17_000);
    }
}
