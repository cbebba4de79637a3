package dev.runbook.cli;

import dev.runbook.cli.console.Style;
import dev.runbook.cli.console.TerminalConfirmer;
import dev.runbook.cli.console.TextRunListener;
import dev.runbook.cli.console.WriterOutputStream;
import java.io.IOException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The JLine terminal of a run that can prompt. Kept apart from {@link RunCommand} so that no JLine type appears in
 * a command's signatures: picocli reflects over them, and a dry-run or a script would load JLine for nothing.
 */
final class TerminalSession implements AutoCloseable {
    private final Terminal terminal;

    private TerminalSession(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The process's terminal (its input, and output or error), or, for in-process callers (tests) that hand their own streams, a dumb one over them. */
    static TerminalSession open(CliContext context) throws IOException {
        if (context.in() == System.in) {
            // Standard output may be a pipe (`| tee incident.log`): the prompts then go to the terminal on standard
            // error, while the steps' output stays on standard output.
            // graphemeCluster(false): JLine would otherwise query the terminal's modes at start (DECRQM, DA1, cursor
            // reports around test emoji) and wait for the answers: escape codes on every run, and up to 200 ms
            Terminal system = TerminalBuilder.builder().system(true).graphemeCluster(false)
                    .systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr).build();
            if (system.getWidth() <= 0) {
                // a pseudo-terminal with no size (e.g. script fed from a pipe) would garble JLine's line editing
                system.setSize(new Size(80, Math.max(system.getHeight(), 24)));
            }
            return new TerminalSession(system);
        }
        return new TerminalSession(TerminalBuilder.builder().system(false).dumb(true)
                .streams(context.in(), new WriterOutputStream(context.out())).build());
    }

    /** Prompts over this terminal; while one is asked, the output of other steps is held by {@code output}. */
    TerminalConfirmer confirmer(CliContext context, Style style, String operator, TextRunListener output) {
        // plain output (NO_COLOR, --no-color) leaves out the bracketed-paste mode codes around each prompt
        return new TerminalConfirmer(LineReaderBuilder.builder().terminal(terminal)
                .option(LineReader.Option.BRACKETED_PASTE, style.color()).build(), context.out(), style,
                operator, output);
    }

    /** The terminal's width in columns (80 when it does not say). */
    int width() {
        int columns = terminal.getWidth();
        return columns >= 20 ? columns : 80;
    }

    /** Runs the handler on Ctrl-C (the terminal's INT signal). */
    void onInterrupt(Runnable handler) {
        terminal.handle(Terminal.Signal.INT, signal -> handler.run());
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
