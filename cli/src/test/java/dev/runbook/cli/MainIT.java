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
        assertThat(r.err()).isEqualTo("runbook: a command is required: validate, run, resume, plan, approve, graph, "
                + "list, actions, schema, runs, audit, report, test, history\nTry 'runbook --help'.\n");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExit2() {
        Cli.Result r = cli().run("validate", "--frobnicate", "x.yaml");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook validate: unknown option '--frobnicate'\n"
                + "Try 'runbook validate --help'.\n");
    }

    @Test
    void aMistypedCommandIsOneLineWithTheLikelyCommandAndWhereTheHelpIs() {
        Cli.Result r = cli().run("rnu", "failover.yaml");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook: unknown command 'rnu'; did you mean 'run'?\nTry 'runbook --help'.\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpForAMistypedCommandSuggestsTheCommand() {
        Cli.Result r = cli().run("help", "rnu");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook: unknown command 'rnu'; did you mean 'run'?\nTry 'runbook --help'.\n");
    }

    @Test
    void aMistypedOptionIsOneLineWithTheLikelyOptionAndTheCommandsHelp() {
        Cli.Result r = cli().run("run", "failover.yaml", "--dryrun");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook run: unknown option '--dryrun'; did you mean '--dry-run'?\n"
                + "Try 'runbook run --help'.\n");
    }

    @Test
    void aMistypedSubcommandOfAuditSuggestsItUnderAudit() {
        Cli.Result r = cli().run("audit", "verfy");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook audit: unknown command 'verfy'; did you mean 'verify'?\n"
                + "Try 'runbook audit --help'.\n");
    }

    @Test
    void aParameterWithoutAValueSaysSoInPlainWords() {
        Cli.Result r = cli().run("run", "failover.yaml", "-p", "function");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook run: -p function has no value: write -p function=VALUE\n"
                + "Try 'runbook run --help'.\n");
        assertThat(cli().run("run", "failover.yaml", "--param==x").err())
                .startsWith("runbook run: -p =x has no parameter name before '=': write -p NAME=VALUE\n");
        assertThat(cli().run("run", "failover.yaml", "-p").err())
                .startsWith("runbook run: -p needs a value: write -p NAME=VALUE\n");
    }

    @Test
    void aParameterOrConfirmationGivenTwiceIsAnErrorNamingItWithoutItsValues() {
        Cli.Result r = cli().run("run", "failover.yaml", "-p", "token=s3cret", "--param=token=other");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook run: parameter 'token' is given twice with -p: give it once\n"
                + "Try 'runbook run --help'.\n");
        Cli.Result confirm = cli().run("run", "failover.yaml", "--confirm", "flip=a", "--confirm", "flip=b");
        assertThat(confirm.exitCode()).isEqualTo(2);
        assertThat(confirm.err()).startsWith("runbook run: step 'flip' is given twice with --confirm: give it once\n");
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
