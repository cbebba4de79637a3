package dev.runbook.actions.builtin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a child process and everything it started. Descendants are collected before anything is signalled, because
 * once the child dies its children are re-parented and no longer show up as its descendants.
 */
final class ProcessTree {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long FORCED_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ProcessTree() {
    }

    /**
     * Asks the process and its descendants to stop (SIGTERM), kills those still alive after two seconds
     * (SIGKILL) and waits for them. {@code seenBefore} are descendants noticed earlier, which may have been
     * re-parented since (a background job whose shell has exited). Ignores interruption while it cleans up: the
     * caller rethrows it afterwards.
     */
    static void destroy(Process process, Collection<ProcessHandle> seenBefore) {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        for (ProcessHandle h : seenBefore) {
            // ProcessHandle equality includes the start time, so a reused pid is not mistaken for ours.
            if (!all.contains(h) && h.isAlive()) {
                all.add(h);
            }
        }
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        // A child may have forked between the snapshot and the signal: pick those up too.
        process.descendants().filter(h -> !all.contains(h)).forEach(h -> {
            all.add(h);
            h.destroy();
        });
        awaitAll(all, GRACE_NANOS);
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        awaitAll(all, FORCED_WAIT_NANOS);
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
