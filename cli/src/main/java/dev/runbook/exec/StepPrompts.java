package dev.runbook.exec;

import dev.runbook.model.Confirm;
import dev.runbook.model.Located;
import dev.runbook.model.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
                refusal = askApprovals(ref, ((Confirm.Approvers) c).count());
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

    private String askApprovals(StepRef ref, int count) throws JournalException {
        int others = count - 1;
        String question = "'" + ref.title() + "' needs " + count + " different people: " + others
                + (others == 1 ? " approver" : " approvers") + " besides " + run.cfg().operator;
        for (int attempt = 1; attempt <= TYPED_ATTEMPTS; attempt++) {
            run.record(new RunEvent.PromptAsked(run.runIdValue(), run.now(), ref.id(), PromptKind.APPROVAL, question));
            List<String> names = run.cfg().confirmer.approvals(ref, others);
            String problem = approvalProblem(names == null ? List.of() : names, others);
            List<String> everyone = new ArrayList<>();
            everyone.add(run.cfg().operator);
            if (names != null) {
                for (String n : names) {
                    everyone.add(n == null ? "" : n.trim());
                }
            }
            run.record(new RunEvent.PromptAnswered(run.runIdValue(), run.now(), ref.id(), PromptKind.APPROVAL, problem == null,
                    everyone, problem == null ? "approved by " + String.join(", ", everyone) : problem));
            if (problem == null) {
                return null;
            }
        }
        return "no valid approval after " + TYPED_ATTEMPTS + " attempts";
    }

    private String approvalProblem(List<String> names, int others) {
        if (names.size() != others) {
            return "expected " + others + (others == 1 ? " approver" : " approvers") + ", got " + names.size();
        }
        Set<String> seen = new LinkedHashSet<>();
        seen.add(run.cfg().operator.trim().toLowerCase(Locale.ROOT));
        for (String n : names) {
            String name = n == null ? "" : n.trim();
            if (name.isEmpty()) {
                return "an approver's name is empty";
            }
            if (name.equalsIgnoreCase(run.cfg().operator.trim())) {
                return "'" + name + "' is the operator; approvers must be other people";
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                return "'" + name + "' appears twice; approvers must be different people";
            }
        }
        return null;
    }

    private String by(String by) {
        return by == null ? run.cfg().operator : by;
    }
}
