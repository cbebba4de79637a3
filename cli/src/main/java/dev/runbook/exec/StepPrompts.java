package dev.runbook.exec;

import dev.runbook.model.Confirm;
import dev.runbook.model.Located;
import dev.runbook.model.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The questions a step puts to the operator, one at a time under the run's prompt lock, each recorded with its
 * answer and who gave it: instructions and the step's confirmation (y/N, typed, approvals by other people), an undo's
 * y/N, and the choice after a failure at a terminal. The executor checks every answer itself.
 */
final class StepPrompts {
    private static final int TYPED_ATTEMPTS = 3;

    private final RunLoop run;

    StepPrompts(RunLoop run) {
        this.run = run;
    }

    /**
     * A failed step at a terminal: the operator chooses to retry, skip, roll back or abort; the question and the
     * answer are recorded. Null (no terminal, no answer, or Enter) leaves it to the step's {@code on-failure}.
     */
    FailureChoice askAfterFailure(Step step, StepRef ref, StepResult failed) throws InterruptedException {
        if (!run.cfg().confirmer.asksAboutFailures()) {
            return null;
        }
        String id = step.idValue();
        run.lockPrompt();
        try {
            run.record(new RunEvent.PromptAsked(run.runIdValue(), run.now(), id, PromptKind.STEP_FAILED, "step '" + id + "' failed: "
                    + failed.message() + ": retry, skip, roll back or abort?"));
            Answer<FailureChoice> a;
            try {
                a = run.cfg().confirmer.failed(ref, failed.message(), step.onFailure());
            } catch (PromptUnavailableException e) {
                a = null;
            }
            FailureChoice choice = a == null ? null : a.value();
            run.record(new RunEvent.PromptAnswered(run.runIdValue(), run.now(), id, PromptKind.STEP_FAILED,
                    choice == FailureChoice.RETRY || choice == FailureChoice.SKIP,
                    List.of(choice == null ? "on-failure" : by(a.by())),
                    choice == null ? "on-failure: " + step.onFailure().yamlName() : choice.label()));
            return choice;
        } catch (JournalException e) {
            return null;
        } finally {
            run.promptLock().unlock();
        }
    }

    /** Instructions and the step's confirmation, under the prompt lock. Returns a DECLINED result or null. */
    StepResult confirm(Step step, StepRef ref, Map<String, Object> scope, Instant t0)
            throws InterruptedException {
        String id = step.idValue();
        boolean instructions = step.instructions() != null && !step.instructions().isBlank();
        if (!instructions && step.confirm() instanceof Confirm.None) {
            return null;
        }
        run.lockPrompt();
        try {
            if (instructions) {
                run.record(new RunEvent.InstructionsShown(run.runIdValue(), run.now(), id, instructions(step, scope)));
            }
            Confirm c = step.confirm();
            String refusal = null;
            if (c instanceof Confirm.YesNo || (c instanceof Confirm.Approvers && ((Confirm.Approvers) c).count() <= 1)) {
                refusal = askYesNo(ref, "Apply '" + ref.title() + "'?");
            } else if (c instanceof Confirm.Typed) {
                refusal = askTyped(ref, ((Confirm.Typed) c).value(), scope);
            } else if (c instanceof Confirm.Approvers) {
                approvals(ref, (Confirm.Approvers) c);
            }
            return refusal == null ? null
                    : new StepResult(id, StepStatus.DECLINED, Map.of(), run.redactor().redact(refusal), run.since(t0), 0);
        } catch (JournalException e) {
            throw new StepStop(StepStatus.NOT_RUN, run.auditFailure(), 0);
        } finally {
            run.promptLock().unlock();
        }
    }

    String askYesNo(StepRef ref, String question) throws JournalException {
        run.record(new RunEvent.PromptAsked(run.runIdValue(), run.now(), ref.id(), PromptKind.YES_NO, question));
        Answer<Boolean> a = run.cfg().confirmer.yesNo(ref, question);
        boolean yes = Boolean.TRUE.equals(a.value());
        run.record(new RunEvent.PromptAnswered(run.runIdValue(), run.now(), ref.id(), PromptKind.YES_NO, yes, List.of(by(a.by())),
                yes ? "yes" : "no"));
        return yes ? null : "the operator answered no";
    }

    private String askTyped(StepRef ref, Located<String> value, Map<String, Object> scope) throws JournalException {
        String expected = String.valueOf(run.renderer().template(value.value(), value.location(), scope, "confirm"));
        for (int attempt = 1; attempt <= TYPED_ATTEMPTS; attempt++) {
            run.record(new RunEvent.PromptAsked(run.runIdValue(), run.now(), ref.id(), PromptKind.TYPED,
                    "type '" + expected + "' to apply '" + ref.title() + "'"));
            Answer<String> a = run.cfg().confirmer.typed(ref, expected, attempt);
            boolean ok = expected.equals(a.value());
            run.record(new RunEvent.PromptAnswered(run.runIdValue(), run.now(), ref.id(), PromptKind.TYPED, ok, List.of(by(a.by())),
                    ok ? "typed as asked" : "typed a different value"));
            if (ok) {
                return null;
            }
        }
        return TYPED_ATTEMPTS + " wrong answers to the typed confirmation";
    }

    /**
     * A step's instructions with their expressions rendered (values not known yet show as {@code <steps.x.outputs.y>});
     * when rendering fails the text is shown as written, with the reason, rather than hiding the instructions.
     */
    String instructions(Step step, Map<String, Object> scope) {
        try {
            Object rendered = run.cfg().expressions.template(step.instructions(), step.location(), scope);
            return dev.runbook.expr.Values.toText(rendered);
        } catch (Exception e) {
            return step.instructions() + "\n(some values could not be shown: " + e.getMessage() + ")";
        }
    }

    /**
     * A step that needs approvals: the approval policy decides on every approval given for it, each decision is
     * recorded ({@code approval}, {@code approval-refused}); without enough, the run records
     * {@code awaiting-approval} and stops before the step (it is continued by resume with the approvals).
     */
    private void approvals(StepRef ref, Confirm.Approvers rule) throws JournalException {
        String id = ref.id();
        dev.runbook.approval.ApprovalGate gate = run.cfg().approvals;
        if (gate == null) {
            throw new StepStop(StepStatus.AWAITING_APPROVAL, "step '" + id + "' needs " + rule.others()
                    + (rule.others() == 1 ? " approval" : " approvals") + " and this run has no plan to approve", 0);
        }
        dev.runbook.approval.ApprovalPolicy.Evaluation ev = gate.evaluate(id, rule, run.awsActors());
        String digest = gate.plan().digest();
        for (dev.runbook.approval.ApprovalPolicy.Decision d : ev.decisions()) {
            dev.runbook.approval.Approver who = d.approver();
            run.record(new RunEvent.ApprovalDecided(run.runIdValue(), run.now(), id, d.accepted(),
                    d.approval().method(), who == null ? null : who.id(), d.approval().planDigest(), d.reason(),
                    d.approval().source(), d.approval().fields(), who == null ? Map.of() : who.evidence()));
        }
        if (ev.enough()) {
            return;
        }
        String approve = gate.approveCommand(run.runIdValue(), id);
        String resume = gate.resumeCommand(run.runIdValue());
        run.record(new RunEvent.AwaitingApproval(run.runIdValue(), run.now(), id, ev.needed(), ev.accepted().size(),
                digest, approve, resume));
        throw new StepStop(StepStatus.AWAITING_APPROVAL, "step '" + id + "' awaits approval: " + ev.summary(), 0);
    }

    private String by(String by) {
        return by == null ? run.cfg().operator : by;
    }
}
