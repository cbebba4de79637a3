package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainIT {

    @Test
    void helpListsEveryCommandOfTheDesignAndTheExitCodes() {
        Cli.Result r = cli().run("--help");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        for (String command : new String[] {"validate", "run", "resume", "graph", "list", "actions", "schema", "runs", "audit", "report", "history"}) {
            assertThat(r.out()).contains("  " + command + " ");
        }
        assertThat(r.out()).contains("Exit codes:").contains("130").contains("70").contains("audit log failed verification");
    }

    @Test
    void versionComesFromTheBuild() {
        Cli.Result r = cli().run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("runbook ").doesNotContain("unknown").doesNotContain("${");
    }

    @Test
    void noCommandIsAUsageErrorWithExit2() {
        Cli.Result r = cli().run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("a command is required").contains("Usage: runbook");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExit2() {
        Cli.Result r = cli().run("validate", "--frobnicate", "x.yaml");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void reportOfARunTheLogDoesNotHoldIsInvalidInputWithExit2(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path log = dir.resolve("audit.jsonl");
        cli().run("run", RepoPaths.repo().resolve("cli/src/test/resources/report/drill.yaml").toString(), "--yes",
                "--audit-log", log.toString());

        Cli.Result r = cli().run("report", "some-run", "--audit-log", log.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no run some-run in " + log);
    }

    @Test
    void schemaPrintsTheDocsCopyExactly() throws Exception {
        Cli.Result r = cli().run("schema");

        assertThat(r.exitCode()).isZero();
        String docs = java.nio.file.Files.readString(RepoPaths.repo().resolve("docs/runbook.schema.json"));
        assertThat(r.out()).isEqualTo(docs);
    }
}
