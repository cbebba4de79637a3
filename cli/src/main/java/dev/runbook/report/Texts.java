package dev.runbook.report;

import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting shared by the renderers. */
final class Texts {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Texts() {
    }

    static String human(Duration d) {
        return d == null ? "-" : Durations.format(d);
    }

    static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    static String clock(Instant at) {
        return at == null ? "-" : CLOCK.format(at);
    }

    static String iso(Instant at) {
        return at == null ? null : at.toString();
    }

    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // characters XML 1.0 cannot hold at all are dropped rather than making the file unreadable
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** What a report calls the run: {@code Tabletop}, {@code Drill} or {@code Run}. */
    static String kind(RunTimeline t) {
        return t.tabletop() ? "Tabletop" : t.drill() ? "Drill" : "Run";
    }

    /** A parameter's value as recorded: text as it is, anything else (a number, a list, a mapping) as JSON. */
    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return (String) v;
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    static String cell(String s) {
        return s == null ? "-" : s.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }

    static String verdict(Objective o) {
        if (o.met() == null || o.achieved() == null) {
            return o.met() == null ? o.verdict() : "❌ " + o.verdict();
        }
        return o.met() ? "✅ met" : "❌ missed";
    }
}
