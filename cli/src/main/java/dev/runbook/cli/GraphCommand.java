package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.fileParameter;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import dev.runbook.action.ActionRegistry;
import dev.runbook.graph.GraphRenderer;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Runbook;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook graph FILE}: the step graph as text, Mermaid or Graphviz dot. */
final class GraphCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Show the step graph of a runbook (text, mermaid or dot).";

    enum Format { text, mermaid, dot }

    private final CliContext context;

    CommandSpec spec;

    String file;

    Format format;

    GraphCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        GraphCommand c = new GraphCommand(context);
        c.spec = command(c, "graph", SUMMARY,
                "Show the step graph of a runbook: text (default), mermaid (for Markdown docs) or dot (Graphviz).");
        examples(c.spec,
                "runbook graph lambda-alias-rollback.yaml",
                "runbook graph --format dot failover.yaml | dot -Tsvg > failover.svg");
        c.spec.addPositional(fileParameter(v -> c.file = v));
        c.spec.addOption(option("--format").paramLabel("FORMAT").type(Format.class).defaultValue("text")
                .description("text, mermaid or dot.").setter(set((Format v) -> c.format = v)).build());
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() {
        ActionRegistry registry = Actions.registry();
        Runbook runbook = RunbookLoading.loadValid(context, file, registry, GlobalOptions.of(spec).noColor).runbook();
        StepGraph graph = StepGraph.of(runbook);
        String text;
        switch (format) {
            case mermaid: text = GraphRenderer.mermaid(runbook, graph, registry); break;
            case dot: text = GraphRenderer.dot(runbook, graph, registry); break;
            default: text = GraphRenderer.text(runbook, graph, registry); break;
        }
        context.out().print(text.endsWith("\n") ? text : text + "\n");
        return ExitCodes.OK;
    }
}
