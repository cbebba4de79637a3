package dev.runbook.parse;

import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses a runbook file into the model and reports every structural problem in one pass: unreadable or malformed
 * YAML, unknown fields, wrong types, missing fields and bad values, each at its line and column. It never throws for
 * bad input. Checks that need the whole runbook (step references, actions, expressions) belong to the checker.
 */
public final class RunbookParser {

    /** Reads and parses {@code file}; its path as given becomes the file of every location. */
    public ParseResult parse(Path file) {
        String displayName = file.toString();
        String text;
        try {
            text = YamlReader.readText(file, displayName);
        } catch (YamlException e) {
            return new ParseResult(displayName, null, List.of(e.problem()));
        }
        return parse(displayName, text);
    }

    /** Parses runbook text held in memory; {@code displayName} becomes the file of every location. */
    public ParseResult parse(String displayName, String text) {
        List<Problem> problems = new ArrayList<>();
        Node root;
        try {
            root = YamlReader.read(displayName, text, problems);
        } catch (YamlException e) {
            problems.add(e.problem());
            return result(displayName, null, problems);
        }
        if (root instanceof Node.Mapping) {
            Runbook runbook = new RunbookBinder(displayName, problems).bind((Node.Mapping) root);
            return result(displayName, runbook, problems);
        }
        if (root instanceof Node.Scalar && ((Node.Scalar) root).value() == null) {
            problems.add(Problem.error(new Location(displayName, 1, 1),
                    "the file is empty; a runbook starts with `runbook: 1`"));
        } else {
            problems.add(Problem.error(root.location(),
                    "expected a mapping with runbook:, name:, steps:, found " + RunbookBinder.describe(root)));
        }
        return result(displayName, null, problems);
    }

    private static ParseResult result(String file, Runbook runbook, List<Problem> problems) {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return new ParseResult(file, runbook, sorted);
    }
}
