package dev.runbook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Whether one of the process's standard streams is a terminal, without loading JLine: on Linux the file a
 * descriptor is open on is named by {@code /proc/self/fd/N} (a terminal is {@code /dev/pts/N}, {@code /dev/ttyN}
 * or {@code /dev/console}). Elsewhere, or when that cannot be read, the answer is no.
 */
final class Ttys {
    private Ttys() {
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Paths.get("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
