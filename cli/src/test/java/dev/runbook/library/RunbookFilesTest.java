package dev.runbook.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder search from a repository's root: runbooks and test files found, build output and hidden folders not. */
class RunbookFilesTest {

    @TempDir
    Path repo;

    @Test
    void aSearchFromTheRootLeavesOutBuildOutputAndHiddenFolders() throws Exception {
        Path runbook = write("runbooks-yaml/a.yaml");
        Path test = write("runbooks-yaml/tests/a.test.yaml");
        write("cli/target/test-classes/copy.test.yaml");
        write("build/reports/b.yaml");
        write("web/node_modules/pkg/c.yaml");
        write(".github/workflows/runbooks.yml");
        Path targetish = write("targets/d.yaml");

        assertThat(RunbookFiles.expand(List.of(repo.toString()))).containsExactly(runbook, targetish);
        assertThat(RunbookFiles.expand(List.of(repo.toString()),
                f -> f.getFileName().toString().endsWith(".test.yaml"), "test files")).containsExactly(test);
    }

    @Test
    void aSkippedFolderGivenItselfIsSearched() throws Exception {
        Path inTarget = write("target/e.yaml");

        assertThat(RunbookFiles.expand(List.of(repo.resolve("target").toString()))).containsExactly(inTarget);
    }

    private Path write(String path) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "runbook: 1\n");
        return f;
    }
}
