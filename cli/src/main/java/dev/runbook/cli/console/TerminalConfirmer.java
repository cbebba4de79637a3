package dev.runbook.cli.console;

import dev.runbook.exec.Answer;
import dev.runbook.exec.Confirmer;
import dev.runbook.exec.FailureChoice;
import dev.runbook.exec.InDoubtChoice;
import dev.runbook.exec.PromptUnavailableException;
import dev.runbook.exec.StepRef;
import dev.runbook.model.OnFailure;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * Asks the operator at the terminal, through JLine: y/N prompts (default No), typed confirmations, approvals by
 * other people, checklist items, and whether to abort after Ctrl-C. The executor guarantees one prompt at a time.
 * Ctrl-C at a prompt aborts the run; end of input declines.
 */
public final class TerminalConfirmer implements Confirmer {
    private final LineReader reader;
    private final PrintWriter out;
    private final Style style;
    private final String operator;
    private final TextRunListener output;
    private volatile Runnable onInterrupt = () -> { };

    /** {@code output}: the run's text output, held while a question is asked (null: none to hold). */
    public TerminalConfirmer(LineReader reader, PrintWriter out, Style style, String operator, TextRunListener output) {
        this.reader = reader;
        this.out = out;
        this.style = style;
        this.operator = operator;
        this.output = output;
    }

    /** Asks with the output of other steps held, so that none of it lands on the question or the prompt line. */
    private <T> T holding(Supplier<T> ask) {
        if (output != null) {
            output.holdOutput();
        }
        try {
            return ask.get();
        } finally {
            if (output != null) {
                output.releaseOutput();
            }
        }
    }

    /** What to do when the operator presses Ctrl-C at a prompt (the run command aborts the run). */
    public void onInterrupt(Runnable action) {
        this.onInterrupt = action;
    }

    @Override
    public Answer<Boolean> yesNo(StepRef step, String question) {
        return holding(() -> yesNoHeld(step, question));
    }

    private Answer<Boolean> yesNoHeld(StepRef step, String question) {
        describe(step);
        return Answer.of(askYesNo(step, style.bold(TerminalText.line(question)) + " [y/N] "));
    }

    @Override
    public Answer<String> typed(StepRef step, String expected, int attempt) {
        return holding(() -> typedHeld(step, expected, attempt));
    }

    private Answer<String> typedHeld(StepRef step, String expected, int attempt) {
        return askTyped(step, style.yellow(TerminalText.line(expected)) + " exactly", attempt, null);
    }

    /** The value is not shown, and what the operator types is echoed as stars. */
    @Override
    public Answer<String> typedSecret(StepRef step, String what, int attempt) {
        return holding(() -> typedSecretHeld(step, what, attempt));
    }

    private Answer<String> typedSecretHeld(StepRef step, String what, int attempt) {
        return askTyped(step, what + " (secret: not shown)", attempt, '*');
    }

    private Answer<String> askTyped(StepRef step, String what, int attempt, Character mask) {
        if (attempt == 1) {
            describe(step);
        } else {
            out.println(style.red("  That does not match.") + " (attempt " + attempt + " of 3)");
        }
        out.println("  To run " + style.bold(TerminalText.line(step.title())) + ", type " + what + ":");
        out.flush();
        return Answer.of(read(step, "  > ", mask));
    }

    @Override
    public String acknowledge(StepRef step, String item) {
        return holding(() -> acknowledgeHeld(step, item));
    }

    private String acknowledgeHeld(StepRef step, String item) {
        String answer = read(step, "  [ ] " + TerminalText.line(item) + style.dim("  (Enter when done, 'stop' to stop) ")).trim().toLowerCase(Locale.ROOT);
        if (answer.equals("stop") || answer.equals("n") || answer.equals("no")) {
            throw new PromptUnavailableException("step '" + step.id() + "': the operator stopped at '" + item + "'");
        }
        return operator;
    }

    @Override
    public boolean abortOnInterrupt() {
        return holding(() -> abortOnInterruptHeld());
    }

