package dev.runbook.actions.builtin;

import dev.runbook.util.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Small text helpers the built-in actions share: shell quoting, short durations, expression source text. */
final class Texts {
    private static final Pattern WHOLE_EXPRESSION = Pattern.compile("^\\s*\\$\\{\\{(.*)}}\\s*$", Pattern.DOTALL);

    private Texts() {
    }

    /** One argument as a POSIX shell would need it written: as is when safe, else in single quotes. */
    static String shellQuote(String arg) {
        return Shell.quote(arg);
    }

    static String shellLine(Collection<String> argv) {
        List<String> quoted = new ArrayList<>();
        for (String a : argv) {
            quoted.add(shellQuote(a));
        }
        return String.join(" ", quoted);
    }

    /** A compact duration as runbooks write them: {@code 30m}, {@code 1h30m}, {@code 2m5s}, {@code 500ms}. */
    static String duration(Duration d) {
        return dev.runbook.model.Durations.written(d);
    }

    /** The expression inside {@code ${{ }}} when the text is exactly one, else the text: shorter in messages. */
    static String bareExpression(String source) {
        var m = WHOLE_EXPRESSION.matcher(source);
        return m.matches() && !m.group(1).contains("${{") ? m.group(1).trim() : source;
    }

    /** An expression written over several lines, on one line for a preview (the line breaks and their indent as one space). */
    static String oneLine(String expression) {
        return expression.replaceAll("[ \\t]*\\R\\s*", " ");
    }

    /** A value for a message: strings in quotes, everything else as Java prints it. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence) {
            return "'" + value + "'";
        }
        if (value instanceof Map) {
            return "a map " + value;
        }
        if (value instanceof Collection) {
            return "a list " + value;
        }
        return String.valueOf(value);
    }

    /** At most {@code max} characters of a text, marked when cut. */
    static String head(String text, int max, UnaryOperator<String> atCut) {
        return text.length() <= max ? text : atCut.apply(text.substring(0, max)) + "...";
    }
}
