package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook graph FILE --format text|mermaid|dot} black-box through {@link Main}. */
class GraphIT {
    private static final String BRANCHING = """
            runbook: 1
            name: branching
            steps:
              - id: start
                title: Look around
                action: sleep
                with: { duration: 1s }
              - id: left
                action: sleep
                with: { duration: 1s }
                needs: [start]
              - id: right
                action: exec
                with: { command: [date] }
                needs: [start]
                confirm: true
              - id: join
                action: sleep
                with: { duration: 1s }
                needs: [left, right]
            """;

    @TempDir
    Path dir;

    private String shipped() {
        return RepoPaths.repo().resolve("runbooks-yaml/lambda-alias-rollback.yaml").toString();
    }

    @Test
    void textIsOneLinePerStepWithItsLayerActionTitleMarksAndWhatItNeeds() throws IOException {
        // given
        Path f = write(BRANCHING);

        // when
        Cli.Result r = cli().run("graph", f.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("""
                1  start  sleep  Look around
                2  left   sleep  left  <- start
                2  right  exec   right  [mutating]  [confirm]  <- start
                3  join   sleep  join  <- left, right
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void mermaidDrawsEveryEdgeOfTheBranchAndStylesTheMutatingConfirmedStep() throws IOException {
        // given
        Path f = write(BRANCHING);

        // when
        Cli.Result r = cli().run("graph", f.toString(), "--format", "mermaid");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("flowchart TD\n")
                .contains("    s0[\"start<br/>Look around<br/>sleep\"]\n")
                .contains("    s2[\"right<br/>exec<br/>confirm\"]:::mutatingConfirm\n")
                .contains("    s0 --> s1\n", "    s0 --> s2\n", "    s1 --> s3\n", "    s2 --> s3\n")
                .contains("classDef mutatingConfirm");
        assertThat(r.out().lines().filter(l -> l.contains("-->"))).hasSize(4);
    }

    @Test
    void dotIsADigraphNamedAfterTheRunbookWithEveryEdge() throws IOException {
        // given
        Path f = write(BRANCHING);

        // when
        Cli.Result r = cli().run("graph", "--format", "dot", f.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("digraph \"branching\" {\n").endsWith("}\n")
                .contains("    \"start\" -> \"left\";\n", "    \"start\" -> \"right\";\n",
                        "    \"left\" -> \"join\";\n", "    \"right\" -> \"join\";\n")
                .contains("\"right\" [label=\"right\\nexec\\nconfirm\", style=\"rounded,filled\"");
        assertThat(r.out().lines().filter(l -> l.contains("->"))).hasSize(4);
    }

    @Test
    void theShippedRunbookIsAChainInEveryFormat() {
        // when
        Cli.Result text = cli().run("graph", shipped());
        Cli.Result mermaid = cli().run("graph", "--format", "mermaid", shipped());
        Cli.Result dot = cli().run("graph", "--format", "dot", shipped());

        // then
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out().lines()).hasSize(9);
        assertThat(text.out()).startsWith("1  current ")
                .contains("6  rollback         aws.lambda.update-alias         Point the alias at the previous version"
                        + "  [mutating]  [confirm]  <- announce\n")
                .contains("9  alarm-ok ");
        assertThat(mermaid.exitCode()).isZero();
        assertThat(mermaid.out()).startsWith("flowchart TD\n").contains("    s4 --> s5\n").contains(":::mutatingConfirm");
        assertThat(dot.exitCode()).isZero();
        assertThat(dot.out()).startsWith("digraph \"lambda-alias-rollback\" {\n")
                .contains("\"announce\" -> \"rollback\";").contains("\"let-traffic-run\" -> \"alarm-ok\";");
    }

    @Test
    void anInvalidRunbookIsNotDrawnItsErrorsGoToStandardErrorWithExit2() throws IOException {
        // given: a cycle
        Path f = write("""
                runbook: 1
                name: loop
                steps:
                  - id: a
                    action: sleep
                    with: { duration: 1s }
                    needs: [b]
                  - id: b
                    action: sleep
                    with: { duration: 1s }
                """);

        // when
        Cli.Result r = cli().run("graph", f.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(f + ":4:5: the steps form a cycle: a -> b -> a")
                .contains(" 4 |   - id: a")
                .endsWith("runbook: " + f + " is not valid: 1 error (run 'runbook validate " + f + "' for details)\n");
        ValidateIT.assertNoStackTrace(r);
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        // given
        Path f = write(BRANCHING);

        // when
        Cli.Result r = cli().run("graph", "--format", "png", f.toString());

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("expected one of [text, mermaid, dot]").contains("Try 'runbook graph --help'.").doesNotContain("Usage:");
    }

    @Test
    void aMissingFileOrAFolderIsRefusedWithExit2() {
        // when
        Cli.Result missing = cli().run("graph", dir.resolve("nope.yaml").toString());
        Cli.Result folder = cli().run("graph", dir.toString());

        // then
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("runbook: " + dir.resolve("nope.yaml") + ": no such file\n");
        assertThat(folder.exitCode()).isEqualTo(2);
        assertThat(folder.err()).isEqualTo("runbook: " + dir + ": is a folder; give one runbook file\n");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("graph.yaml"), text);
    }
}
