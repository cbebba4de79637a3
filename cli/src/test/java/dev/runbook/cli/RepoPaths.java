package dev.runbook.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the repository and the built jar are, for tests that read shipped files or start the jar. */
public final class RepoPaths {
    private RepoPaths() {
    }

    public static Path repo() {
        String fromBuild = System.getProperty("runbook.repo");
        Path p = fromBuild != null ? Paths.get(fromBuild) : Paths.get("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("runbooks-yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository (no runbooks-yaml/ above the working folder)");
        }
        return p.normalize();
    }

    /** The first of {@code names} that is an executable on the PATH, or null when none is. */
    public static String onPath(String... names) {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Paths.get(dirName, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    public static Path jar() {
        String fromBuild = System.getProperty("runbook.jar");
        return fromBuild != null ? Paths.get(fromBuild) : repo().resolve("cli/target/runbook.jar");
    }
}
