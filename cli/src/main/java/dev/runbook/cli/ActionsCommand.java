package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.positional;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.IoSpec;
import dev.runbook.cli.console.Style;
import dev.runbook.error.RunbookException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook actions [NAME]}: the available actions with their inputs and outputs. */
final class ActionsCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "List the available actions, or describe one.";

    private final CliContext context;

    CommandSpec spec;

    String name;

    OutputFormat output;

    ActionsCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        ActionsCommand c = new ActionsCommand(context);
        c.spec = command(c, "actions", SUMMARY,
                "List the available actions, or describe one: inputs, outputs, read-only or mutating.");
        examples(c.spec, "runbook actions", "runbook actions aws.lambda.update-alias");
        c.spec.addPositional(positional().index("0").arity("0..1").paramLabel("NAME").type(String.class)
                .description("An action name, e.g. exec.").setter(set((String v) -> c.name = v)).build());
        c.spec.addOption(outputOption("text (default) or json.", v -> c.output = v));
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() {
        ActionRegistry registry = Actions.registry();
        List<Action> actions;
        if (name == null) {
            actions = registry.all();
        } else {
            Action a = registry.find(name).orElseThrow(() -> RunbookException.invalid("unknown action '" + name + "'"
                    + registry.closest(name).map(c -> ", did you mean '" + c + "'?").orElse("")
                    + " (run 'runbook actions' for the list)"));
            actions = List.of(a);
        }
        if (output == OutputFormat.json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Action a : actions) {
                list.add(toJson(a.spec()));
            }
            context.out().println(Json.pretty(list));
            return ExitCodes.OK;
        }
        Style style = new Style(context.color(GlobalOptions.of(spec).noColor));
        if (name == null) {
            int width = actions.stream().mapToInt(a -> a.name().length()).max().orElse(4);
            for (Action a : actions) {
                ActionSpec s = a.spec();
                context.out().println(style.bold(pad(s.name(), width)) + "  " + pad(s.kind().label(), 9) + "  " + s.description());
            }
            context.out().println(style.dim("Run 'runbook actions NAME' for an action's inputs and outputs."));
        } else {
            ActionSpec s = actions.get(0).spec();
            context.out().println(style.bold(s.name()) + " (" + s.kind().label() + ")");
            context.out().println("  " + s.description());
            printIo("Inputs", s.inputs(), true, style);
            printIo("Outputs", s.outputs(), false, style);
            if (s.openOutputs()) {
                context.out().println("  (may return further outputs, e.g. those of what it polled)");
            }
        }
        return ExitCodes.OK;
    }

    private void printIo(String heading, List<IoSpec> list, boolean inputs, Style style) {
        context.out().println();
        context.out().println(heading + ":");
        if (list.isEmpty()) {
            context.out().println("  (none)");
            return;
        }
        int width = list.stream().mapToInt(i -> i.name().length()).max().orElse(4);
        for (IoSpec io : list) {
            String req = inputs ? (io.required() ? "required" : "optional") : "";
            context.out().println("  " + style.bold(pad(io.name(), width)) + "  " + pad(io.type().label(), 10) + "  "
                    + (req.isEmpty() ? "" : pad(req, 8) + "  ") + io.description());
        }
    }

    static Map<String, Object> toJson(ActionSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("description", s.description());
        m.put("kind", s.kind().label());
        m.put("inputs", io(s.inputs()));
        m.put("outputs", io(s.outputs()));
        return m;
    }

    private static List<Map<String, Object>> io(List<IoSpec> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IoSpec io : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", io.name());
            m.put("type", io.type().label());
            m.put("required", io.required());
            m.put("description", io.description());
            out.add(m);
        }
        return out;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
