package dev.runbook.cli;

import dev.runbook.action.ActionRegistry;
import dev.runbook.graph.GraphRenderer;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Runbook;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook graph FILE}: the step graph as text, Mermaid or Graphviz dot. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Show the step graph of a runbook: text (default), mermaid (for Markdown docs) or dot (Graphviz).")
final class GraphCommand implements Callable<Integer> {
    enum Format { text, mermaid, dot }

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    String file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text, mermaid or dot.")
    Format format;

    GraphCommand(CliContext context) {
        this.context = context;
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
