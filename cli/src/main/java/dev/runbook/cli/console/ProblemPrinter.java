package dev.runbook.cli.console;

import dev.runbook.exec.Redactor;
import dev.runbook.model.Location;
import dev.runbook.model.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints diagnostics as {@code FILE:LINE:COLUMN: message}, followed by the source line with a caret under the
 * column and the hint, the way compilers do. The first line of each diagnostic is stable for tools to parse.
 */
public final class ProblemPrinter {
    private final PrintWriter out;
    private final Style style;
    private final Map<String, List<String>> sources = new HashMap<>();
    private final Redactor secrets = new Redactor();
    private final Set<Location> hiddenFrom = new HashSet<>();

    public ProblemPrinter(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    /**
     * Secret values (a secret parameter's default) that no diagnostic may show, and where such values are written:
     * a source line is shown only up to that column, then {@code ***}.
     */
    public ProblemPrinter hide(Collection<String> texts, Collection<Location> writtenAt) {
        for (String t : texts) {
            secrets.add(t);
        }
        hiddenFrom.addAll(writtenAt);
        return this;
    }

    public void print(Problem p) {
        String where = p.location().toString() + ":";
        String kind = p.isError() ? "" : style.yellow("warning:") + " ";
        out.println(style.bold(TerminalText.line(where)) + " " + kind + TerminalText.text(secrets.redact(p.message())));
        String line = masked(p.location().file(), p.location().line(),
                sourceLine(p.location().file(), p.location().line()));
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
            out.println("    hint: " + TerminalText.text(secrets.redact(p.hint())));
        }
    }

    private String masked(String file, int line, String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Location at : hiddenFrom) {
            if (at.line() == line && at.file().equals(file) && at.column() - 1 < out.length()) {
                out = out.substring(0, Math.max(0, at.column() - 1)) + Redactor.MASK;
            }
        }
        return secrets.redact(out);
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
