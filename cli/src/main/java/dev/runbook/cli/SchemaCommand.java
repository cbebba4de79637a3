package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runbook schema}: the JSON Schema (draft 2020-12) of the runbook format, for editors. */
final class SchemaCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Print the JSON Schema of the runbook format, for editors.";

    static final String RESOURCE = "/dev/runbook/runbook.schema.json";
    private final CliContext context;

    CommandSpec spec;

    SchemaCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        SchemaCommand c = new SchemaCommand(context);
        c.spec = command(c, "schema", SUMMARY,
                "Print the JSON Schema (draft 2020-12) of the runbook format. Editors that "
                + "understand JSON Schema (e.g. the YAML language server) use it to complete and check runbooks as "
                + "you type.");
        examples(c.spec, "runbook schema > runbook.schema.json");
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() throws IOException {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the schema resource " + RESOURCE + " is missing from the build");
            }
            context.out().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            context.out().flush();
        }
        return ExitCodes.OK;
    }
}
