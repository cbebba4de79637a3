package dev.runbook.testing;

import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code *.test.yaml} files with the runbook reader, so that every mistake in a test file is reported at its
 * file, line and column, and unknown keys are refused rather than silently ignored.
 */
public final class TestFileReader {
    private static final Set<String> TOP = Set.of("runbook", "params", "cases");
    private static final Set<String> CASE = Set.of("name", "params", "answers", "now", "steps", "expect");
    private static final Set<String> ANSWERS = Set.of("yes", "confirm", "ack", "approve");
    private static final Set<String> FIXTURE = Set.of("outputs", "error", "times", "undo", "calls");
    private static final Set<String> EXPECT = Set.of("status", "steps", "outputs", "message");
    private static final Set<String> RUN_STATUSES = Set.of("succeeded", "failed", "rolled-back",
            "rollback-incomplete", "declined", "awaiting-approval");
    private static final Set<String> STEP_STATUSES = Set.of("succeeded", "failed", "timed-out", "skipped",
            "declined", "rolled-back", "not-run", "interrupted", "awaiting-approval");

    private TestFileReader() {
    }

    public static TestFile read(Path file) throws TestFileException {
        Node root;
        try {
            root = YamlReader.read(file);
        } catch (YamlException e) {
            throw new TestFileException(e.problem().format());
        }
        Node.Mapping top = mapping(root, "a test file");
        keys(top, TOP);
        Node.Scalar runbook = scalar(required(top, "runbook"), "runbook");
        Node.Sequence cases = sequence(required(top, "cases"), "cases");
        if (cases.items().isEmpty()) {
            throw new TestFileException(cases.location(), "cases is empty: give at least one case");
        }
        Map<String, Object> shared = params(top.get("params"));
        List<TestCase> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node c : cases.items()) {
            TestCase tc = readCase(mapping(c, "a case"), shared);
            if (!names.add(tc.name())) {
                throw new TestFileException(tc.location(), "two cases are named '" + tc.name() + "'");
            }
            out.add(tc);
        }
        return new TestFile(file, String.valueOf(runbook.value()), runbook.location(), out);
    }

    /** Parameters shared by every case (top-level {@code params}); a case's own win. */
    private static Map<String, Object> params(Node n) throws TestFileException {
        Map<String, Object> params = new LinkedHashMap<>();
        if (n != null) {
            for (Node.Entry e : mapping(n, "params").entries()) {
                params.put(e.key(), e.value().toPlain());
            }
        }
        return params;
    }

    private static TestCase readCase(Node.Mapping m, Map<String, Object> shared) throws TestFileException {
        keys(m, CASE);
        String name = text(required(m, "name"), "name");
        Map<String, Object> params = new LinkedHashMap<>(shared);
        params.putAll(params(m.get("params")));
        boolean yes = false;
        Map<String, String> confirms = new LinkedHashMap<>();
        List<String> acks = new ArrayList<>();
        Map<String, List<String>> approve = new LinkedHashMap<>();
        if (m.get("answers") != null) {
            Node.Mapping a = mapping(m.get("answers"), "answers");
            keys(a, ANSWERS);
            if (a.get("yes") != null) {
                Node.Scalar y = scalar(a.get("yes"), "yes");
                if (!(y.value() instanceof Boolean)) {
                    throw new TestFileException(y.location(), "yes must be true or false");
                }
                yes = (Boolean) y.value();
            }
            if (a.get("confirm") != null) {
                for (Node.Entry e : mapping(a.get("confirm"), "confirm").entries()) {
                    confirms.put(e.key(), text(e.value(), "confirm." + e.key()));
                }
            }
            if (a.get("approve") != null) {
                for (Node.Entry e : mapping(a.get("approve"), "approve").entries()) {
                    List<String> who = new ArrayList<>();
                    if (e.value() instanceof Node.Sequence) {
                        for (Node item : ((Node.Sequence) e.value()).items()) {
                            who.add(text(item, "approve." + e.key()));
                        }
                    } else {
                        who.add(text(e.value(), "approve." + e.key()));
                    }
                    approve.put(e.key(), who);
                }
            }
            Node ack = a.get("ack");
            if (ack instanceof Node.Sequence) {
                for (Node item : ((Node.Sequence) ack).items()) {
                    acks.add(text(item, "ack"));
                }
            } else if (ack != null) {
                acks.add(text(ack, "ack"));
            }
        }
        Instant now = Instant.parse("2026-01-15T12:00:00Z");
        if (m.get("now") != null) {
            Node.Scalar n = scalar(m.get("now"), "now");
            try {
                now = Instant.parse(String.valueOf(n.value()));
            } catch (DateTimeParseException e) {
                throw new TestFileException(n.location(), "now must be an ISO-8601 UTC time such as"
                        + " 2026-01-15T12:00:00Z, got '" + n.value() + "'");
            }
        }
        Map<String, StepFixtures> fixtures = new LinkedHashMap<>();
        if (m.get("steps") != null) {
            for (Node.Entry e : mapping(m.get("steps"), "steps").entries()) {
                fixtures.put(e.key(), stepFixtures(e));
            }
        }
        Node.Mapping expect = mapping(required(m, "expect"), "expect");
        keys(expect, EXPECT);
        String status = null;
        if (expect.get("status") != null) {
            status = oneOf(expect.get("status"), "expect.status", RUN_STATUSES);
        }
        Map<String, String> steps = new LinkedHashMap<>();
        if (expect.get("steps") != null) {
            for (Node.Entry e : mapping(expect.get("steps"), "expect.steps").entries()) {
                steps.put(e.key(), oneOf(e.value(), "expect.steps." + e.key(), STEP_STATUSES));
            }
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (expect.get("outputs") != null) {
            for (Node.Entry e : mapping(expect.get("outputs"), "expect.outputs").entries()) {
                if (e.key().split("\\.").length != 2) {
                    throw new TestFileException(e.keyLocation(), "expect.outputs keys are STEP.OUTPUT, got '"
                            + e.key() + "'");
                }
                outputs.put(e.key(), e.value().toPlain());
            }
        }
        String message = expect.get("message") == null ? null : text(expect.get("message"), "expect.message");
        return new TestCase(name, m.location(), params, yes, confirms, acks, now, fixtures, status, steps, outputs, message,
                approve);
    }

    private static StepFixtures stepFixtures(Node.Entry e) throws TestFileException {
        Node.Mapping m = mapping(e.value(), "the fixture of step '" + e.key() + "'");
        keys(m, FIXTURE);
        List<Fixture> calls = calls(m, "steps." + e.key());
        List<Fixture> undo = List.of();
        if (m.get("undo") != null) {
            Node.Mapping u = mapping(m.get("undo"), "undo");
            keys(u, Set.of("outputs", "error", "times", "calls"));
            undo = calls(u, "steps." + e.key() + ".undo");
        }
        return new StepFixtures(e.key(), e.keyLocation(), calls, undo);
    }

    /** Either {@code calls: [fixture, ...]} or one fixture written inline. */
    private static List<Fixture> calls(Node.Mapping m, String field) throws TestFileException {
        List<Fixture> calls = new ArrayList<>();
        if (m.get("calls") != null) {
            if (m.has("outputs") || m.has("error") || m.has("times")) {
                throw new TestFileException(m.location(), field + ": give either calls or outputs/error, not both");
            }
            for (Node c : sequence(m.get("calls"), field + ".calls").items()) {
                Node.Mapping cm = mapping(c, "a call");
                keys(cm, Set.of("outputs", "error", "times"));
                calls.add(fixture(cm, field));
            }
        } else if (m.has("outputs") || m.has("error")) {
            calls.add(fixture(m, field));
        }
        return calls;
    }

    private static Fixture fixture(Node.Mapping m, String field) throws TestFileException {
        if (m.has("outputs") && m.has("error")) {
            throw new TestFileException(m.location(), field + ": give outputs or error, not both");
        }
        if (!m.has("outputs") && !m.has("error")) {
            throw new TestFileException(m.location(), field + ": give outputs: {...} or error: \"message\"");
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (m.get("outputs") != null) {
            for (Node.Entry e : mapping(m.get("outputs"), field + ".outputs").entries()) {
                outputs.put(e.key(), e.value().toPlain());
            }
        }
        String error = m.has("error") ? text(m.get("error"), field + ".error") : null;
        int times = 1;
        if (m.get("times") != null) {
            Node.Scalar t = scalar(m.get("times"), "times");
            if (!(t.value() instanceof Long) || (Long) t.value() < 1) {
                throw new TestFileException(t.location(), field + ".times must be a whole number of at least 1");
            }
            times = ((Long) t.value()).intValue();
        }
        return new Fixture(m.location(), outputs, error, times);
    }

    private static String oneOf(Node n, String field, Set<String> allowed) throws TestFileException {
        String v = text(n, field);
        if (!allowed.contains(v)) {
            throw new TestFileException(n.location(), field + " must be one of " + new TreeSet<>(allowed)
                    + ", got '" + v + "'");
        }
        return v;
    }

    private static void keys(Node.Mapping m, Set<String> allowed) throws TestFileException {
        for (Node.Entry e : m.entries()) {
            if (!allowed.contains(e.key())) {
                throw new TestFileException(e.keyLocation(), "unknown key '" + e.key() + "' (expected one of "
                        + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private static Node required(Node.Mapping m, String key) throws TestFileException {
        Node n = m.get(key);
        if (n == null) {
            throw new TestFileException(m.location(), "missing '" + key + "'");
        }
        return n;
    }

    private static Node.Mapping mapping(Node n, String what) throws TestFileException {
        if (!(n instanceof Node.Mapping)) {
            throw new TestFileException(n.location(), what + " must be a mapping");
        }
        return (Node.Mapping) n;
    }

    private static Node.Sequence sequence(Node n, String what) throws TestFileException {
        if (!(n instanceof Node.Sequence)) {
            throw new TestFileException(n.location(), what + " must be a list");
        }
        return (Node.Sequence) n;
    }

    private static Node.Scalar scalar(Node n, String what) throws TestFileException {
        if (!(n instanceof Node.Scalar) || ((Node.Scalar) n).value() == null) {
            throw new TestFileException(n.location(), what + " must be a single value");
        }
        return (Node.Scalar) n;
    }

    private static String text(Node n, String what) throws TestFileException {
        return String.valueOf(scalar(n, what).value());
    }

}
