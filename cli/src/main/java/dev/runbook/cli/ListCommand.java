package dev.runbook.cli;

import dev.runbook.cli.console.TerminalText;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.positional;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.cli.console.Style;
import dev.runbook.library.RunbookFiles;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook list [PATH]}: the runbooks found, with name, title and parameters. */
final class ListCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "List the runbooks in a folder with their parameters.";

    private final CliContext context;

    CommandSpec spec;

    String path;

    OutputFormat output;

    ListCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        ListCommand c = new ListCommand(context);
        c.spec = command(c, "list", SUMMARY,
                "List the runbooks in a folder (default: the current one) with their name, title and parameters.");
        examples(c.spec, "runbook list runbooks/");
        c.spec.addPositional(positional().index("0").arity("0..1").defaultValue(".").paramLabel("PATH")
                .type(String.class).description("A runbook file or a folder (default: .).")
                .setter(set((String v) -> c.path = v)).build());
        c.spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() {
        List<Path> files = RunbookFiles.expand(List.of(path));
        RunbookParser parser = new RunbookParser();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path f : files) {
            ParseResult r = parser.parse(f);
            rows.add(row(f.toString(), r));
        }
        if (output == OutputFormat.json) {
            context.out().println(Json.pretty(rows));
            return ExitCodes.OK;
        }
        Style style = new Style(context.color(GlobalOptions.of(spec).noColor));
        int nameWidth = rows.stream().mapToInt(r -> String.valueOf(r.get("name")).length()).max().orElse(4);
        nameWidth = Math.max(nameWidth, 4);
        context.out().println(style.bold(pad("NAME", nameWidth) + "  TITLE"));
        for (Map<String, Object> r : rows) {
            String name = String.valueOf(r.get("name"));
            String title = r.get("title") == null ? "" : String.valueOf(r.get("title"));
            if (!Boolean.TRUE.equals(r.get("parsed"))) {
                title = style.red("(does not parse: run 'runbook validate " + r.get("file") + "')");
            }
            context.out().println(TerminalText.line(pad(name, nameWidth)) + "  " + TerminalText.line(title));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> params = (List<Map<String, Object>>) r.get("parameters");
            if (!params.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (Map<String, Object> p : params) {
                    String s = p.get("name") + ":" + p.get("type");
                    if (Boolean.TRUE.equals(p.get("required"))) {
                        s += "*";
                    }
                    parts.add(s);
                }
                context.out().println(pad("", nameWidth) + "  " + style.dim("params: " + String.join(" ", parts)));
            }
        }
        context.out().println(style.dim(ValidateCommand.plural(rows.size(), "runbook") + "; * = required parameter"));
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(String file, ParseResult r) {
        Runbook rb = r.runbook();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", rb == null || rb.name() == null ? file : rb.name());
        row.put("title", rb == null ? null : rb.displayTitle());
        row.put("file", file);
        row.put("parsed", rb != null && !r.hasErrors());
        row.put("description", rb == null ? null : rb.description());
        List<Map<String, Object>> params = new ArrayList<>();
        if (rb != null) {
            for (Parameter p : rb.parameters().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name());
                m.put("type", p.type().yamlName());
                m.put("required", p.required());
                m.put("default", p.secret() || p.defaultValue() == null ? null : p.defaultValue().toPlain());
                m.put("allowed", p.allowed());
                m.put("secret", p.secret());
                m.put("description", p.description());
                params.add(m);
            }
        }
        row.put("parameters", params);
        return row;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
