package dev.runbook.exec;

import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.model.Confirm;
import dev.runbook.model.Located;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers from the command line ({@code --yes}, {@code --confirm STEP=VALUE}, {@code --ack STEP}) first, and a
 * terminal for the rest, if there is one. {@code --yes} answers y/N prompts only; a checklist is a person's claim and
 * is acknowledged on the command line only by {@code --ack STEP} or {@code --ack all}; a {@code --confirm} value that
 * does not match is a decline, not a retry. Without a terminal every other prompt fails at once, naming the step and
 * the option that would answer it: it never waits and never reads standard input. A typed confirmation whose value
 * comes from a secret parameter is asked as "the value of parameter X": the value is never shown.
 */
public final class ScriptedConfirmer implements Confirmer {
    /** {@code --ack all}: every checklist of the run. */
    public static final String ACK_ALL = "all";

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
        public String acknowledge(StepRef step, String item) {
            throw new PromptUnavailableException("step '" + step.id() + "' has a checklist to acknowledge and there is"
                    + " no terminal: pass --ack " + step.id() + " (or --ack all)");
        }

        @Override
        public boolean abortOnInterrupt() {
            return true;
        }
    };

    private final boolean yes;
    private final Map<String, String> confirms;
    private final Set<String> acks;
    /** Step id to what its secret typed value is ("the value of parameter token"). */
    private final Map<String, String> secretTyped;
    private final Confirmer terminal;

    private ScriptedConfirmer(boolean yes, Map<String, String> confirms, Set<String> acks,
            Map<String, String> secretTyped, Confirmer terminal) {
        this.yes = yes;
        this.confirms = Map.copyOf(new LinkedHashMap<>(confirms));
        this.acks = Set.copyOf(acks);
        this.secretTyped = Map.copyOf(secretTyped);
        this.terminal = terminal;
    }

    /** For runs without a terminal: only the scripted answers exist. */
    public static ScriptedConfirmer noTerminal(boolean yes, Map<String, String> confirms) {
        return new ScriptedConfirmer(yes, confirms, Set.of(), Map.of(), NO_TERMINAL);
    }

    /** Scripted answers where they apply, the terminal otherwise. */
    public static ScriptedConfirmer overTerminal(boolean yes, Map<String, String> confirms, Confirmer terminal) {
        return new ScriptedConfirmer(yes, confirms, Set.of(), Map.of(), terminal);
    }

    /** The same answers, plus {@code --ack}: the steps whose checklists are acknowledged ({@link #ACK_ALL}: all). */
    public ScriptedConfirmer acknowledging(Collection<String> steps) {
        return new ScriptedConfirmer(yes, confirms, new LinkedHashSet<>(steps), secretTyped, terminal);
    }

    /** The same answers, asking the typed confirmations of this runbook that read a secret without showing it. */
    public ScriptedConfirmer hidingSecretsOf(Runbook runbook) {
        return new ScriptedConfirmer(yes, confirms, acks, secretTypedValues(runbook), terminal);
    }

    /** Whether {@code --yes} was given: y/N prompts are answered. */
    public boolean answersYesNo() {
        return yes;
    }

    /** Whether {@code --confirm STEP=...} answers the typed confirmation of this step. */
    public boolean confirms(String step) {
        return confirms.containsKey(step);
    }

    /** What a secret typed confirmation of this step asks for ("the value of parameter token"), or null. */
    public String secretTyped(String step) {
        return secretTyped.get(step);
    }

    /** Whether {@code --ack} acknowledges the checklist of this step. */
    public boolean acknowledges(String step) {
        return acks.contains(step) || acks.contains(ACK_ALL);
    }

    /**
     * For each step whose typed confirmation reads a secret parameter: what the operator is asked to type, described
     * without the value ("the value of parameter token").
     */
    public static Map<String, String> secretTypedValues(Runbook runbook) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Step step : runbook.allSteps()) {
            if (!(step.confirm() instanceof Confirm.Typed)) {
                continue;
            }
            Located<String> value = ((Confirm.Typed) step.confirm()).value();
            if (value == null || value.value() == null || !Template.hasExpression(value.value())) {
                continue;
            }
            List<String> secrets = new ArrayList<>();
            try {
                for (Reference ref : Template.parse(value.value(), value.location()).references()) {
                    List<String> path = ref.path();
                    Parameter p = path.size() >= 2 && path.get(0).equals("params")
                            ? runbook.parameters().get(path.get(1)) : null;
                    if (p != null && p.secret() && !secrets.contains(p.name())) {
                        secrets.add(p.name());
                    }
                }
            } catch (ExpressionException e) {
                continue; // validate reports it; nothing runs from an invalid runbook
            }
            if (!secrets.isEmpty()) {
                boolean whole = secrets.size() == 1 && value.value().strip().matches(
                        "\\$\\{\\{\\s*params\\." + secrets.get(0) + "\\s*}}");
                out.put(step.idValue(), whole ? "the value of parameter " + secrets.get(0)
                        : "the value made from the secret parameter" + (secrets.size() == 1 ? " " : "s ")
                                + String.join(", ", secrets));
            }
        }
        return out;
    }

    @Override
    public Answer<Boolean> yesNo(StepRef step, String question) {
        return yes ? new Answer<>(true, "--yes") : terminal.yesNo(step, question);
    }

    @Override
    public Answer<String> typed(StepRef step, String expected, int attempt) {
        String secret = secretTyped.get(step.id());
        String given = confirms.get(step.id());
        if (given == null) {
            return secret == null ? terminal.typed(step, expected, attempt)
                    : terminal.typedSecret(step, secret, attempt);
        }
        if (attempt > 1) {
            throw new PromptUnavailableException("--confirm " + step.id() + "=" + (secret == null ? given : "***")
                    + " does not match what step '" + step.id() + "' asks for: "
                    + (secret == null ? "'" + expected + "'" : secret));
        }
        return new Answer<>(given, "--confirm");
    }

    @Override
    public String acknowledge(StepRef step, String item) {
        if (acks.contains(step.id())) {
            return "--ack " + step.id();
        }
        return acks.contains(ACK_ALL) ? "--ack all" : terminal.acknowledge(step, item);
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
