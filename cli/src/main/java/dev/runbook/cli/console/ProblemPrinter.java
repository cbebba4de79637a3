package dev.runbook.cli.console;

import dev.runbook.model.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints diagnostics as {@code FILE:LINE:COLUMN: message}, followed by the source line with a caret under the
 * column and the hint, the way compilers do. The first line of each diagnostic is stable for tools to parse.
 */
public final class ProblemPrinter {
    private final PrintWriter out;
    private final Style style;
    private final Map<String, List<String>> sources = new HashMap<>();

    public ProblemPrinter(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    public void print(Problem p) {
        String where = p.location().toString() + ":";
        String kind = p.isError() ? "" : style.yellow("warning:") + " ";
        out.println(style.bold(TerminalText.line(where)) + " " + kind + TerminalText.text(p.message()));
        String line = sourceLine(p.location().file(), p.location().line());
        if (line != null && !line.isBlank()) {
            String number = String.valueOf(p.location().line());
            String gutter = " ".repeat(number.length());
            out.println(style.dim(" " + number + " | ") + TerminalText.line(line));
            int col = Math.max(1, Math.min(p.location().column(), line.length() + 1));
            // the caret stays under its character when characters before it are shown as escapes
            int shown = TerminalText.line(line.substring(0, col - 1)).length();
            out.println(style.dim(" " + gutter + " | ") + " ".repeat(shown) + (p.isError() ? style.red("^") : style.yellow("^")));
        }
        if (p.hint() != null && !p.hint().isBlank()) {
            out.println("    hint: " + TerminalText.text(p.hint()));
        }
    }

    private String sourceLine(String file, int line) {
        List<String> lines = sources.computeIfAbsent(file, f -> {
            try {
                Path path = Paths.get(f);
                if (!Files.isRegularFile(path) || Files.size(path) > 4L * 1024 * 1024) {
                    return List.of();
                }
                return Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        });
        if (line < 1 || line > lines.size()) {
            return null;
        }
        String text = lines.get(line - 1);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
