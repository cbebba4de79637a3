package dev.runbook.library;

import dev.runbook.model.Location;
import dev.runbook.model.Parameter;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The result of checking one runbook file: the runbook (null when it could not be read as one) and every problem,
 * sorted by position.
 */
public record Validation(String file, Runbook runbook, List<Problem> problems) {

    public Validation {
        problems = List.copyOf(problems);
    }

    public long errors() {
        return problems.stream().filter(Problem::isError).count();
    }

    public long warnings() {
        return problems.size() - errors();
    }

    public boolean valid() {
        return runbook != null && errors() == 0;
    }

    /** Where each secret parameter's default is written: a source excerpt must not show what follows. */
    public List<Location> secretDefaultLocations() {
        List<Location> out = new ArrayList<>();
        if (runbook != null) {
            for (Parameter p : runbook.parameters().values()) {
                if (p.secret() && p.defaultValue() != null && p.defaultValue().location() != null) {
                    out.add(p.defaultValue().location());
                }
            }
        }
        return out;
    }

    /** The text of each secret parameter's default (every line of a multi-line one, every item of a list). */
    public List<String> secretDefaultTexts() {
        List<String> out = new ArrayList<>();
        if (runbook != null) {
            for (Parameter p : runbook.parameters().values()) {
                if (p.secret() && p.defaultValue() != null) {
                    texts(p.defaultValue().toPlain(), out);
                }
            }
        }
        return out;
    }

    private static void texts(Object value, List<String> out) {
        if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                texts(o, out);
            }
        } else if (value instanceof Map) {
            texts(((Map<?, ?>) value).values(), out);
        } else if (value != null) {
            String text = String.valueOf(value);
            out.add(text);
            for (String line : text.split("\\R")) {
                if (!line.isBlank() && !line.equals(text)) {
                    out.add(line.strip());
                }
            }
        }
    }
}