    private boolean abortOnInterruptHeld() {
        out.println();
        try {
            String a = reader.readLine(style.yellow("Interrupted.") + " Abort the run? [y/N] ");
            boolean abort = a.trim().toLowerCase(Locale.ROOT).startsWith("y");
            // Otherwise nothing on the screen would say that the answer was taken and the step goes on.
            out.println(style.dim(abort ? "  Aborting the run." : "  Continuing."));
            out.flush();
            return abort;
        } catch (UserInterruptException | EndOfFileException e) {
            return true;
        }
    }

    @Override
    public Answer<FailureChoice> failed(StepRef step, String failure, OnFailure policy) {
        return holding(() -> failedHeld(step, failure, policy));
    }

    private Answer<FailureChoice> failedHeld(StepRef step, String failure, OnFailure policy) {
        out.println(style.red("Step '" + TerminalText.line(step.id()) + "' failed:") + " " + TerminalText.brief(failure));
        out.flush();
        String fallback = policy.yamlName();
        while (true) {
            String a = read(step, "  [r]etry, [s]kip it and go on, roll [b]ack, or [a]bort? (Enter: " + fallback
                    + ", its on-failure) ").trim().toLowerCase(Locale.ROOT);
            if (a.isEmpty()) {
                return Answer.of(null);
            }
            if (a.startsWith("r")) {
                return Answer.of(FailureChoice.RETRY);
            }
            if (a.startsWith("s")) {
                return Answer.of(FailureChoice.SKIP);
            }
            if (a.startsWith("b")) {
                return Answer.of(FailureChoice.ROLLBACK);
            }
            if (a.startsWith("a")) {
                return Answer.of(FailureChoice.ABORT);
            }
        }
    }

    @Override
    public boolean asksAboutFailures() {
        return true;
    }

    @Override
    public InDoubtChoice inDoubt(StepRef step, String detail) {
        return holding(() -> inDoubtHeld(step, detail));
    }

    private InDoubtChoice inDoubtHeld(StepRef step, String detail) {
        out.println(style.yellow("Step '" + TerminalText.line(step.id()) + "' was started but its outcome was not recorded:"));
        out.println("  " + TerminalText.text(detail));
        while (true) {
            String a = read(step, "  [r]e-run it, [m]ark it done, or [a]bort? ").trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("r")) {
                return InDoubtChoice.RERUN;
            }
            if (a.startsWith("m")) {
                return InDoubtChoice.MARK_DONE;
            }
            if (a.startsWith("a")) {
                return InDoubtChoice.ABORT;
            }
        }
    }

    /**
     * A tabletop: the team's note on the step just shown (a gap, a question, "ok"); an empty line is none. Ctrl-C
     * aborts the walk-through; end of input stops it.
     */
    public Answer<String> note(StepRef step) {
        return holding(() -> Answer.of(read(step, style.cyan("note") + " on " + TerminalText.line(step.id())
                + style.dim(" (a gap, a question, ok; Enter for none)") + ": ")));
    }

    /** Asks for one line before the run starts (a tabletop's participants); null when input ended. */
    public String line(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    private void describe(StepRef step) {
        out.println(style.yellow("?") + " " + style.bold(TerminalText.line(step.title())) + " "
                + (step.kind() == dev.runbook.action.Kind.MUTATING ? style.yellow("[mutating]") : style.dim("[read-only]"))
                + " needs your confirmation");
        if (step.preview() != null) {
            out.println("  " + style.dim("it will run: " + TerminalText.line(step.preview().summary())));
            for (String d : step.preview().details()) {
                out.println("    " + style.dim(TerminalText.line(d)));
            }
        }
        out.flush();
    }

    private boolean askYesNo(StepRef step, String prompt) {
        while (true) {
            String a = read(step, prompt).trim().toLowerCase(Locale.ROOT);
            if (a.equals("y") || a.equals("yes")) {
                return true;
            }
            if (a.isEmpty() || a.equals("n") || a.equals("no")) {
                return false;
            }
            out.println("  Please answer y or n.");
        }
    }

    private String read(StepRef step, String prompt) {
        return read(step, prompt, null);
    }

    private String read(StepRef step, String prompt, Character mask) {
        try {
            return reader.readLine(prompt, mask);
        } catch (UserInterruptException e) {
            onInterrupt.run();
            throw new PromptUnavailableException("step '" + step.id() + "': interrupted at the prompt");
        } catch (EndOfFileException e) {
            throw new PromptUnavailableException("step '" + step.id() + "': input ended before an answer was given");
        }
    }
}
