package dev.runbook.cli.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the Markdown of step instructions for a terminal: headings and {@code **bold**} in bold, {@code `code`} in
 * cyan, bullets as bullets, links as "text (url)"; everything else as written. Plain output keeps the text readable.
 */
public final class Markdown {
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*|__(.+?)__");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)");

    private Markdown() {
    }

    public static List<String> render(String markdown, Style style) {
        List<String> out = new ArrayList<>();
        boolean fence = false;
        for (String raw : markdown.strip().split("\\R", -1)) {
            String line = raw.stripTrailing();
            if (line.strip().startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                out.add("    " + style.cyan(line));
                continue;
            }
            String trimmed = line.stripLeading();
            String indent = line.substring(0, line.length() - trimmed.length());
            if (trimmed.startsWith("#")) {
                out.add(style.bold(trimmed.replaceFirst("^#+\\s*", "")));
            } else if (trimmed.startsWith("- ") || trimmed.startsWith("* ")) {
                out.add(indent + "\u2022 " + inline(trimmed.substring(2), style));
            } else {
                out.add(indent + inline(trimmed, style));
            }
        }
        return out;
    }

    private static String inline(String s, Style style) {
        String r = replace(LINK, s, m -> m.group(1) + " (" + m.group(2) + ")");
        r = replace(BOLD, r, m -> style.bold(m.group(1) != null ? m.group(1) : m.group(2)));
        return replace(CODE, r, m -> style.cyan(m.group(1)));
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
