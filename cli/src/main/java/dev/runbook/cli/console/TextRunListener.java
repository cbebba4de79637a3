package dev.runbook.cli.console;

import static dev.runbook.cli.console.TerminalText.line;
import static dev.runbook.cli.console.TerminalText.text;

import dev.runbook.action.Kind;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Mode;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.StepStatus;
import dev.runbook.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shows a run to a person: the run id first, one line when a step starts and one when it ends (symbol, title,
 * duration), its output indented beneath, retries, undo, and a summary. On a terminal, progress of long waits is a
 * live line rewritten in place; elsewhere it is printed at most every 15 seconds. Events arrive already redacted.
 */
public final class TextRunListener implements ExecutionListener {
    private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final PrintWriter out;
    private final Style style;
    private final boolean live;
    private int planned;
    private boolean progressShown;
    private int spin;
    private Instant lastPlainProgress = Instant.EPOCH;
    private Mode mode = Mode.RUN;
    private String heldInstructions;
    private String heldFor;
    private int openPrompts;

    public TextRunListener(PrintWriter out, Style style, boolean live) {
        this.out = out;
        this.style = style;
        this.live = live;
    }

    @Override
    public synchronized void on(RunEvent e) {
        if (e instanceof RunEvent.StepProgress) {
            if (openPrompts == 0) {
                progress((RunEvent.StepProgress) e);
                out.flush();
            }
            return;
        }
        // a live progress line must never overwrite a prompt the operator is answering
        if (e instanceof RunEvent.PromptAsked) {
            openPrompts++;
        } else if (e instanceof RunEvent.PromptAnswered && openPrompts > 0) {
            openPrompts--;
        } else if (e instanceof RunEvent.StepStarted || e instanceof RunEvent.StepFinished
                || e instanceof RunEvent.RunFinished) {
            openPrompts = 0; // a prompt that ended by an exception sends no answer
        }
        clearProgress();
        if (heldInstructions != null && !(e instanceof RunEvent.StepPlanned
                && ((RunEvent.StepPlanned) e).step().equals(heldFor))) {
            // a preflight runs this step after all: its instructions come before it, as in a run
            showInstructions(heldFor, heldInstructions);
            heldInstructions = null;
        }
        if (e instanceof RunEvent.RunStarted) {
            started((RunEvent.RunStarted) e);
        } else if (e instanceof RunEvent.ActorIdentified) {
            out.println(style.yellow(line(((RunEvent.ActorIdentified) e).summary())));
            out.println();
        } else if (e instanceof RunEvent.StepPlanned) {
            planned((RunEvent.StepPlanned) e);
        } else if (e instanceof RunEvent.InstructionsShown) {
            RunEvent.InstructionsShown i = (RunEvent.InstructionsShown) e;
            if (mode == Mode.RUN) {
                showInstructions(i.step(), i.text());
            } else {
                heldInstructions = i.text();
                heldFor = i.step();
            }
        } else if (e instanceof RunEvent.StepStarted) {
            RunEvent.StepStarted s = (RunEvent.StepStarted) e;
            String attempt = s.attempt() > 1 ? style.dim(" (attempt " + s.attempt() + ")") : "";
            out.println(style.running() + " " + style.bold(line(s.title())) + attempt + kindNote(s.kind()));
        } else if (e instanceof RunEvent.StepOutput) {
            RunEvent.StepOutput o = (RunEvent.StepOutput) e;
            String bar = "stderr".equals(o.stream()) ? style.yellow("\u2502") : style.dim("\u2502");
            out.println("    " + bar + " " + line(o.line()));
        } else if (e instanceof RunEvent.RetryScheduled) {
            RunEvent.RetryScheduled r = (RunEvent.RetryScheduled) e;
            out.println(style.yellow("\u21BB") + " " + line(firstLine(r.error())) + style.dim(" - attempt " + r.nextAttempt()
                    + " in " + Durations.format(r.delay())));
        } else if (e instanceof RunEvent.StepFinished) {
            finished((RunEvent.StepFinished) e);
        } else if (e instanceof RunEvent.StepCarriedOver) {
            RunEvent.StepCarriedOver c = (RunEvent.StepCarriedOver) e;
            out.println(style.ok() + " " + line(c.title()) + style.dim(" (done in the earlier run, not run again)"));
        } else if (e instanceof RunEvent.UndoStarted) {
            RunEvent.UndoStarted u = (RunEvent.UndoStarted) e;
            out.println(style.yellow("\u21B6") + " undo " + style.bold(line(u.step())) + style.dim(" (" + line(u.action()) + ")"));
        } else if (e instanceof RunEvent.UndoFinished) {
            RunEvent.UndoFinished u = (RunEvent.UndoFinished) e;
            boolean ok = u.status() == StepStatus.ROLLED_BACK;
            out.println((ok ? style.ok() : style.fail()) + " undo " + line(u.step()) + " " + style.dim(Durations.format(u.duration()))
                    + (u.message() == null || ok ? "" : ": " + text(u.message())));
        } else if (e instanceof RunEvent.PromptAnswered) {
            RunEvent.PromptAnswered a = (RunEvent.PromptAnswered) e;
            // Answers given on the command line are said so, because nobody saw the question.
            for (String by : a.decidedBy()) {
                if (by != null && by.startsWith("--")) {
                    out.println(style.dim("  answered by " + line(by) + ": " + line(a.detail())));
                    break;
                }
            }
        } else if (e instanceof RunEvent.RunFinished) {
            finishedRun((RunEvent.RunFinished) e);
        }
        out.flush();
    }

