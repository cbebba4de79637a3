package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.pathsParameter;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.cli.console.Style;
import dev.runbook.testing.CaseResult;
import dev.runbook.testing.RunbookTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook test PATH...}: runs runbook test files offline, through the real executor, with fixtures. */
final class TestCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Run runbook test files (*.test.yaml) offline.";

    private final CliContext context;

    CommandSpec spec;

    List<String> paths;

    OutputFormat output;

    TestCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        TestCommand c = new TestCommand(context);
        c.spec = command(c, "test", SUMMARY,
                "Run runbook test files (*.test.yaml) offline: every case goes through the real "
                + "executor with its parameters and answers, and each step that would call the outside world answers "
                + "from the case's fixtures. Prints one line per case and 'N passed, N failed'. Exit 0 when every "
                + "case passes, 1 when any fails, 2 when a path does not exist.");
        examples(c.spec, "runbook test runbooks/tests/");
        c.spec.addPositional(pathsParameter("Test files, or folders searched for *.test.yaml"
                + " (hidden folders, target, build and node_modules left out).", () -> c.paths,
                v -> c.paths = v));
        c.spec.addOption(outputOption("text (default) or json: a list of {runbook, case, status, message}.",
                v -> c.output = v));
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() {
        List<Path> files = RunbookTests.find(paths);
        List<CaseResult> results = new RunbookTests(Actions.registry()).run(files);
        long failed = results.stream().filter(r -> !r.passed()).count();
        long passed = results.size() - failed;
        if (output == OutputFormat.json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (CaseResult r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("runbook", r.runbook());
                m.put("case", r.testCase());
                m.put("status", r.status());
                m.put("message", r.message());
                list.add(m);
            }
            context.out().println(Json.pretty(list));
        } else {
            Style style = new Style(context.color(GlobalOptions.of(spec).noColor));
            for (CaseResult r : results) {
                String mark = r.passed() ? style.green("PASS") : style.red("FAIL");
                context.out().println(mark + " " + r.runbook() + " > " + r.testCase()
                        + (r.passed() ? "" : ": " + r.message()));
            }
            context.out().println(passed + " passed, " + failed + " failed");
        }
        return failed > 0 ? ExitCodes.STEP_FAILED : ExitCodes.OK;
    }
}
