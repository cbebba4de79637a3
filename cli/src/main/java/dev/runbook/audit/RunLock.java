package dev.runbook.audit;

import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The exclusive ownership of one run by one process: {@code run} takes it before the run's first record, {@code
 * resume} before it reads the run back, and both hold it until the process ends. It is an OS file lock on
 * {@code AUDIT_LOG.locks/RUN_ID.lock} (next to the log), so the OS releases it when the process dies, whatever
 * kills it; the file names the holder (pid, host, since when) for the refusal a second process gets (exit 3).
 *
 * <p>The file is never removed, only emptied on release: removing it would let a process that opened it just
 * before lock a file that no longer has the name while a third one locks a new one. And the holder never opens it a
 * second time: closing any descriptor of a file releases the process's POSIX locks on it.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a run of the given audit log. */
    public static Path fileOf(Path auditLog, String runId) {
        Path log = auditLog.toAbsolutePath().normalize();
        return log.resolveSibling(log.getFileName() + ".locks").resolve(runId + ".lock");
    }

    /**
     * Takes the run's lock, or refuses at once (exit 3) naming the process that holds it.
     *
     * @throws RunbookException (declined) when another process, or this one, holds it; (audit) when the lock file
     *     cannot be written
     */
    public static RunLock acquire(Path auditLog, String runId, Clock clock) {
        Path file = fileOf(auditLog, runId);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // this process holds it already (an in-process caller): reading the file would release it
                channel.close();
                throw refused(runId, file, "pid " + ProcessHandle.current().pid() + " (this process)\n");
            }
            if (lock == null) {
                channel.close();
                throw refused(runId, file, read(file));
            }
            String holder = "pid " + ProcessHandle.current().pid() + "\nhost " + Actor.current().host()
                    + "\nsince " + clock.instant() + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // reporting the first failure
                }
            }
            throw new AuditLogException("cannot take the lock of run " + runId + " (" + file + "): "
                    + e.getMessage(), e);
        }
    }

    private static RunbookException refused(String runId, Path file, String holder) {
        String pid = field(holder, "pid");
        String host = field(holder, "host");
        String since = field(holder, "since");
        return new RunbookException(RunbookException.Reason.DECLINED, "run " + runId + " is owned by another "
                + "runbook process" + (pid == null ? "" : ": pid " + pid + (host == null ? "" : " on " + host)
                + (since == null ? "" : ", since " + since))
                + "; it is still running or resuming, and a run is continued by one process at a time (lock file "
                + file + ", released when that process ends)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** Empties the file and releases the lock (the OS does the latter anyway when the process ends). */
    @Override
    public void close() {
        try {
            channel.truncate(0);
        } catch (IOException e) {
            // the holder's details stay behind; nobody holds the lock, so the next owner takes it
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the channel is gone with its lock
        }
    }
}