    private void started(RunEvent.RunStarted s) {
        mode = s.mode();
        out.println(style.bold(line(s.runbook())) + style.dim(" (" + line(s.file()) + ")"));
        out.println("run id: " + line(s.runId()) + (s.resumed() ? " (resumed)" : "") + style.dim("  operator: " + line(s.operator())));
        if (mode == Mode.DRY_RUN) {
            out.println(style.yellow("DRY-RUN: nothing will be executed; this is what the run would do."));
        } else if (mode == Mode.PREFLIGHT) {
            out.println(style.yellow("PREFLIGHT: read-only steps run for real; mutating steps are only shown."));
        }
        if (!s.params().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Object> p : s.params().entrySet()) {
                parts.add(line(p.getKey()) + "=" + line(p.getValue()));
            }
            out.println(style.dim("parameters: " + String.join(", ", parts)));
        }
        out.println();
    }

    private void planned(RunEvent.StepPlanned p) {
        planned++;
        String kind = p.kind() == Kind.MUTATING ? style.yellow("[mutating]") : style.dim("[read-only]");
        out.println(style.bold(planned + ". " + line(p.title())) + " " + kind + style.dim("  " + line(p.step()) + " \u00B7 " + line(p.action())));
        if (heldInstructions != null) {
            instructions(heldInstructions);
            heldInstructions = null;
        }
        if (p.preview() != null) {
            out.println("   \u2192 " + line(p.preview().summary()));
            for (String d : p.preview().details()) {
                out.println("     " + style.dim(line(d)));
            }
        }
        if (p.condition() != null) {
            out.println("   if: " + line(p.condition()));
        }
        for (String prompt : p.prompts()) {
            out.println("   asks: " + line(prompt));
        }
        if (p.note() != null && !p.note().isBlank() && !p.note().startsWith("dry-run:")) {
            out.println("   " + style.dim(text(p.note())));
        }
        out.println();
    }

    private void showInstructions(String step, String text) {
        out.println(style.cyan("\u2139") + " " + style.bold(line(step)) + style.dim(": instructions"));
        instructions(text);
    }

    private void instructions(String text) {
        for (String l : Markdown.render(text(text), style)) {
            out.println("   " + style.cyan("\u2502") + " " + l);
        }
    }

    private void finished(RunEvent.StepFinished f) {
        if (f.status() == StepStatus.PLANNED) {
            return;
        }
        String time = style.dim(Durations.format(f.duration()));
        String symbol;
        switch (f.status()) {
            case SUCCEEDED: symbol = style.ok(); break;
            case SKIPPED:
            case SKIPPED_BY_OPERATOR:
            case NOT_RUN:
            case PLANNED: symbol = style.skip(); break;
            default: symbol = style.fail(); break;
        }
        String status = f.status() == StepStatus.SUCCEEDED ? "" : " " + f.status().label();
        String message = f.message() == null || f.message().isBlank() ? "" : ": " + text(f.message());
        out.println(symbol + " " + line(f.title()) + status + " " + time + message);
        if (mode == Mode.PREFLIGHT && f.status() == StepStatus.SUCCEEDED) {
            // what a preflight is for: the values the read-only step read (secrets are already ***)
            for (Map.Entry<String, Object> o : f.outputs().entrySet()) {
                if (o.getValue() == null || String.valueOf(o.getValue()).isBlank()) {
                    continue;
                }
                out.println("   " + style.dim("read: " + line(o.getKey()) + " = ") + line(truncate(oneLine(o.getValue()), 200)));
            }
        }
    }

    private static String oneLine(Object value) {
        String s = String.valueOf(value).strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " \u2026";
    }

    private void finishedRun(RunEvent.RunFinished f) {
        out.println();
        List<String> counts = new ArrayList<>();
        for (Map.Entry<StepStatus, Integer> c : f.counts().entrySet()) {
            counts.add(c.getValue() + " " + c.getKey().label());
        }
        String summary = String.join(", ", counts);
        String time = Durations.format(f.duration());
        if (f.status() == RunStatus.SUCCEEDED || f.status() == RunStatus.PLANNED) {
            String verb = f.status() == RunStatus.PLANNED ? "planned" : "succeeded";
            out.println(style.ok() + " " + style.bold("run " + f.runId() + " " + verb) + " in " + time
                    + (summary.isEmpty() ? "" : " (" + summary + ")"));
        } else {
            out.println(style.fail() + " " + style.bold("run " + f.runId() + " " + f.status().label()) + " after " + time
                    + (summary.isEmpty() ? "" : " (" + summary + ")"));
            if (f.message() != null && !f.message().isBlank()) {
                out.println("  " + text(f.message()));
            }
            for (Map.Entry<String, String> n : f.notUndone().entrySet()) {
                out.println("  " + style.yellow("not undone:") + " " + style.bold(n.getKey()) + " - " + n.getValue());
            }
        }
    }

    private void progress(RunEvent.StepProgress p) {
        if (live) {
            out.print("\r\u001B[2K  " + style.cyan(String.valueOf(SPINNER[spin++ % SPINNER.length])) + " " + truncate(line(p.message()), 110));
            progressShown = true;
        } else if (Duration.between(lastPlainProgress, p.at()).compareTo(PLAIN_PROGRESS_EVERY) >= 0) {
            lastPlainProgress = p.at();
            out.println("  " + style.dim("\u2026 " + line(p.message())));
        }
    }

    private void clearProgress() {
        if (progressShown) {
            out.print("\r\u001B[2K");
            progressShown = false;
        }
    }

    private String kindNote(Kind kind) {
        return kind == Kind.MUTATING ? " " + style.yellow("[mutating]") : "";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
