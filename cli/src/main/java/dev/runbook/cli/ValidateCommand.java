package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.pathsParameter;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.cli.console.ProblemPrinter;
import dev.runbook.cli.console.Style;
import dev.runbook.exec.Redactor;
import dev.runbook.library.RunbookFiles;
import dev.runbook.library.Validation;
import dev.runbook.library.Validator;
import dev.runbook.model.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook validate PATH...}: every static problem of every runbook, in one pass. */
final class ValidateCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Check runbooks for errors before anything runs.";

    private final CliContext context;

    CommandSpec spec;

    List<String> paths;

    OutputFormat output;

    boolean strict;

    ValidateCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        ValidateCommand c = new ValidateCommand(context);
        c.spec = command(c, "validate", SUMMARY,
                "Check runbook files and folders (recursively) before anything runs: syntax, "
                + "fields, the step graph, actions and their inputs, expressions and parameters. Every problem is "
                + "reported as FILE:LINE:COLUMN: message. Exit 0 when valid (warnings allowed), 2 when not.");
        examples(c.spec, "runbook validate lambda-alias-rollback.yaml", "runbook validate --strict runbooks/");
        c.spec.addPositional(pathsParameter("Runbook files, or folders searched for *.yaml and *.yml (not "
                + "*.test.yaml).", () -> c.paths, v -> c.paths = v));
        c.spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        c.spec.addOption(option("--strict").type(boolean.class).description("Treat warnings as errors, and warn "
                + "also where a step reads outputs of a conditional step without guarding on its status, and on "
                + "${{ }} inside a shell: true script.")
                .setter(set((Boolean v) -> c.strict = v)).build());
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() {
        List<Path> files = RunbookFiles.expand(paths);
        Validator validator = new Validator(Actions.registry(), strict);
        List<Validation> results = validator.validateAll(files, Runtime.getRuntime().availableProcessors());
        long errors = results.stream().mapToLong(Validation::errors).sum();
        long warnings = results.stream().mapToLong(Validation::warnings).sum();
        boolean failed = errors > 0 || (strict && warnings > 0);
        if (output == OutputFormat.json) {
            printJson(results, errors, warnings, !failed);
        } else {
            printText(results, errors, warnings);
        }
        return failed ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
    }

    private void printText(List<Validation> results, long errors, long warnings) {
        Style style = new Style(context.color(GlobalOptions.of(spec).noColor));
        ProblemPrinter printer = new ProblemPrinter(context.out(), style);
        for (Validation v : results) {
            printer.hide(v.secretDefaultTexts(), v.secretDefaultLocations());
        }
        for (Validation v : results) {
            for (Problem p : v.problems()) {
                printer.print(p);
            }
        }
        long invalid = results.stream().filter(v -> !v.valid()).count();
        String files = results.size() == 1 ? "1 runbook" : results.size() + " runbooks";
        if (errors == 0) {
            context.out().println(style.ok() + " " + files + " valid"
                    + (warnings > 0 ? ", " + plural(warnings, "warning") : ""));
        } else {
            context.out().println(style.fail() + " " + plural(errors, "error")
                    + (warnings > 0 ? " and " + plural(warnings, "warning") : "")
                    + " in " + invalid + " of " + files);
        }
    }

    private void printJson(List<Validation> results, long errors, long warnings, boolean valid) {
        List<Map<String, Object>> fileList = new ArrayList<>();
        List<Map<String, Object>> diagnostics = new ArrayList<>();
        Redactor secrets = new Redactor();
        for (Validation v : results) {
            v.secretDefaultTexts().forEach(secrets::add);
        }
        for (Validation v : results) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", v.file());
            f.put("name", v.runbook() == null ? null : v.runbook().name());
            f.put("valid", v.valid());
            f.put("errors", v.errors());
            f.put("warnings", v.warnings());
            fileList.add(f);
            for (Problem p : v.problems()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("file", p.location().file());
                d.put("line", p.location().line());
                d.put("column", p.location().column());
                d.put("severity", p.isError() ? "error" : "warning");
                d.put("message", secrets.redact(p.message()));
                if (p.hint() != null) {
                    d.put("hint", secrets.redact(p.hint()));
                }
                diagnostics.add(d);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("valid", valid);
        doc.put("errors", errors);
        doc.put("warnings", warnings);
        doc.put("files", fileList);
        doc.put("diagnostics", diagnostics);
        context.out().println(Json.pretty(doc));
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
