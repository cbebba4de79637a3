package dev.runbook.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What the process gives the commands: its streams, environment and clock. Tests build one with captured streams
 * and a chosen environment, so no command reads {@code System.*} directly.
 *
 * @param terminal whether prompts are possible: standard input is an interactive terminal, and standard output or
 *     standard error is one to show them on ({@code runbook run X | tee incident.log} still asks)
 * @param outputTerminal whether standard output is a terminal (colours, symbols, live status lines)
 */
public record CliContext(
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        Map<String, String> env,
        boolean terminal,
        Clock clock,
        boolean debug,
        boolean outputTerminal) {

    /** A context whose standard input and output are both a terminal, or neither. */
    public CliContext(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, boolean terminal,
            Clock clock, boolean debug) {
        this(out, err, in, env, terminal, clock, debug, terminal);
    }

    /** The width to wrap text for: the {@code COLUMNS} variable when it is a number, else 80. */
    public int width() {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            return columns >= 20 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Whether output may use colours and symbols: on a terminal, unless NO_COLOR or --no-color says otherwise. */
    public boolean color(boolean noColorFlag) {
        String noColor = env.get("NO_COLOR");
        return outputTerminal && !noColorFlag && (noColor == null || noColor.isEmpty());
    }
}
