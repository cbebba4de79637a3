package dev.runbook.library;

import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds runbook files: each path given is a file, or a folder searched recursively for {@code *.yaml} and
 * {@code *.yml} files, leaving out runbook test files ({@code *.test.yaml}). Paths keep the form the user gave. A folder
 * search does not go into hidden folders ({@code .git}, ...) or build output ({@code target}, {@code build},
 * {@code node_modules}), so {@code runbook test .} and {@code runbook validate .} work from a repository's root.
 */
public final class RunbookFiles {
    private RunbookFiles() {
    }

    /** The runbook files named by these paths, in a stable order; a path that does not exist is an error. */
    public static List<Path> expand(List<String> paths) {
        return expand(paths, RunbookFiles::isRunbookFile, "runbook files (*.yaml, *.yml)");
    }

    /**
     * The files named by these paths: files as given, folders searched recursively for files that {@code accept}
     * takes, in a stable order. A path that does not exist, or a folder with none ({@code what} names them in the
     * message), is an error.
     */
    public static List<Path> expand(List<String> paths, Predicate<Path> accept, String what) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            Path path = Paths.get(p);
            if (!Files.exists(path)) {
                throw RunbookException.invalid(p + ": no such file or folder");
            }
            if (Files.isDirectory(path)) {
                List<Path> found = inFolder(path, accept);
                if (found.isEmpty()) {
                    throw RunbookException.invalid(p + ": no " + what + " in this folder");
                }
                out.addAll(found);
            } else {
                out.add(path);
            }
        }
        return List.copyOf(out);
    }

    /** The runbook files below a folder, sorted by path. */
    public static List<Path> inFolder(Path folder) {
        return inFolder(folder, RunbookFiles::isRunbookFile);
    }

    private static List<Path> inFolder(Path folder, Predicate<Path> accept) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> !belowSkippedFolder(folder, f))
                    .filter(accept)
                    .sorted()
                    .collect(Collectors.toUnmodifiableList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Folders a search leaves out: hidden ones and build output. */
    private static final java.util.Set<String> SKIPPED = java.util.Set.of("target", "build", "node_modules");

    static boolean belowSkippedFolder(Path root, Path file) {
        Path relative = root.relativize(file).getParent();
        if (relative == null) {
            return false;
        }
        for (Path part : relative) {
            String name = part.toString();
            if (SKIPPED.contains(name) || (name.startsWith(".") && !name.equals(".") && !name.equals(".."))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRunbookFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        boolean test = name.endsWith(".test.yaml") || name.endsWith(".test.yml");
        return yaml && !test;
    }
}
