package dev.runbook.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The git commit checked out where a runbook file lives, read from {@code .git} without a git binary: the nearest
 * {@code .git} directory (or {@code gitdir:} file of a worktree) above the file, its {@code HEAD}, and the branch's
 * loose ref or {@code packed-refs} (in the common directory of a linked worktree). It is the commit of the checkout,
 * not a proof that the file is unmodified: the pack's SHA-256 of the file says that.
 */
public final class GitCommit {
    /** What the evidence pack says for a file outside any repository. */
    public static final String NONE = "not in a repository";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private GitCommit() {
    }

    /** The commit id (with "(branch NAME)" or "(detached)"), {@link #NONE}, or why it could not be read. */
    public static String of(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        while (dir != null && !Files.exists(dir.resolve(".git"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return NONE;
        }
        try {
            Path gitDir = dir.resolve(".git");
            if (Files.isRegularFile(gitDir)) {
                String line = Files.readString(gitDir, StandardCharsets.UTF_8).trim();
                if (!line.startsWith("gitdir:")) {
                    return "unreadable repository at " + dir + ": .git is not a gitdir file";
                }
                gitDir = dir.resolve(line.substring("gitdir:".length()).trim()).normalize();
            }
            Path common = gitDir;
            if (Files.isRegularFile(gitDir.resolve("commondir"))) {
                common = gitDir.resolve(Files.readString(gitDir.resolve("commondir")).trim()).normalize();
            }
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (SHA.matcher(head).matches()) {
                return head + " (detached)";
            }
            if (!head.startsWith("ref:")) {
                return "unreadable repository at " + dir + ": HEAD is '" + head + "'";
            }
            String ref = head.substring(4).trim();
            String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
            for (Path base : new Path[] {gitDir, common}) {
                Path loose = base.resolve(ref);
                if (Files.isRegularFile(loose)) {
                    return Files.readString(loose, StandardCharsets.UTF_8).trim() + " (branch " + branch + ")";
                }
            }
            Path packed = common.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String l : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (l.endsWith(" " + ref) && SHA.matcher(l.substring(0, l.indexOf(' '))).matches()) {
                        return l.substring(0, l.indexOf(' ')) + " (branch " + branch + ")";
                    }
                }
            }
            return "no commit yet on branch " + branch + " in " + dir;
        } catch (IOException e) {
            return "unreadable repository at " + dir + ": " + e.getMessage();
        }
    }
}
