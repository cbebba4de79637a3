package dev.runbook.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers from the command line ({@code --yes}, {@code --confirm STEP=VALUE}) first, and a terminal for the rest,
 * if there is one. {@code --yes} answers y/N prompts and checklists, never typed confirmations or approvals; a
 * {@code --confirm} value that does not match is a decline, not a retry. Without a terminal every other prompt fails
 * at once, naming the step and the flag that would answer it: it never waits and never reads standard input.
 */
public final class ScriptedConfirmer implements Confirmer {

    /** The answer of a missing terminal: every prompt fails at once with a message naming the step. */
    private static final Confirmer NO_TERMINAL = new Confirmer() {
        @Override
        public Answer<Boolean> yesNo(StepRef step, String question) {
            throw new PromptUnavailableException("step '" + step.id() + "' asks to confirm and there is no terminal:"
                    + " pass --yes");
        }

        @Override
        public Answer<String> typed(StepRef step, String expected, int attempt) {
            throw new PromptUnavailableException("step '" + step.id() + "' needs a typed confirmation and there is"
                    + " no terminal: pass --confirm " + step.id() + "=VALUE");
        }

        @Override
        public List<String> approvals(StepRef step, int count) {
            throw new PromptUnavailableException("step '" + step.id() + "' needs the approval of " + count
                    + (count == 1 ? " other person" : " other people") + " and there is no terminal;"
                    + " approvals cannot be given on the command line");
        }

        @Override
        public String acknowledge(StepRef step, String item) {
            throw new PromptUnavailableException("step '" + step.id() + "' has a checklist to acknowledge and there is"
                    + " no terminal: pass --yes");
        }

        @Override
        public boolean abortOnInterrupt() {
            return true;
        }
    };

    private final boolean yes;
    private final Map<String, String> confirms;
    private final Confirmer terminal;

    private ScriptedConfirmer(boolean yes, Map<String, String> confirms, Confirmer terminal) {
        this.yes = yes;
        this.confirms = Map.copyOf(new LinkedHashMap<>(confirms));
        this.terminal = terminal;
    }

    /** For runs without a terminal: only the scripted answers exist. */
    public static ScriptedConfirmer noTerminal(boolean yes, Map<String, String> confirms) {
        return new ScriptedConfirmer(yes, confirms, NO_TERMINAL);
    }

    /** Scripted answers where they apply, the terminal otherwise. */
    public static ScriptedConfirmer overTerminal(boolean yes, Map<String, String> confirms, Confirmer terminal) {
        return new ScriptedConfirmer(yes, confirms, terminal);
    }

    @Override
    public Answer<Boolean> yesNo(StepRef step, String question) {
        return yes ? new Answer<>(true, "--yes") : terminal.yesNo(step, question);
    }

    @Override
    public Answer<String> typed(StepRef step, String expected, int attempt) {
        String given = confirms.get(step.id());
        if (given == null) {
            return terminal.typed(step, expected, attempt);
        }
        if (attempt > 1) {
            throw new PromptUnavailableException("--confirm " + step.id() + "=" + given + " does not match what step '"
                    + step.id() + "' asks for: '" + expected + "'");
        }
        return new Answer<>(given, "--confirm");
    }

    @Override
    public List<String> approvals(StepRef step, int count) {
        return terminal.approvals(step, count);
    }

    @Override
    public String acknowledge(StepRef step, String item) {
        return yes ? "--yes" : terminal.acknowledge(step, item);
    }

    @Override
    public boolean abortOnInterrupt() {
        return terminal.abortOnInterrupt();
    }

    @Override
    public Answer<FailureChoice> failed(StepRef step, String failure, dev.runbook.model.OnFailure policy) {
        return terminal.failed(step, failure, policy);
    }

    @Override
    public boolean asksAboutFailures() {
        return terminal.asksAboutFailures();
    }

    @Override
    public InDoubtChoice inDoubt(StepRef step, String detail) {
        return terminal.inDoubt(step, detail);
    }
}
