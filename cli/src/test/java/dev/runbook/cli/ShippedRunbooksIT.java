package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every runbook shipped in runbooks-yaml/ is valid, with no warning. */
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
}
