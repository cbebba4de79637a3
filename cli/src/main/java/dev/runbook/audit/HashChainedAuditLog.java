package dev.runbook.audit;

import dev.runbook.error.Messages;
import dev.runbook.exec.JournalException;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunJournal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only, hash-chained audit log (JSON Lines): one record per journaled event, each carrying {@code seq},
 * {@code prev} (the previous record's hash) and {@code hash}. Records are never rewritten; a torn last line left by a
 * crash is left in place and named by a {@code torn-tail} record.
 *
 * <p>Group commit: {@link #append(RunEvent)} keeps the run's record in memory (its {@code ts} is taken then);
 * {@link #force()} writes every record kept so far in one write, under an exclusive file lock (so that concurrent
 * runs on one machine interleave whole groups; {@code seq}, {@code prev} and {@code hash} are given then), and forces
 * it to disk. The executor decides when ({@link RunJournal#forcesAfter}). {@link #appendFields} writes and forces at
 * once, after what is kept. Observers ({@link #addObserver}) are told of every record once it is on disk, then of the
 * seq the log is forced up to.
 */
public final class HashChainedAuditLog implements RunJournal, AutoCloseable {
    /** A torn region larger than this is not a cut-off write: the file is not ours to append to. */
    private static final long MAX_TORN = 16L * 1024 * 1024;
    /** One lock per file inside this JVM: a {@link FileLock} is per process and would throw on overlap. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private FileChannel channel;
    private final boolean fsync;
    private final Clock clock;
    private final ReentrantLock jvmLock;
    private final MessageDigest sha = RecordCodec.sha256();
    private volatile RunOrigin origin;
    private final String toolVersion;

    /** The tail as last seen: valid while the file's size is still {@code knownSize}. */
    private long knownSize = -1;
    private String head;
    private long seq;
    private boolean needsNewline;
    private Torn torn;
    /** Records appended and not yet written (group commit): written and forced together by {@link #force()}. */
    private final List<Map<String, Object>> pending = new ArrayList<>();
    /** The hashes of the records being written: if an interrupt cut the write short, the retry looks for them. */
    private List<String> writing;
    /** A write failed: nothing kept is written afterwards (the run stops; {@link #close} does not retry). */
    private boolean failed;
    /** Groups forced and not yet told to the observers, in the order they reached the disk; guarded by this. */
    private final ArrayDeque<List<Written>> toTell = new ArrayDeque<>();
    private boolean telling;
    /** The hash of record seq 1 (the log's id for anchors), once known. */
    private volatile String genesis;
    private final List<AppendObserver> observers = new CopyOnWriteArrayList<>();

    /**
     * Told of every record once it is forced to disk (and the file unlocked), in order, on a thread that forced the
     * log: {@link #appended} for each record of a group, then {@link #forced} with the last one. This is the seam for
     * anything that must only see durable records (anchors' checkpoints, a remote mirror): "records up to seq N are
     * on disk". An observer may append (its record is told after the current group).
     */
    public interface AppendObserver {
        void appended(Map<String, Object> fields, long seq, String hash);

        /** Every record up to and including {@code seq} (whose hash is {@code hash}) is on disk. */
        default void forced(long seq, String hash) {
        }
    }

    /** A record as written: its fields (with {@code seq}, {@code prev} and {@code ts}), seq and hash. */
    private record Written(Map<String, Object> fields, long seq, String hash) {
    }

    private record Torn(long offset, long length, String sha256) {
    }

    private HashChainedAuditLog(Path file, FileChannel channel, boolean fsync, Clock clock, RunOrigin origin,
            String toolVersion, ReentrantLock jvmLock) {
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
        this.clock = clock;
        this.origin = origin;
        this.toolVersion = toolVersion;
        this.jvmLock = jvmLock;
    }

    /**
     * Opens (creating it, folder 0700 and file 0600, if missing) the log for appending and checks, before any step
     * runs, that it can be written and that its end is a record or a torn write. {@code origin} describes the run
     * for its start record; {@code fsync} false skips forcing each record to disk (benchmarks only).
     */
    public static HashChainedAuditLog open(Path file, RunOrigin origin, boolean fsync, Clock clock) {
        Path abs = file.toAbsolutePath().normalize();
        create(abs);
        FileChannel ch;
        try {
            ch = FileChannel.open(abs, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new AuditLogException("cannot write the audit log " + abs + ": permission denied");
        } catch (IOException e) {
            throw new AuditLogException("cannot open the audit log " + abs + ": " + Messages.describe(e));
        }
        Path key;
        try {
            key = abs.toRealPath();
        } catch (IOException e) {
            key = abs;
        }
        HashChainedAuditLog log = new HashChainedAuditLog(abs, ch, fsync, clock, origin,
                origin == null ? "unknown" : origin.toolVersion(), JVM_LOCKS.computeIfAbsent(key, k -> new ReentrantLock()));
        try {
            log.withLock(() -> {
                long size = log.channel.size();
                log.inspect(size);
                log.checkFirstLine(size);
                return null;
            });
        } catch (IOException e) {
            log.close();
            throw new AuditLogException("cannot read the audit log " + abs + ": " + Messages.describe(e), e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    /** Opens with fsync on and the system clock. */
    public static HashChainedAuditLog open(Path file, RunOrigin origin) {
        return open(file, origin, true, Clock.systemUTC());
    }

    private static void create(Path abs) {
        boolean posix = abs.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = abs.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(abs)) {
                throw new AuditLogException("cannot write the audit log " + abs + ": it is a folder");
            }
            if (posix) {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(abs);
                    // The owner's write bit is the log owner's statement that it must not change (an archived
                    // log): respected even by root, who could write it anyway.
                    if (!perms.contains(PosixFilePermission.OWNER_WRITE)) {
                        throw new AuditLogException("cannot write the audit log " + abs + ": it is read-only (mode "
                                + PosixFilePermissions.toString(perms) + ")");
                    }
                } catch (IOException io) {
                    throw new AuditLogException("cannot read the permissions of the audit log " + abs + ": " + io);
                }
            }
        } catch (AccessDeniedException e) {
            throw new AuditLogException("cannot create the audit log " + abs + ": permission denied on "
                    + e.getFile());
        } catch (NoSuchFileException e) {
            throw new AuditLogException("cannot create the audit log " + abs + ": no such folder " + e.getFile());
        } catch (IOException e) {
            throw new AuditLogException("cannot create the audit log " + abs + ": " + Messages.describe(e));
        }
    }

    public Path file() {
        return file;
    }

    /** Sets what the next run's start record says about the runbook and its operator. */
    public void origin(RunOrigin origin) {
        this.origin = origin;
    }

    /** Keeps the event's record in memory until the next {@link #force()} (group commit, see the class). */
    @Override
    public void append(RunEvent event) throws JournalException {
        Map<String, Object> m;
        try {
            m = prepare(AuditEvents.fields(event, origin, toolVersion, clock.instant()));
        } catch (RuntimeException e) {
            throw new JournalException("cannot append to " + file + ": " + Messages.describe(e), e);
        }
        synchronized (this) {
            pending.add(m);
        }
    }

    /** Writes every record kept so far (one write, one file lock) and forces it to disk; then tells the observers. */
    @Override
    public void force() throws JournalException {
        try {
            synchronized (this) {
                writePending();
            }
            tell();
        } catch (IOException | RuntimeException e) {
            throw new JournalException("cannot append to " + file + ": " + Messages.describe(e), e);
        }
    }

    /**
     * Appends one record with these fields ({@code seq}, {@code prev} and {@code hash} are added; {@code ts} too when
     * missing) after the records kept so far, all forced to disk before it returns. Returns the record's hash.
     */
    public String appendFields(Map<String, Object> fields) throws IOException {
        Map<String, Object> m = prepare(fields);
        String hash;
        synchronized (this) {
            pending.add(m);
            List<Written> w = writePending();
            hash = w.get(w.size() - 1).hash();
        }
        tell();
        return hash;
    }

    private Map<String, Object> prepare(Map<String, Object> fields) {
        Map<String, Object> m = RecordCodec.plainFields(fields);
        if (!m.containsKey("ts")) {
            m.put("ts", RecordCodec.ts(clock.instant()));
        }
        return m;
    }

    /** Adds one who is told of each record once it is on disk (the checkpointer, a mirror). */
    public void addObserver(AppendObserver observer) {
        observers.add(observer);
    }

    public void removeObserver(AppendObserver observer) {
        observers.remove(observer);
    }

    /** Tells the observers of the groups forced so far, in order; one thread at a time (others leave it to it). */
    private void tell() {
        while (true) {
            List<Written> group;
            synchronized (this) {
                if (telling || toTell.isEmpty()) {
                    return;
                }
                telling = true;
                group = toTell.poll();
            }
            try {
                for (AppendObserver o : observers) {
                    for (Written w : group) {
                        o.appended(w.fields(), w.seq(), w.hash());
                    }
                    Written last = group.get(group.size() - 1);
                    o.forced(last.seq(), last.hash());
                }
            } finally {
                synchronized (this) {
                    telling = false;
                }
            }
        }
    }

    /**
     * The log's id for anchors: the hash of its record seq 1 (for a log whose first record was cut off, the
     * {@code torn-tail} record that names it). Null while the log has no record.
     */
    public String logId() throws IOException {
        String g = genesis;
        if (g == null) {
            g = withLock(() -> {
                long size = channel.size();
                if (size == 0) {
                    return null;
                }
                long end = lineEnd(0, size);
                byte[] first = read(0, (int) end);
                RecordCodec.Fields f = RecordCodec.scan(first, 0, first.length);
                if (f.isRecord() && f.seq() == 1) {
                    return f.hash();
                }
                if (end < size) {
                    long secondEnd = lineEnd(end + 1, size);
                    byte[] second = read(end + 1, (int) (secondEnd - end - 1));
                    RecordCodec.Fields t = RecordCodec.scan(second, 0, second.length);
                    if (t.isRecord() && t.seq() == 1) {
                        return t.hash();
                    }
                }
                return null;
            });
            genesis = g;
        }
        return g;
    }

    /**
     * Writes the kept records in one write under the file lock and forces them; returns them as written (also queued
     * for the observers). Called holding this object's monitor.
     */
    private List<Written> writePending() throws IOException {
        if (pending.isEmpty()) {
            return List.of();
        }
        if (failed) {
            throw new IOException("an earlier write to the audit log failed");
        }
        List<Written> done = new ArrayList<>(pending.size());
        try {
            withLock(() -> {
                writeGroup(done);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            writing = null;
        }
        pending.clear();
        toTell.add(done);
        return done;
    }

    /** Under the locks: writes the records of {@code pending} not in {@code done} yet; retried after an interrupt. */
    private void writeGroup(List<Written> done) throws IOException {
        long size = channel.size();
        if (size != knownSize) {
            inspect(size);
        }
        if (writing != null) {
            // a retry after an interrupt: the records up to the head reached the file whole
            int k = writing.indexOf(head);
            for (int i = 0; i <= k; i++) {
                Map<String, Object> m = pending.get(done.size());
                done.add(new Written(m, ((Number) m.get("seq")).longValue(), writing.get(i)));
            }
            writing = null;
            if (done.size() == pending.size()) {
                if (fsync) {
                    channel.force(false);
                }
                knownSize = size;
                return;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * (pending.size() - done.size()));
        if (needsNewline) {
            out.write('\n');
        }
        if (torn != null) {
            Map<String, Object> t = new TreeMap<>();
            t.put("ts", RecordCodec.ts(clock.instant()));
            t.put("event", "torn-tail");
            t.put("offset", torn.offset());
            t.put("length", torn.length());
            t.put("sha256", torn.sha256());
            chain(t, out);
        }
        List<String> hashes = new ArrayList<>(pending.size() - done.size());
        for (int i = done.size(); i < pending.size(); i++) {
            hashes.add(chain(pending.get(i), out));
        }
        ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
        long at = size;
        writing = hashes;
        try {
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            knownSize = -1;
            throw e;
        }
        for (String h : hashes) {
            Map<String, Object> m = pending.get(done.size());
            done.add(new Written(m, ((Number) m.get("seq")).longValue(), h));
        }
        writing = null;
        knownSize = at;
        needsNewline = false;
        torn = null;
    }

    /** Adds {@code seq} and {@code prev} to these sorted plain fields and writes their line to {@code out}. */
    private String chain(Map<String, Object> fields, ByteArrayOutputStream out) {
        fields.put("seq", seq + 1);
        fields.put("prev", head);
        String hash = RecordCodec.encode(fields, head, sha, out);
        seq++;
        head = hash;
        if (seq == 1) {
            genesis = hash;
        }
        return hash;
    }

    /** Finds the head (last record's hash and seq) and any torn bytes after it. Called under the lock. */
    private void inspect(long size) throws IOException {
        knownSize = size;
        needsNewline = false;
        torn = null;
        if (size == 0) {
            head = RecordCodec.ZERO_HASH;
            seq = 0;
            return;
        }
        boolean terminated = read(size - 1, 1)[0] == '\n';
        long lineEnd = terminated ? size - 1 : size;
        long tornStart = -1;
        while (true) {
            long lineStart = lineStart(lineEnd);
            byte[] line = read(lineStart, (int) (lineEnd - lineStart));
            RecordCodec.Fields f = RecordCodec.scan(line, 0, line.length);
            if (f.isRecord()) {
                head = f.hash();
                seq = f.seq();
                break;
            }
            tornStart = lineStart;
            if (lineStart == 0) {
                if (line.length > 0 && line[0] == '{' && !terminated && lineEnd == size) {
                    // The very first record was cut off: nothing before it to chain to.
                    head = RecordCodec.ZERO_HASH;
                    seq = 0;
                    break;
                }
                throw new AuditLogException(file + " is not a runbook audit log (no record found in it); "
                        + "give another file with --audit-log");
            }
            lineEnd = lineStart - 1;
            if (size - tornStart > MAX_TORN) {
                throw new AuditLogException("the end of the audit log " + file + " is not a record (more than "
                        + MAX_TORN / (1024 * 1024) + " MiB); run 'runbook audit verify " + file + "'");
            }
        }
        needsNewline = !terminated;
        if (tornStart >= 0) {
            byte[] bytes = read(tornStart, (int) (size - tornStart));
            torn = new Torn(tornStart, bytes.length, Sha256.of(bytes));
        }
    }

    /**
     * Refuses a log whose first line is not the start of a chain: a record with seq 1 and a zero prev, or a cut-off
     * first record named by a torn-tail record right after it. The tail alone would let the writer extend a chain that
     * verification rejects at line 1 (a file whose first line was edited or had a line put before it). Called under
     * the lock when the log is opened; a log whose only line is a cut-off first record was accepted by
     * {@link #inspect}.
     */
    private void checkFirstLine(long size) throws IOException {
        long end = lineEnd(0, size);
        if (end >= size) {
            return; // one unterminated line: a record or a cut-off first record, as inspect decided
        }
        byte[] first = read(0, (int) end);
        RecordCodec.Fields f = RecordCodec.scan(first, 0, first.length);
        if (f.isRecord() && f.seq() == 1 && RecordCodec.ZERO_HASH.equals(f.prev())) {
            return;
        }
        if (!f.isRecord() && first.length > 0 && first[0] == '{') {
            long secondEnd = lineEnd(end + 1, size);
            byte[] second = read(end + 1, (int) (secondEnd - end - 1));
            RecordCodec.Fields t = RecordCodec.scan(second, 0, second.length);
            if (t.isRecord() && "torn-tail".equals(t.event()) && t.offset() == 0 && t.seq() == 1
                    && RecordCodec.ZERO_HASH.equals(t.prev())) {
                return;
            }
        }
        String why = !f.json() ? "it is not JSON"
                : !f.isRecord() ? "it is not an audit record (no seq, prev and hash)"
                : "it is not the first record of a chain (seq " + f.seq() + ", expected seq 1)";
        throw new AuditLogException("the audit log " + file + " does not start with a record: line 1: " + why
                + "; appending would extend a chain that does not verify. Run 'runbook audit verify " + file
                + "', or give another file with --audit-log");
    }

    /** The position of the first {@code \n} at or after {@code start}, or {@code size}. */
    private long lineEnd(long start, long size) throws IOException {
        long pos = start;
        while (pos < size) {
            int n = (int) Math.min(8192, size - pos);
            byte[] chunk = read(pos, n);
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    return pos + i;
                }
            }
            pos += n;
            if (pos - start > MAX_TORN) {
                throw new AuditLogException("line 1 of the audit log " + file + " is longer than "
                        + MAX_TORN / (1024 * 1024) + " MiB: it is not a record; run 'runbook audit verify " + file
                        + "'");
            }
        }
        return size;
    }

    /** The position just after the last {@code \n} before {@code end}, or 0. */
    private long lineStart(long end) throws IOException {
        long pos = end;
        while (pos > 0) {
            int n = (int) Math.min(8192, pos);
            byte[] chunk = read(pos - n, n);
            for (int i = n - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    return pos - n + i + 1;
                }
            }
            pos -= n;
            if (end - pos > MAX_TORN) {
                throw new AuditLogException("the last line of the audit log " + file + " is longer than "
                        + MAX_TORN / (1024 * 1024) + " MiB: it is not a record");
            }
        }
        return 0;
    }

    private byte[] read(long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("the audit log " + file + " shrank while being read");
            }
        }
        return buf.array();
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * Runs work on the file under both locks. An interrupted thread (an abort reaching the thread that records a
     * step's end) would make the channel close itself at its next operation, and every later record of the run, the
     * step's end and the run's interruption among them, would be lost. So the work runs with the interrupt cleared,
     * which is set again afterwards; and if one arrives during the work, the channel is opened again and the work
     * retried (a record it cut off is then found: a whole one is only forced, a torn one named as a torn tail).
     */
    private synchronized <T> T withLock(Locked<T> work) throws IOException {
        boolean interrupted = Thread.interrupted();
        jvmLock.lock();
        try {
            while (true) {
                try {
                    return underFileLock(work);
                } catch (ClosedByInterruptException | FileLockInterruptionException e) {
                    interrupted |= Thread.interrupted();
                    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    knownSize = -1;
                }
            }
        } finally {
            jvmLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T underFileLock(Locked<T> work) throws IOException {
        try (FileLock ignored = channel.lock()) {
            return work.run();
        }
    }

    /** Writes and forces what is kept (unless a write failed: then it is dropped, as the run stopped), and closes. */
    @Override
    public void close() {
        try {
            synchronized (this) {
                if (!failed) {
                    writePending();
                }
            }
            tell();
        } catch (IOException | RuntimeException e) {
            // the run already ended; what could not be written is lost as in a crash (its steps are in doubt)
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Every record was forced when written: nothing is lost by a failing close.
        }
    }
}
