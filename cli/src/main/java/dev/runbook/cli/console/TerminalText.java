package dev.runbook.cli.console;

/**
 * The one sanitiser of every text printer: values that came from a runbook, a parameter, a command's output or the
 * audit log are printed with their control characters made visible, so that they cannot move the cursor, recolour,
 * ring, hide text, reverse it (bidi overrides) or forge a line of the tool's own output. ESC becomes {@code \e}, BEL
 * {@code \a}, NUL {@code \0}, BS {@code \b}, CR {@code \r}, LF {@code \n} (in one-line values), VT {@code \v}, FF
 * {@code \f}, other C0 and DEL {@code \x1f}-style, C1 and the bidi embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069), the bidi marks (U+200E, U+200F, U+061C) and the line and paragraph separators
 * (U+2028, U+2029) as a backslash, {@code u} and four hex digits. Tabs are kept. JSON output and the audit log keep the exact characters.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** A value shown on one line (a title, a parameter, an output line): line breaks are made visible too. */
    public static String line(Object value) {
        return neutralise(value, false);
    }

    /** A text that may span lines (a message, instructions): line feeds are kept, every other control made visible. */
    public static String text(Object value) {
        return neutralise(value, true);
    }

    /** Longest a {@link #brief} text is, in characters and in lines. */
    static final int BRIEF_CHARS = 400;
    static final int BRIEF_LINES = 4;

    /**
     * A text that may be long (an HTTP error's body in a failure message), as {@link #text}, shortened to its first
     * 400 characters and 4 lines, with how much was left out; the audit record keeps the whole text.
     */
    public static String brief(Object value) {
        String s = text(value);
        if (s == null || !isLong(s)) {
            return s;
        }
        int end = Math.min(s.length(), BRIEF_CHARS);
        int from = 0;
        for (int i = 0; i < BRIEF_LINES; i++) {
            int nl = s.indexOf('\n', from);
            if (nl < 0 || nl >= end) {
                break;
            }
            from = nl + 1;
            if (i == BRIEF_LINES - 1) {
                end = nl;
            }
        }
        return s.substring(0, end).stripTrailing() + " \u2026 (" + (s.length() - end)
                + " more characters: the whole text is in the audit record)";
    }

    /** Whether {@link #brief} would shorten this text. */
    public static boolean isLong(String s) {
        return s.length() > BRIEF_CHARS || s.chars().filter(c -> c == '\n').count() >= BRIEF_LINES;
    }

    private static String neutralise(Object value, boolean keepLineFeeds) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value);
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i), keepLineFeeds)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c, keepLineFeeds)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case 0x1B: b.append("\\e"); break;
                case 0x07: b.append("\\a"); break;
                case 0x00: b.append("\\0"); break;
                case 0x08: b.append("\\b"); break;
                case '\r': b.append("\\r"); break;
                case '\n': b.append("\\n"); break;
                case 0x0B: b.append("\\v"); break;
                case 0x0C: b.append("\\f"); break;
                default:
                    if (c < 0x80) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
            }
        }
        return b.toString();
    }

    private static boolean unsafe(char c, boolean keepLineFeeds) {
        if (c < 0x20) {
            return c != '\t' && !(keepLineFeeds && c == '\n');
        }
        return c == 0x7F
                || (c >= 0x80 && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E || c == 0x200F || c == 0x061C
                || c == 0x2028 || c == 0x2029;
    }
}
