package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's commit read from .git files laid out as git lays them out. */
class GitCommitTest {
    private static final String A = "1111111111111111111111111111111111111111";
    private static final String B = "2222222222222222222222222222222222222222";

    @TempDir
    Path dir;

    private Path file(String rel) throws Exception {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "runbook: 1\n");
        return f;
    }

    @Test
    void aLooseRefAPackedRefADetachedHeadAndNoRepository() throws Exception {
        Path git = Files.createDirectories(dir.resolve("repo/.git/refs/heads"));
        Files.writeString(dir.resolve("repo/.git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), A + "\n");
        Path rb = file("repo/runbooks/drill.yaml");
        assertThat(GitCommit.of(rb)).isEqualTo(A + " (branch main)");

        Files.delete(git.resolve("main"));
        Files.writeString(dir.resolve("repo/.git/packed-refs"), "# pack-refs with: peeled\n" + B
                + " refs/heads/main\n");
        assertThat(GitCommit.of(rb)).isEqualTo(B + " (branch main)");

        Files.writeString(dir.resolve("repo/.git/HEAD"), A + "\n");
        assertThat(GitCommit.of(rb)).isEqualTo(A + " (detached)");
    }

    @Test
    void aLinkedWorktreeReadsItsHeadAndTheCommonRefs() throws Exception {
        Path common = Files.createDirectories(dir.resolve("main/.git/refs/heads"));
        Files.writeString(common.resolve("feature"), B + "\n");
        Path wt = Files.createDirectories(dir.resolve("main/.git/worktrees/wt"));
        Files.writeString(wt.resolve("HEAD"), "ref: refs/heads/feature\n");
        Files.writeString(wt.resolve("commondir"), "../..\n");
        Files.createDirectories(dir.resolve("wt"));
        Files.writeString(dir.resolve("wt/.git"), "gitdir: " + wt + "\n");
        assertThat(GitCommit.of(file("wt/drill.yaml"))).isEqualTo(B + " (branch feature)");
    }

    @Test
    void outsideARepository() throws Exception {
        // the temp dir may itself sit inside a checkout: only assert when no .git is above it
        Path f = file("plain/drill.yaml");
        Path up = f.getParent();
        while (up != null && !Files.exists(up.resolve(".git"))) {
            up = up.getParent();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(up == null, "the temp dir is inside a repository");
        assertThat(GitCommit.of(f)).isEqualTo(GitCommit.NONE);
    }
}
