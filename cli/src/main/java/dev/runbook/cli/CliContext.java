package dev.runbook.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What the process gives the commands: its streams, environment and clock. Tests build one with captured streams
 * and a chosen environment, so no command reads {@code System.*} directly.
 *
 * @param terminal whether standard input and output are an interactive terminal (prompts are possible)
 */
public record CliContext(
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        Map<String, String> env,
        boolean terminal,
        Clock clock,
        boolean debug) {

    /** Whether output may use colours and symbols: on a terminal, unless NO_COLOR or --no-color says otherwise. */
    public boolean color(boolean noColorFlag) {
        String noColor = env.get("NO_COLOR");
        return terminal && !noColorFlag && (noColor == null || noColor.isEmpty());
    }
}
