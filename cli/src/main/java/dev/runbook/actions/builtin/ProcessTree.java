package dev.runbook.actions.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a child process and everything it started. Descendants are collected before anything is signalled, because
 * once the child dies its children are re-parented and no longer show up as its descendants. A process that left
 * the tree (double fork, {@code setsid}) is still found by the token in its environment: every child of a step is
 * started with {@code RUNBOOK_STEP_TOKEN=<uuid>}, inherited by whatever it starts, and on Linux
 * {@code /proc/PID/environ} tells who carries it (as Jenkins' ProcessTreeKiller does).
 */
final class ProcessTree {
    /** The environment variable that marks every process a step started. */
    static final String TOKEN = "RUNBOOK_STEP_TOKEN";

    private static final Path PROC = Paths.get("/proc");

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long FORCED_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ProcessTree() {
    }

    /**
     * Asks the process and its descendants to stop (SIGTERM), kills those still alive after two seconds
     * (SIGKILL) and waits for them. {@code seenBefore} are descendants noticed earlier, which may have been
     * re-parented since (a background job whose shell has exited); {@code token} is the value of {@link #TOKEN}
     * the child was started with. Ignores interruption while it cleans up: the caller rethrows it afterwards.
     */
    static void destroy(Process process, Collection<ProcessHandle> seenBefore, String token) {
        // The child first, then its descendants: a shell whose job died first would otherwise go on to its next
        // command before its own SIGTERM arrived (`sleep 300; apply-change`).
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        for (ProcessHandle h : seenBefore) {
            // ProcessHandle equality includes the start time, so a reused pid is not mistaken for ours.
            if (!all.contains(h) && h.isAlive()) {
                all.add(h);
            }
        }
        addNew(all, carrying(token));
        all.forEach(ProcessHandle::destroy);
        // A child may have forked between the snapshot and the signal: pick those up too.
        List<ProcessHandle> late = new ArrayList<>();
        process.descendants().forEach(late::add);
        late.addAll(carrying(token));
        for (ProcessHandle h : late) {
            if (!all.contains(h)) {
                all.add(h);
                h.destroy();
            }
        }
        awaitAll(all, GRACE_NANOS);
        addNew(all, carrying(token));
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        awaitAll(all, FORCED_WAIT_NANOS);
    }

    private static void addNew(List<ProcessHandle> all, List<ProcessHandle> more) {
        for (ProcessHandle h : more) {
            if (!all.contains(h)) {
                all.add(h);
            }
        }
    }

    /**
     * The live processes whose environment holds {@code TOKEN=token}, this JVM excepted; none where there is no
     * {@code /proc} (the tree and the recorded descendants are then all there is to end).
     */
    static List<ProcessHandle> carrying(String token) {
        List<ProcessHandle> found = new ArrayList<>();
        if (token == null || !Files.isDirectory(PROC)) {
            return found;
        }
        byte[] needle = (TOKEN + "=" + token).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == self) {
                    continue;
                }
                // The handle first: if the pid is reused after the environ was read, the handle is not the same.
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                if (handle.isPresent() && environHolds(dir.resolve("environ"), needle)) {
                    found.add(handle.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable: end what the tree shows
        }
        return found;
    }

    private static boolean environHolds(Path environ, byte[] needle) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException e) {
            return false; // gone, or another user's process
        }
        outer:
        for (int i = 0; i + needle.length <= env.length; i++) {
            if (i > 0 && env[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (env[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (i + needle.length == env.length || env[i + needle.length] == 0) {
                return true;
            }
        }
        return false;
    }

    private static void awaitAll(List<ProcessHandle> handles, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                // A second interrupt (say, Ctrl-C twice) must not leave children behind; keep cleaning up.
                continue;
            }
        }
    }
}
