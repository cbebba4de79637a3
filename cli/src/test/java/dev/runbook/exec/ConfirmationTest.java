package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Kind;
import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalGate;
import dev.runbook.approval.ApprovalPolicy;
import dev.runbook.approval.Approver;
import dev.runbook.approval.Plan;
import dev.runbook.model.Confirm;
import dev.runbook.action.Outputs;
import dev.runbook.error.RunbookException;
import dev.runbook.model.Runbook;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConfirmationTest {
    private final TestSupport.Recorder events = new TestSupport.Recorder();
    private final TestActions actions = new TestActions();

    private Executor.Builder executor(Confirmer confirmer) {
        return Executor.builder().registry(actions.registry()).listener(events).operator("alice")
                .confirmer(confirmer).cancelGrace(Duration.ofSeconds(5));
    }

    private RunResult run(Runbook rb, Confirmer confirmer, Map<String, Object> params) {
        return executor(confirmer).build().run(rb, params, RunState.fresh());
    }

    @Test
    void asksAYesNoQuestionBeforeAMutatingStepAndStopsWhenDeclined() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("restore", "t.change").title("Restore the table").confirmYesNo()).build();
        FakeTerminal terminal = new FakeTerminal();
        terminal.yesNo.add(false);

        // when
        RunResult result = run(rb, terminal, Map.of());

        // then
        assertThat(terminal.asked()).containsExactly("yes-no:restore:Apply 'Restore the table'?");
        assertThat(result.status()).isEqualTo(RunStatus.DECLINED);
        assertThat(result.failure()).get().extracting(RunbookException::reason)
                .isEqualTo(RunbookException.Reason.DECLINED);
        assertThat(actions.calls()).isEmpty();
        assertThat(events.of(RunEvent.PromptAnswered.class)).singleElement()
                .satisfies(a -> assertThat(a.accepted()).isFalse())
                .satisfies(a -> assertThat(a.decidedBy()).containsExactly("alice"));
    }

    @Test
    void showsInstructionsBeforeAsking() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("restore", "t.change").instructions("Tell #incident first.")
                .confirmYesNo()).build();

        // when
        run(rb, new FakeTerminal(), Map.of());

        // then
        List<RunEvent> all = events.events();
        int shown = indexOf(all, RunEvent.InstructionsShown.class);
        int asked = indexOf(all, RunEvent.PromptAsked.class);
        int started = indexOf(all, RunEvent.StepStarted.class);
        assertThat(shown).isNotNegative().isLessThan(asked);
        assertThat(asked).isLessThan(started);
    }

    @Test
    void asksTypedConfirmationAgainAfterAWrongAnswerAndAcceptsTheExactValue() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().param("table", false)
                .step(step("restore", "t.change").confirmTyped("${{ params.table }}")).build();
        FakeTerminal terminal = new FakeTerminal();
        terminal.typed.add("order");
        terminal.typed.add("orders");

        // when
        RunResult result = run(rb, terminal, Map.of("table", "orders"));

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(terminal.asked()).containsExactly("typed:restore:orders:1", "typed:restore:orders:2");
        assertThat(actions.callsOf("t.change")).containsExactly("restore");
    }

    @Test
    void stopsAfterThreeWrongTypedAnswers() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("restore", "t.change").confirmTyped("orders")).build();
        FakeTerminal terminal = new FakeTerminal();
        terminal.typed.addAll(List.of("a", "b", "c", "orders"));

        // when
        RunResult result = run(rb, terminal, Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.DECLINED);
        assertThat(result.step("restore").message()).isEqualTo("3 wrong answers to the typed confirmation");
        assertThat(terminal.asked()).hasSize(3);
        assertThat(actions.calls()).isEmpty();
    }

    @Test
    void withoutATerminalAPromptNotAnsweredOnTheCommandLineStopsAtOnceNamingTheStep() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("restore", "t.change").confirmTyped("orders")).build();

        // when: --yes does not answer typed confirmations
        RunResult result = run(rb, ScriptedConfirmer.noTerminal(true, Map.of()), Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.DECLINED);
        assertThat(result.message()).contains("step 'restore' needs a typed confirmation and there is no terminal:"
                + " pass --confirm restore=VALUE");
        assertThat(actions.calls()).isEmpty();
    }

    @Test
    void aTypedConfirmationIsAnsweredByConfirmOnTheCommandLine() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("restore", "t.change").confirmTyped("orders")).build();

        // when
        RunResult result = run(rb, ScriptedConfirmer.noTerminal(false, Map.of("restore", "orders")), Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.of(RunEvent.PromptAnswered.class)).singleElement()
                .satisfies(a -> assertThat(a.decidedBy()).containsExactly("--confirm"));
    }

    @Test
    void aWrongValueOnTheCommandLineIsADeclineWithoutRetries() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("restore", "t.change").confirmTyped("orders")).build();

        // when
        RunResult result = run(rb, ScriptedConfirmer.noTerminal(false, Map.of("restore", "users")), Map.of());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.DECLINED);
        assertThat(result.message()).contains("--confirm restore=users does not match what step 'restore' asks for:"
                + " 'orders'");
        assertThat(events.of(RunEvent.PromptAsked.class)).hasSize(2);
        assertThat(actions.calls()).isEmpty();
    }

    @Test
    void yesAnswersYesNoPromptsButNeitherChecklistsNorApprovals() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        actions.add("manual", Kind.READ_ONLY, (in, ctx, n) ->
                Outputs.of(Map.of("acknowledgedBy", ctx.acknowledge("Incident declared"))));
        Runbook rb = runbook()
                .step(step("go", "t.change").confirmYesNo())
                .step(step("announce", "manual").with("checklist", List.of("Incident declared")))
                .build();

        // when
        RunResult result = run(rb, ScriptedConfirmer.noTerminal(true, Map.of()), Map.of());

        // then
        assertThat(result.step("go").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(result.step("announce").status()).isEqualTo(StepStatus.DECLINED);
        assertThat(result.message()).contains("step 'announce' has a checklist to acknowledge and there is no"
                + " terminal: pass --ack announce (or --ack all)");
    }

    @Test
    void ackAcknowledgesTheChecklistsItNamesAndApprovalsStillNeedPeople() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        actions.add("manual", Kind.READ_ONLY, (in, ctx, n) ->
                Outputs.of(Map.of("acknowledgedBy", ctx.acknowledge("Incident declared"))));
        Runbook rb = runbook()
                .step(step("announce", "manual").with("checklist", List.of("Incident declared")))
                .step(step("announce-too", "manual").with("checklist", List.of("Incident declared")))
                .step(step("gate", "manual").approvers(2))
                .build();

        // when
        RunResult named = run(rb, ScriptedConfirmer.noTerminal(false, Map.of()).acknowledging(List.of("announce")),
                Map.of());
        RunResult all = run(rb, ScriptedConfirmer.noTerminal(false, Map.of()).acknowledging(List.of("all")),
                Map.of());

        // then
        assertThat(named.step("announce").outputs()).containsEntry("acknowledgedBy", "--ack announce");
        assertThat(named.step("announce-too").status()).isEqualTo(StepStatus.DECLINED);
        assertThat(all.step("announce-too").outputs()).containsEntry("acknowledgedBy", "--ack all");
        assertThat(all.step("gate").status()).isEqualTo(StepStatus.AWAITING_APPROVAL);
        assertThat(all.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(all.message()).contains("step 'gate' needs 1 approval and this run has no plan to approve");
    }

    /** A gate whose policy decides these approvals of step 'gate': the ones named in {@code refused} are refused. */
    private static ApprovalGate gate(List<String> accepted, List<String> refused) {
        Plan plan = Plan.of(Map.of("kind", Plan.KIND, "version", 1));
        return new ApprovalGate() {
            @Override
            public Plan plan() {
                return plan;
            }

            @Override
            public ApprovalPolicy.Evaluation evaluate(String step, Confirm.Approvers rule,
                    java.util.Collection<String> operatorArns) {
                List<ApprovalPolicy.Decision> decisions = new java.util.ArrayList<>();
                for (String who : accepted) {
                    decisions.add(new ApprovalPolicy.Decision(approval(plan, who), new Approver("ssh", who,
                            List.of(who), null, Map.of()), null));
                }
                for (String who : refused) {
                    decisions.add(new ApprovalPolicy.Decision(approval(plan, who), null, "not allowed"));
                }
                return new ApprovalPolicy.Evaluation(step, rule.others(), decisions);
            }

            @Override
            public String approveCommand(String runId, String step) {
                return "runbook approve " + runId + " --step " + step + " --sign ssh|aws";
            }

            @Override
            public String resumeCommand(String runId) {
                return "runbook resume " + runId + " --approval FILE...";
            }
        };
    }

    private static Approval approval(Plan plan, String who) {
        return new Approval(Map.of("kind", Approval.KIND, "planDigest", plan.digest(), "step", "gate",
                "method", "ssh", "principal", who), who + ".json");
    }

    @Test
    void anApprovalStepRunsWhenThePolicyAcceptsEnoughAndRecordsEachDecisionFirst() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("gate", "t.change").approvers(3)).build();

        // when
        RunResult result = executor(new FakeTerminal()).approvals(gate(List.of("bob", "carol"), List.of("mallory")))
                .build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.of(RunEvent.PlanRecorded.class)).hasSize(1);
        assertThat(events.of(RunEvent.ApprovalDecided.class)).extracting(d -> d.approver() + ":" + d.accepted()
                + ":" + d.reason()).containsExactly("bob:true:null", "carol:true:null", "null:false:not allowed");
        assertThat(events.of(RunEvent.AwaitingApproval.class)).isEmpty();
        assertThat(actions.calls()).hasSize(1);
    }

    @Test
    void anApprovalStepWithTooFewApprovalsStopsTheRunAwaitingApprovalBeforeItStarts() {
        // given
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("gate", "t.change").approvers(3))
                .step(step("after", "t.change").needs("gate")).build();

        // when
        RunResult result = executor(new FakeTerminal()).approvals(gate(List.of("bob"), List.of("mallory")))
                .build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(result.step("gate").status()).isEqualTo(StepStatus.AWAITING_APPROVAL);
        assertThat(result.message()).contains("1 of 2 approvals").contains("mallory.json refused: not allowed");
        RunEvent.AwaitingApproval waiting = events.of(RunEvent.AwaitingApproval.class).get(0);
        assertThat(waiting.needed()).isEqualTo(2);
        assertThat(waiting.have()).isEqualTo(1);
        assertThat(waiting.approveCommand()).contains("--step gate --sign ssh|aws");
        assertThat(actions.calls()).isEmpty();
        assertThat(events.of(RunEvent.StepStarted.class)).isEmpty();
    }

    @Test
    void asksOnePromptAtATimeEvenWhenStepsRunSideBySide() {
        // given: two independent confirmed steps; the first prompt stays open until the other step is waiting
        actions.echo("t.change", Kind.MUTATING);
        Runbook rb = runbook().step(step("left", "t.change").needs().confirmYesNo())
                .step(step("right", "t.change").needs().confirmYesNo()).build();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger sawOtherWaiting = new AtomicInteger();
        FakeTerminal terminal = new FakeTerminal() {
            @Override
            public Answer<Boolean> yesNo(StepRef step, String question) {
                most.accumulateAndGet(open.incrementAndGet(), Math::max);
                try {
                    if (asked().isEmpty() && anotherStepWaitsForThePrompt()) {
                        sawOtherWaiting.incrementAndGet();
                    }
                    return super.yesNo(step, question);
                } finally {
                    open.decrementAndGet();
                }
            }
        };

        // when
        RunResult result = executor(terminal).parallelism(2).build().run(rb, Map.of(), RunState.fresh());

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sawOtherWaiting).hasValue(1);
        assertThat(most).hasValue(1);
        assertThat(terminal.asked()).hasSize(2);
    }

    /** Whether a step worker is parked on the prompt lock; bounded so that a broken executor fails, not hangs. */
    private static boolean anotherStepWaitsForThePrompt() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (var info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, false)) {
                if (info.getThreadName().startsWith("runbook-step-") && info.getLockInfo() != null
                        && info.getLockInfo().getClassName().contains("ReentrantLock")) {
                    return true;
                }
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static int indexOf(List<RunEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
