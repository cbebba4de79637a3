package dev.runbook.audit;

import dev.runbook.error.RunbookException;
import dev.runbook.exec.JournalException;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunJournal;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A journal that takes the run's {@link RunLock} before the run's first record reaches the audit log (a fresh
 * run's id is chosen by the executor), so that no {@code resume} can take over a run that is still running. The
 * lock is held until {@link #close}.
 */
public final class LockingJournal implements RunJournal, AutoCloseable {
    private final RunJournal log;
    private final Path file;
    private final Clock clock;
    private RunLock lock;

    public LockingJournal(RunJournal log, Path file, Clock clock) {
        this.log = log;
        this.file = file;
        this.clock = clock;
    }

    @Override
    public void append(RunEvent event) throws JournalException {
        synchronized (this) {
            if (lock == null) {
                try {
                    lock = RunLock.acquire(file, event.runId(), clock);
                } catch (RunbookException e) {
                    throw new JournalException(e.getMessage(), e);
                }
            }
        }
        log.append(event);
    }

    @Override
    public void force() throws JournalException {
        log.force();
    }

    @Override
    public synchronized void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
