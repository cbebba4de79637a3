package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every runbook shipped in runbooks-yaml/ is valid, with no warning, and has offline tests and a docs page. */
class ShippedRunbooksIT {

    static Stream<String> shipped() {
        List<Path> files = dev.runbook.library.RunbookFiles.inFolder(RepoPaths.repo().resolve("runbooks-yaml"));
        assertThat(files).isNotEmpty();
        return files.stream().map(Path::toString);
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void validatesWithoutErrorsOrWarnings(String file) {
        Cli.Result r = cli().run("validate", "--strict", file);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("1 runbook valid").doesNotContain("warning");
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void hasAnOfflineTestFileWithAtLeastThreeCasesAndADocsPage(String file) throws IOException {
        // given
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path tests = RepoPaths.repo().resolve("runbooks-yaml/tests/" + name + ".test.yaml");
        Path page = RepoPaths.repo().resolve("docs/runbooks/" + name + ".md");

        // then
        assertThat(tests).exists();
        assertThat(Files.readString(tests).lines().filter(l -> l.startsWith("  - name: ")).count())
                .isGreaterThanOrEqualTo(3);
        assertThat(page).exists();
        assertThat(Files.readString(page)).contains("```mermaid", "\"Version\": \"2012-10-17\"",
                "## Parameters", "## What the operator sees");
    }
}
