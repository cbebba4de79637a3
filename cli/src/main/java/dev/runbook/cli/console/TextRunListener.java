package dev.runbook.cli.console;

import static dev.runbook.cli.console.TerminalText.line;
import static dev.runbook.cli.console.TerminalText.text;

import dev.runbook.action.Kind;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Governs;
import dev.runbook.exec.Mode;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.StepStatus;
import dev.runbook.model.Durations;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Retry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Shows a run to a person: the run id first, one line when a step starts and one when it ends (symbol, title,
 * duration), its output indented beneath, retries, undo, and a summary. Output of a step that does not follow its
 * own start line (steps running side by side) carries the step id. While a prompt is asked at the terminal
 * ({@link #holdOutput}), the output of other steps is held and printed once it is answered, so nothing lands on the
 * prompt line. On a terminal, a status line rewritten in place shows each running step's elapsed time and progress
 * (every second while nothing else is printed); elsewhere progress is printed at most every 15 seconds. A command's
 * {@code \r} progress is shown as its last state, lines are wrapped at {@code width} (0: not wrapped), and every
 * value passes through {@link TerminalText}. Events arrive already redacted.
 */
public final class TextRunListener implements ExecutionListener, AutoCloseable {
    private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final long TICK_MILLIS = 1000;
    private static final char[] SPINNER = {'|', '/', '-', '\\'};
    private static final Pattern STYLE_CODE = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final int NARROWEST = 20;

    private final PrintWriter screen;
    private final Style style;
    private final boolean live;
    private final int width;
    private final Clock clock;
    /** Where lines go: the screen, or while a prompt is open the buffer that holds them. */
    private PrintWriter out;
    /** Characters printed so far, and how many there were when a planned step's block ended with its blank line. */
    private long written;
    private long blankAt = -1;
    private StringWriter held;
    private int holds;
    private int planned;
    private boolean statusShown;
    private boolean printedSinceTick;
    private int spin;
    private Instant lastPlainProgress = Instant.EPOCH;
    private Mode mode = Mode.RUN;
    private String heldInstructions;
    private String heldFor;
    /** The steps running now, with when they started, and the last progress each reported. */
    private final Map<String, Instant> running = new LinkedHashMap<>();
    private final Map<String, String> progressOf = new HashMap<>();
    /** Steps whose output is shown with their id (until they end). */
    private final Set<String> tagged = new HashSet<>();
    /** The step whose start line or output is the last line shown, or null. */
    private String lastSpeaker;
    private Thread ticker;
    /** Step messages shown shortened, which the run's summary does not repeat. */
    private final List<String> shortened = new ArrayList<>();

    /** Lines kept whole, elapsed times by the system clock. */
    public TextRunListener(PrintWriter out, Style style, boolean live) {
        this(out, style, live, 0, Clock.systemUTC());
    }

    /**
     * @param live whether the output is a terminal with escape codes allowed (status line rewritten in place)
     * @param width the columns to wrap lines at, 0 to keep lines whole
     * @param clock what the elapsed times are measured with
     */
    public TextRunListener(PrintWriter out, Style style, boolean live, int width, Clock clock) {
        this.screen = new PrintWriter(new Counting(out), true);
        this.out = this.screen;
        this.style = style;
        this.live = live;
        this.width = width;
        this.clock = clock;
    }

    @Override
    public synchronized void on(RunEvent e) {
        if (e instanceof RunEvent.StepProgress) {
            progress((RunEvent.StepProgress) e);
            out.flush();
            return;
        }
        clearStatus();
        printedSinceTick = true;
        if (!(e instanceof RunEvent.StepOutput)) {
            lastSpeaker = null;
        }
        if (heldInstructions != null && !(e instanceof RunEvent.StepPlanned
                && ((RunEvent.StepPlanned) e).step().equals(heldFor))) {
            // a preflight runs this step after all: its instructions come before it, as in a run
            showInstructions(heldFor, heldInstructions);
            heldInstructions = null;
        }
        if (e instanceof RunEvent.RunStarted) {
            started((RunEvent.RunStarted) e);
            startTicker();
        } else if (e instanceof RunEvent.ActorIdentified) {
            out.println(style.yellow(line(((RunEvent.ActorIdentified) e).summary())));
            out.println();
        } else if (e instanceof RunEvent.StepPlanned) {
            planned((RunEvent.StepPlanned) e);
        } else if (e instanceof RunEvent.ParticipantsRecorded) {
            List<String> who = ((RunEvent.ParticipantsRecorded) e).participants();
            out.println("participants: " + (who.isEmpty() ? "none recorded" : line(String.join(", ", who))));
            out.println();
        } else if (e instanceof RunEvent.StepNoted) {
            RunEvent.StepNoted n = (RunEvent.StepNoted) e;
            out.println("   " + style.cyan("note") + style.dim(" (" + line(n.by()) + ")") + ": " + line(n.note()));
            out.println();
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
            running.put(s.step(), s.at());
            String attempt = s.attempt() > 1 ? style.dim(" (attempt " + s.attempt() + ")") : "";
            out.println(style.running() + " " + style.bold(line(s.title())) + attempt + kindNote(s.kind()));
            lastSpeaker = s.step();
        } else if (e instanceof RunEvent.StepOutput) {
            output((RunEvent.StepOutput) e);
        } else if (e instanceof RunEvent.RetryScheduled) {
            RunEvent.RetryScheduled r = (RunEvent.RetryScheduled) e;
            out.println(style.yellow("\u21BB") + " " + line(firstLine(r.error())) + style.dim(" - attempt " + r.nextAttempt()
                    + " in " + Durations.format(r.delay())));
        } else if (e instanceof RunEvent.StepFinished) {
            RunEvent.StepFinished f = (RunEvent.StepFinished) e;
            running.remove(f.step());
            progressOf.remove(f.step());
            tagged.remove(f.step());
            finished(f);
        } else if (e instanceof RunEvent.StepCarriedOver) {
            RunEvent.StepCarriedOver c = (RunEvent.StepCarriedOver) e;
            out.println(style.ok() + " " + line(c.title()) + style.dim(" (done in the earlier run, not run again)"));
        } else if (e instanceof RunEvent.UndoStarted) {
            RunEvent.UndoStarted u = (RunEvent.UndoStarted) e;
            out.println(style.yellow("\u21B6") + " undo " + style.bold(line(u.step())) + style.dim(" (" + line(u.action()) + ")"));
        } else if (e instanceof RunEvent.UndoFinished) {
            RunEvent.UndoFinished u = (RunEvent.UndoFinished) e;
            boolean ok = u.status() == StepStatus.ROLLED_BACK;
            printWrapped((ok ? style.ok() : style.fail()) + " undo " + line(u.step()) + " " + style.dim(Durations.format(u.duration())),
                    u.message() == null || ok ? "" : ": " + text(u.message()), "    ");
        } else if (e instanceof RunEvent.PromptAnswered) {
            RunEvent.PromptAnswered a = (RunEvent.PromptAnswered) e;
            // Answers given on the command line are said so, because nobody saw the question.
            for (String by : a.decidedBy()) {
                if (by != null && by.startsWith("--")) {
                    out.println(style.dim("  answered by " + line(by) + ": " + line(a.detail())));
                    break;
                }
            }
        } else if (e instanceof RunEvent.ApprovalDecided) {
            RunEvent.ApprovalDecided a = (RunEvent.ApprovalDecided) e;
            String src = a.source() == null ? "" : " (" + line(a.source()) + ")";
            if (a.accepted()) {
                out.println("  " + style.ok() + " approved by " + line(a.approver()) + " [" + line(a.method()) + "]"
                        + style.dim(src));
            } else {
                printWrapped("  " + style.fail() + " approval refused" + src, ": " + text(a.reason()), "      ");
            }
        } else if (e instanceof RunEvent.AwaitingApproval) {
            RunEvent.AwaitingApproval w = (RunEvent.AwaitingApproval) e;
            out.println(style.yellow("  step '" + line(w.step()) + "' waits for approval: " + w.have() + " of "
                    + w.needed() + (w.needed() == 1 ? " approval" : " approvals") + " (plan sha256:"
                    + w.planDigest() + ")"));
            out.println("  the approver runs:  " + line(w.approveCommand()));
            out.println("  then the operator:  " + line(w.resumeCommand()));
        } else if (e instanceof RunEvent.CleanupStarted) {
            RunEvent.CleanupStarted c = (RunEvent.CleanupStarted) e;
            out.println();
            out.println(style.bold("Clean-up") + style.dim(" (" + c.steps().size()
                    + (c.steps().size() == 1 ? " step" : " steps") + ("planned".equals(c.after()) ? ""
                    : ", after the main steps ended " + c.after()) + ")"));
            out.println();
        } else if (e instanceof RunEvent.CleanupFinished) {
            RunEvent.CleanupFinished c = (RunEvent.CleanupFinished) e;
            if (!"planned".equals(c.status())) {
                String text = "clean-up " + c.status() + (c.message() == null ? "" : ": " + line(c.message()));
                out.println("succeeded".equals(c.status()) ? style.green(text) : style.yellow(text));
                out.println();
            }
        } else if (e instanceof RunEvent.ResourceChecked) {
            RunEvent.ResourceChecked c = (RunEvent.ResourceChecked) e;
            if (!"gone".equals(c.state())) {
                dev.runbook.action.CreatedResource r = new dev.runbook.action.CreatedResource(c.kind(), c.id(),
                        c.region(), c.removal());
                out.println(style.yellow((c.leftover() ? "leftover: " : "may be left over (" + line(c.message())
                        + "): ") + line(r.describe())));
            }
        } else if (e instanceof RunEvent.RunFinished) {
            running.clear();
            progressOf.clear();
            stopTicker();
            finishedRun((RunEvent.RunFinished) e);
        }
        out.flush();
    }

    /**
     * A prompt is being asked at the terminal: until {@link #releaseOutput}, lines are held, not printed, so that
     * none lands on the prompt line; the status line is taken away and not redrawn.
     */
    public synchronized void holdOutput() {
        if (holds++ == 0) {
            clearStatus();
            screen.flush();
            held = new StringWriter();
            out = new PrintWriter(new Counting(held));
        }
    }

    /** The prompt was answered (or given up): the lines held meanwhile are printed, in order. */
    public synchronized void releaseOutput() {
        if (holds == 0 || --holds > 0) {
            return;
        }
        out.flush();
        out = screen;
        screen.print(held);
        held = null;
        screen.flush();
    }

    /** Stops the status line (the run is over, or ended by an exception). */
    @Override
    public void close() {
        stopTicker();
        synchronized (this) {
            clearStatus();
            screen.flush();
        }
    }

    /** One beat of the status line: redrawn when steps are running, no prompt is open and nothing else was printed. */
    synchronized void tick() {
        if (live && holds == 0 && !running.isEmpty() && !printedSinceTick) {
            drawStatus();
            screen.flush();
        }
        printedSinceTick = false;
    }

    private void startTicker() {
        if (!live || ticker != null) {
            return;
        }
        ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(TICK_MILLIS);
                    tick();
                }
            } catch (InterruptedException e) {
                // the run is over
            }
        }, "runbook-status-line");
        ticker.setDaemon(true);
        ticker.start();
    }

    private synchronized void stopTicker() {
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
    }

    private void output(RunEvent.StepOutput o) {
        String bar = "stderr".equals(o.stream()) ? style.yellow("\u2502") : style.dim("\u2502");
        if (running.size() > 1 || !o.step().equals(lastSpeaker)) {
            tagged.add(o.step());
        }
        String prefix = "    " + bar + " " + (tagged.contains(o.step()) ? style.dim(line(o.step()) + " \u2502") + " " : "");
        printWrapped(prefix, line(lastState(o.line())), prefix);
        lastSpeaker = o.step();
        progressOf.remove(o.step()); // a line the command rewrote while it lasted is now printed whole
    }

    /** What a terminal would show of a line that rewrites itself with carriage returns: the text after the last. */
    static String lastState(String line) {
        String s = line;
        while (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        int cr = s.lastIndexOf('\r');
        return cr < 0 ? s : s.substring(cr + 1);
    }

    private void started(RunEvent.RunStarted s) {
        mode = s.mode();
        out.println(style.bold(line(s.runbook())) + style.dim(" (" + line(s.file()) + ")"));
        out.println("run id: " + line(s.runId()) + (s.resumed() ? " (resumed)" : "") + style.dim("  operator: " + line(s.operator())));
        if (mode == Mode.DRY_RUN) {
            out.println(style.yellow("DRY-RUN: nothing will be executed; this is what the run would do."));
        } else if (mode == Mode.TABLETOP) {
            out.println(style.yellow("TABLETOP: nothing will be executed; each step is walked through in order and"
                    + " the team's note on it is recorded."));
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
        governs(p.governs());
        if (p.note() != null && !p.note().isBlank() && !p.note().startsWith("dry-run:")
                && !p.note().startsWith("tabletop:")) {
            out.println("   " + style.dim(text(p.note())));
        }
        out.println();
        blankAt = written;
    }

    /** One {@code governs:} line (what is not a default), the bound a wait really has, and the undo's request. */
    private void governs(Governs g) {
        if (g == null) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (g.system() != null) {
            parts.add("region: " + (g.region() == null ? "the profile's (no --region or AWS_REGION)" : g.region()));
            parts.add("account: " + (g.account() == null ? "known at run time" : g.account()));
        }
        if (g.timeout() != null) {
            parts.add("timeout: " + g.timeout());
        }
        if (g.retry() != null) {
            parts.add("retry: " + retry(g.retry()));
        }
        if (g.check() != null) {
            parts.add("check: " + g.bareCheck().replaceAll("[ \\t]*\\R\\s*", " "));
        }
        if (g.onFailure() != OnFailure.ABORT) { // abort is what a failure does unless told otherwise
            parts.add("on-failure: " + g.onFailure().yamlName());
        }
        if (!parts.isEmpty()) {
            out.println("   " + style.dim("governs: " + line(String.join(" \u00B7 ", parts))));
        }
        if (g.bound() != null && g.boundBy().equals("timeout")) {
            // the action's own preview names its own limit: say which one really ends the step
            out.println("   " + style.dim("gives up after " + Durations.written(g.bound())
                    + ": the step's timeout is shorter than the action's own limit"));
        }
        if (g.undoPreview() != null) {
            out.println("   undo " + style.dim(line(g.undoAction())) + " \u2192 " + line(g.undoPreview().summary()));
            for (String d : g.undoPreview().details()) {
                out.println("     " + style.dim(line(d)));
            }
        }
    }

    /** A retry as written: {@code 3 attempts, delay 5s, backoff x2, max-delay 1m}. */
    static String retry(Retry r) {
        String s = r.attempts() + " attempts";
        if (!r.delay().isZero()) {
            s += ", delay " + Durations.written(r.delay());
        }
        if (r.backoff() != 1.0) {
            s += ", backoff x" + number(r.backoff());
        }
        if (!r.maxDelay().isZero()) {
            s += ", max-delay " + Durations.written(r.maxDelay());
        }
        return s;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
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
            case AWAITING_APPROVAL: symbol = waiting(); break;
            default: symbol = style.fail(); break;
        }
        // "skipped: if x is false" says its status itself: it is not written twice
        boolean saysStatus = f.message() != null && f.message().startsWith(f.status().label() + ": ");
        String status = f.status() == StepStatus.SUCCEEDED || saysStatus ? "" : " " + f.status().label();
        String message = f.message() == null || f.message().isBlank() ? "" : ": " + TerminalText.brief(f.message());
        if (f.message() != null && TerminalText.isLong(f.message())) {
            shortened.add(f.message()); // shown once: the run's summary points here instead of repeating it
        }
        printWrapped(symbol + " " + line(f.title()) + status + " " + time, message, "    ");
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

    /** The mark of a step or run that waits for approval. */
    private String waiting() {
        return style.color() ? style.yellow("\u23F8") : "waiting";
    }

    private void finishedRun(RunEvent.RunFinished f) {
        if (written != blankAt) {
            out.println();
        }
        List<String> counts = new ArrayList<>();
        for (Map.Entry<StepStatus, Integer> c : f.counts().entrySet()) {
            counts.add(c.getValue() + " " + c.getKey().label());
        }
        String summary = String.join(", ", counts);
        String time = Durations.format(f.duration());
        if (f.status() == RunStatus.SUCCEEDED || f.status() == RunStatus.PLANNED) {
            String verb = f.status() != RunStatus.PLANNED ? "succeeded" : mode == Mode.TABLETOP ? "walked through"
                    : "planned";
            out.println(style.ok() + " " + style.bold("run " + f.runId() + " " + verb) + " in " + time
                    + (summary.isEmpty() ? "" : " (" + summary + ")"));
        } else {
            String mark = f.status() == RunStatus.AWAITING_APPROVAL ? waiting() : style.fail();
            out.println(mark + " " + style.bold("run " + f.runId() + " " + f.status().label()) + " after " + time
                    + (summary.isEmpty() ? "" : " (" + summary + ")"));
            if (f.message() != null && !f.message().isBlank()) {
                String message = f.message();
                for (String m : shortened) {
                    message = message.replace(m, "see above");
                }
                printWrapped("  ", TerminalText.brief(message), "  ");
            }
            for (Map.Entry<String, String> n : f.notUndone().entrySet()) {
                printWrapped("  " + style.yellow("not undone:") + " " + style.bold(line(n.getKey())) + " - ", text(n.getValue()), "    ");
            }
        }
    }

    private void progress(RunEvent.StepProgress p) {
        progressOf.put(p.step(), p.message());
        if (live) {
            if (holds == 0) {
                drawStatus();
            }
        } else if (Duration.between(lastPlainProgress, p.at()).compareTo(PLAIN_PROGRESS_EVERY) >= 0) {
            lastPlainProgress = p.at();
            out.println("  " + style.dim("\u2026 " + line(p.message())));
        }
    }

    /** The status line: each running step with its elapsed time and last progress, in place of the previous one. */
    private void drawStatus() {
        if (running.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Instant> r : running.entrySet()) {
            String progress = progressOf.get(r.getKey());
            parts.add(r.getKey() + " " + elapsed(Duration.between(r.getValue(), now))
                    + (progress == null ? "" : ": " + progress));
        }
        String status = truncate(line(String.join(" \u00B7 ", parts)), Math.max(NARROWEST, columns() - 5));
        screen.print("\r\u001B[2K  " + style.cyan(String.valueOf(SPINNER[spin++ % SPINNER.length])) + " " + status);
        statusShown = true;
    }

    private static String elapsed(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 60 ? s + "s" : Durations.format(Duration.ofSeconds(s));
    }

    private void clearStatus() {
        if (statusShown) {
            screen.print("\r\u001B[2K");
            statusShown = false;
        }
    }

    private int columns() {
        return width > 0 ? width : 80;
    }

    /**
     * Prints {@code text} after {@code first}, wrapped at the width: continuation lines (and the lines of a text with
     * line feeds) start with {@code next}. Breaks at spaces, or inside a word longer than a line.
     */
    private void printWrapped(String first, String text, String next) {
        if (width <= 0) {
            out.println(first + text);
            return;
        }
        String prefix = first;
        for (String paragraph : text.split("\n", -1)) {
            String rest = paragraph;
            do {
                int room = Math.max(NARROWEST, width - visibleLength(prefix));
                int cut = rest.length() <= room ? rest.length() : breakAt(rest, room);
                out.println(prefix + rest.substring(0, cut).stripTrailing());
                rest = rest.substring(cut).stripLeading();
                prefix = next;
            } while (!rest.isEmpty());
        }
    }

    private static int breakAt(String s, int room) {
        int space = s.lastIndexOf(' ', room);
        return space > room / 3 ? space : room;
    }

    private static int visibleLength(String styled) {
        return STYLE_CODE.matcher(styled).replaceAll("").length();
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

    /** Counts what passes through, so that the run's last line is not preceded by two blank lines. */
    private final class Counting extends java.io.FilterWriter {
        Counting(java.io.Writer to) {
            super(to);
        }

        @Override
        public void write(int c) throws java.io.IOException {
            written++;
            super.write(c);
        }

        @Override
        public void write(char[] b, int off, int len) throws java.io.IOException {
            written += len;
            super.write(b, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws java.io.IOException {
            written += len;
            super.write(str, off, len);
        }
    }
}
