package dev.runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook schema}: the JSON Schema (draft 2020-12) of the runbook format, for editors. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema (draft 2020-12) of the runbook format. Editors that understand JSON "
                + "Schema (e.g. the YAML language server) use it to complete and check runbooks as you type."})
final class SchemaCommand implements Callable<Integer> {
    static final String RESOURCE = "/dev/runbook/runbook.schema.json";
    private final CliContext context;

    @Spec
    CommandSpec spec;

    SchemaCommand(CliContext context) {
        this.context = context;
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
