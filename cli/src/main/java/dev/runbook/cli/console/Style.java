package dev.runbook.cli.console;

/**
 * Colours and symbols for a terminal, or plain text when output is not a terminal, {@code NO_COLOR} is set or
 * {@code --no-color} is given. Every piece of CLI output that wants emphasis goes through here.
 */
public final class Style {
    private static final String RESET = "\u001B[0m";
    private final boolean color;

    public Style(boolean color) {
        this.color = color;
    }

    public boolean color() {
        return color;
    }

    public String red(String s) {
        return wrap("\u001B[31m", s);
    }

    public String green(String s) {
        return wrap("\u001B[32m", s);
    }

    public String yellow(String s) {
        return wrap("\u001B[33m", s);
    }

    public String cyan(String s) {
        return wrap("\u001B[36m", s);
    }

    public String bold(String s) {
        return wrap("\u001B[1m", s);
    }

    public String dim(String s) {
        return wrap("\u001B[2m", s);
    }

    public String ok() {
        return color ? green("\u2714") : "ok";
    }

    public String fail() {
        return color ? red("\u2716") : "FAILED";
    }

    public String warn() {
        return color ? yellow("\u26A0") : "warning";
    }

    public String skip() {
        return color ? dim("\u21B7") : "skipped";
    }

    public String running() {
        return color ? cyan("\u25B6") : "start";
    }

    private String wrap(String code, String s) {
        return color ? code + s + RESET : s;
    }
}
