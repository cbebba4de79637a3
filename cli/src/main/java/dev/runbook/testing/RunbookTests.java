package dev.runbook.testing;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.exec.Executor;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.exec.ScriptedConfirmer;
import dev.runbook.exec.StepResult;
import dev.runbook.library.RunbookFiles;
import dev.runbook.library.Validation;
import dev.runbook.library.Validator;
import dev.runbook.model.Node;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import dev.runbook.params.ParameterBinder;
import dev.runbook.params.ParameterException;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs runbook test files ({@code *.test.yaml}): each case goes through the real {@link Executor} with the case's
 * parameters and answers, on a fake clock, with every action replaced by a {@link FixtureAction} that answers from
 * the case's fixtures. Nothing outside the process is called: the registry given to the executor offers no actor
 * probes and no real {@code apply} of an action that reaches out.
 */
public final class RunbookTests {
    private final ActionRegistry registry;

    public RunbookTests(ActionRegistry registry) {
        this.registry = registry;
    }

    /** The test files named by these paths: files as given, folders searched recursively for {@code *.test.yaml}. */
    public static List<Path> find(List<String> paths) {
        return RunbookFiles.expand(paths, RunbookTests::isTestFile, "runbook test files (*.test.yaml)");
    }

    static boolean isTestFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".test.yaml") || name.endsWith(".test.yml");
    }

    /** Every case of every file, in order. A file that cannot be read, or whose runbook is not valid, is one failure. */
    public List<CaseResult> run(List<Path> files) {
        List<CaseResult> results = new ArrayList<>();
        for (Path f : files) {
            results.addAll(runFile(f));
        }
        return results;
    }

    List<CaseResult> runFile(Path file) {
        TestFile tf;
        try {
            tf = TestFileReader.read(file);
        } catch (TestFileException e) {
            return List.of(new CaseResult(file.toString(), "(test file)", false, e.getMessage()));
        }
        Path runbookFile;
        try {
            runbookFile = locate(tf);
        } catch (TestFileException e) {
            return List.of(new CaseResult(tf.runbook(), "(test file)", false, e.getMessage()));
        }
        Validation v = new Validator(registry).validate(runbookFile);
        if (!v.valid()) {
            String first = v.problems().stream().filter(Problem::isError).map(Problem::format).findFirst()
                    .orElse(runbookFile + ": not a runbook");
            return List.of(new CaseResult(tf.runbook(), "(runbook)", false, "the runbook is not valid: " + first));
        }
        Runbook runbook = v.runbook();
        List<CaseResult> out = new ArrayList<>();
        for (TestCase c : tf.cases()) {
            String message;
            try {
                message = runCase(runbook, c);
            } catch (RuntimeException e) {
                message = c.location() + ": the case could not run: " + e;
            }
            out.add(new CaseResult(runbook.name(), c.name(), message == null, message));
        }
        return out;
    }

    /** The runbook a test file names: a path relative to the test file, or a name found near it. */
    private Path locate(TestFile tf) throws TestFileException {
        Path dir = tf.file().toAbsolutePath().getParent();
        String ref = tf.runbook();
        String lower = ref.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            Path p = dir.resolve(ref).normalize();
            if (!Files.isRegularFile(p)) {
                throw new TestFileException(tf.runbookLocation(), "runbook '" + ref + "' not found (looked for "
                        + p + ")");
            }
            return p;
        }
        List<Path> roots = new ArrayList<>();
        roots.add(dir);
        if (dir.getParent() != null) {
            roots.add(dir.getParent());
        }
        for (Path root : roots) {
            for (Path candidate : RunbookFiles.inFolder(root)) {
                if (ref.equals(nameOf(candidate))) {
                    return candidate;
                }
            }
        }
        throw new TestFileException(tf.runbookLocation(), "no runbook named '" + ref + "' in " + dir
                + " or its parent folder; give its name or a path ending in .yaml");
    }

    /** The {@code name} of a runbook file, or null when it cannot be read as one. */
    private static String nameOf(Path file) {
        try {
            Node root = YamlReader.read(file);
            if (root instanceof Node.Mapping && ((Node.Mapping) root).get("name") instanceof Node.Scalar) {
                return String.valueOf(((Node.Scalar) ((Node.Mapping) root).get("name")).value());
            }
        } catch (YamlException e) {
            return null;
        }
        return null;
    }

    /** Runs one case; null when it passed, otherwise why not. */
    String runCase(Runbook runbook, TestCase c) {
        for (String step : c.fixtures().keySet()) {
            if (runbook.step(step).isEmpty()) {
                return c.fixtures().get(step).location() + ": there is no step '" + step + "' in " + runbook.name();
            }
        }
        for (String step : c.expectSteps().keySet()) {
            if (runbook.step(step).isEmpty()) {
                return c.location() + ": expect.steps names '" + step + "', which " + runbook.name()
                        + " does not have";
            }
        }
        FakeClock clock = new FakeClock(c.now());
        Map<String, Object> params;
        try {
            params = ParameterBinder.bind(runbook, Map.of(), c.params(), clock);
        } catch (ParameterException e) {
            return "parameters: " + e.getMessage();
        }
        CaseState state = new CaseState(c.fixtures());
        List<Action> wrapped = new ArrayList<>();
        for (Action a : registry.all()) {
            wrapped.add(new FixtureAction(a, state));
        }
        dev.runbook.approval.ApprovalGate approvals;
        try {
            approvals = FixtureApprovals.gate(runbook, params, c.approve(), clock);
        } catch (dev.runbook.approval.ssh.SshSigException e) {
            return "approvals: " + e.getMessage();
        }
        for (String step : c.approve().keySet()) {
            if (runbook.step(step).isEmpty()) {
                return "answers.approve names step '" + step + "', which the runbook does not have";
            }
        }
        Executor executor = Executor.builder()
                .approvals(approvals)
                .registry(ActionRegistry.of(wrapped))
                .confirmer(ScriptedConfirmer.noTerminal(c.yes(), c.confirms()).acknowledging(c.acks())
                        .hidingSecretsOf(runbook))
                .listener(state)
                .clock(clock)
                .sleeper(d -> {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    clock.advance(d);
                })
                .parallelism(1)
                .operator(FixtureApprovals.OPERATOR)
                .build();
        RunResult result = executor.run(runbook, params, RunState.fresh());
        if (state.mismatch() != null) {
            return state.mismatch();
        }
        return compare(c, result);
    }

    private static String compare(TestCase c, RunResult result) {
        List<String> wrong = new ArrayList<>();
        String status = result.status().label();
        if (c.expectStatus() != null && !c.expectStatus().equals(status)) {
            wrong.add("the run " + status + " (expected " + c.expectStatus() + ")"
                    + (result.message() == null ? "" : ": " + result.message()));
        }
        for (Map.Entry<String, String> e : c.expectSteps().entrySet()) {
            StepResult sr = result.step(e.getKey());
            String got = sr == null ? "not-run" : sr.status().label();
            if (!e.getValue().equals(got)) {
                wrong.add("step '" + e.getKey() + "' " + got + " (expected " + e.getValue() + ")"
                        + (sr != null && sr.message() != null ? ": " + sr.message() : ""));
            }
        }
        for (Map.Entry<String, Object> e : c.expectOutputs().entrySet()) {
            String[] parts = e.getKey().split("\\.");
            StepResult sr = result.step(parts[0]);
            if (sr == null || !sr.outputs().containsKey(parts[1])) {
                wrong.add("output " + e.getKey() + " was not produced (expected " + show(e.getValue()) + ")");
                continue;
            }
            Object got = sr.outputs().get(parts[1]);
            if (!sameValue(e.getValue(), got)) {
                wrong.add("output " + e.getKey() + " is " + show(got) + " (expected " + show(e.getValue()) + ")");
            }
        }
        if (c.expectMessage() != null && (result.message() == null || !result.message().contains(c.expectMessage()))) {
            wrong.add("the run's message is " + show(result.message()) + " (expected it to contain "
                    + show(c.expectMessage()) + ")");
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    private static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    /** Equal as YAML would write them: numbers by value, lists and maps element by element. */
    static boolean sameValue(Object expected, Object actual) {
        return Objects.equals(normal(expected), normal(actual));
    }

    private static Object normal(Object v) {
        if (v instanceof Number) {
            return new BigDecimal(v.toString()).stripTrailingZeros();
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(RunbookTests::normal).collect(Collectors.toList());
        }
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), normal(x)));
            return m;
        }
        return v;
    }
}
