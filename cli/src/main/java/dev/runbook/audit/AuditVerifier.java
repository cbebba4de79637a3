package dev.runbook.audit;

import dev.runbook.audit.VerifyResult.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Recomputes an audit log's hash chain from the first line and reports the first line that breaks it, with why
 * (edited, deleted, reordered, inserted, torn, not JSON). Streams the file: memory does not grow with its length.
 * A run of bad lines directly followed by a {@code torn-tail} record that names their offset, length and SHA-256 is
 * accounted for, not a problem.
 */
public final class AuditVerifier {
    private final MessageDigest sha = RecordCodec.sha256();

    /**
     * What a verification also notes while it streams the intact part of the chain: the hashes at some seqs (those
     * an anchor holds), the seqs of some hashes (a head posted earlier), and the log's id (the hash of seq 1).
     */
    public static final class Probe {
        final java.util.Set<Long> seqs;
        final java.util.Set<String> hashes;
        final java.util.Map<Long, String> hashAt = new java.util.HashMap<>();
        final java.util.Map<String, Long> seqOf = new java.util.HashMap<>();
        String genesis;
        long firstSeq = -1;

        public Probe(java.util.Set<Long> seqs, java.util.Set<String> hashes) {
            this.seqs = seqs;
            this.hashes = hashes;
        }

        /** The hash of the intact record with this seq, or null (no such record, or past the first bad line). */
        public String hashAt(long seq) {
            return hashAt.get(seq);
        }

        /** The seq of the intact record with this hash, or -1. */
        public long seqOf(String hash) {
            return seqOf.getOrDefault(hash, -1L);
        }

        /** The hash of record seq 1, or null. */
        public String genesis() {
            return genesis;
        }

        /** The seq of the first record (1 for a whole log, more for an exported segment), or -1 when none. */
        public long firstSeq() {
            return firstSeq;
        }
    }

    /** Verifies the log; I/O failures (a missing or unreadable file) are thrown. */
    public VerifyResult verify(Path file) throws IOException {
        return verify(file, new Probe(java.util.Set.of(), java.util.Set.of()), false);
    }

    /**
     * Verifies the log, noting what {@code probe} asks for. A {@code segment} (an exported part of a log) may start
     * at any seq: its first record's {@code prev} and {@code seq} are taken as given, and the chain is checked from
     * there.
     */
    public VerifyResult verify(Path file, Probe probe, boolean segment) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return verify(ch, probe, segment);
        }
    }

    private VerifyResult verify(FileChannel ch, Probe probe, boolean segment) throws IOException {
        LineScanner lines = new LineScanner(ch, 0, 1);
        String head = RecordCodec.ZERO_HASH;
        long seq = 0;
        long records = 0;
        int torn = 0;
        long skipUntil = -1;
        while (lines.next()) {
            if (lines.offset < skipUntil) {
                continue;
            }
            RecordCodec.Fields f = RecordCodec.scan(lines.buf, lines.off, lines.len);
            if (!f.isRecord()) {
                long tornRecordStart = accountedTorn(ch, lines.offset, seq, head);
                if (tornRecordStart >= 0) {
                    skipUntil = tornRecordStart;
                    torn++;
                    continue;
                }
                // A cut-off write is the start of a record: '{' and no valid JSON. Anything else is not a record.
                boolean cut = !f.json() && lines.len > 0 && lines.buf[lines.off] == '{';
                if (cut && isLast(ch, lines)) {
                    return VerifyResult.bad(records, head, seq, torn, Problem.TORN, lines.lineNo, "line "
                            + lines.lineNo + " is incomplete (" + lines.len + " bytes at offset " + lines.offset
                            + ", a write cut off by a crash?) and no torn-tail record names it yet; the next run "
                            + "or resume writing to this log records it");
                }
                String why = f.json() ? "it is not an audit record (no seq, prev and hash)" : "it is not JSON";
                return VerifyResult.bad(records, head, seq, torn, Problem.NOT_JSON, lines.lineNo,
                        "line " + lines.lineNo + ": " + why);
            }
            String expected = RecordCodec.expectedHash(lines.buf, lines.off, lines.len, f.prev(), sha);
            boolean hashOk = f.hash().equals(expected);
            if (segment && records == 0 && torn == 0) {
                // an exported segment starts where the export chose: its first record is the start
                seq = f.seq() - 1;
                head = f.prev();
            }
            boolean chains = f.seq() == seq + 1 && f.prev().equals(head);
            if (hashOk && chains) {
                head = f.hash();
                seq = f.seq();
                records++;
                if (probe.firstSeq < 0) {
                    probe.firstSeq = seq;
                }
                if (seq == 1) {
                    probe.genesis = head;
                }
                if (probe.seqs.contains(seq)) {
                    probe.hashAt.put(seq, head);
                }
                if (probe.hashes.contains(head)) {
                    probe.seqOf.put(head, seq);
                }
                continue;
            }
            long n = lines.lineNo;
            if (!hashOk) {
                if (chains) {
                    return VerifyResult.bad(records, head, seq, torn, Problem.EDITED, n, "line " + n + " (seq "
                            + f.seq() + ") was edited: its content does not match its hash");
                }
                if (isLast(ch, lines) || nextChainsTo(ch, lines, seq, head)) {
                    return VerifyResult.bad(records, head, seq, torn, Problem.INSERTED, n, "line " + n
                            + " was inserted: it does not continue the chain and its hash does not match its "
                            + "content (added by hand?)");
                }
                return VerifyResult.bad(records, head, seq, torn, Problem.EDITED, n, "line " + n + " (seq "
                        + f.seq() + ") was edited: its content does not match its hash");
            }
            if (f.seq() <= seq) {
                return VerifyResult.bad(records, head, seq, torn, Problem.INSERTED, n, "line " + n
                        + " was inserted: it repeats seq " + f.seq() + " (expected seq " + (seq + 1) + ")");
            }
            if (f.seq() > seq + 1) {
                long later = findSeq(ch, lines, seq + 1);
                if (later > 0) {
                    return VerifyResult.bad(records, head, seq, torn, Problem.REORDERED, n, "line " + n
                            + " is out of order: it has seq " + f.seq() + " but seq " + (seq + 1)
                            + " comes later, at line " + later);
                }
                long missing = f.seq() - seq - 1;
                return VerifyResult.bad(records, head, seq, torn, Problem.DELETED, n, (missing == 1
                        ? "record seq " + (seq + 1) + " was deleted" : "records seq " + (seq + 1) + " to "
                        + (f.seq() - 1) + " were deleted") + ": line " + n + " has seq " + f.seq());
            }
            return VerifyResult.bad(records, head, seq, torn, Problem.INSERTED, n, "line " + n
                    + " was inserted: its prev does not match the hash of the record before it");
        }
        return VerifyResult.ok(records, head, seq, torn);
    }

    /**
     * When the first valid record at or after {@code badStart} is a torn-tail record naming exactly the bytes from
     * {@code badStart} to it and continuing the chain, returns that record's offset; else -1.
     */
    private long accountedTorn(FileChannel ch, long badStart, long seq, String head) throws IOException {
        LineScanner s = new LineScanner(ch, badStart, 1);
        while (s.next()) {
            RecordCodec.Fields f = RecordCodec.scan(s.buf, s.off, s.len);
            if (!f.isRecord()) {
                continue;
            }
            if (!"torn-tail".equals(f.event()) || f.offset() != badStart || f.length() < 0 || f.seq() != seq + 1
                    || !head.equals(f.prev())) {
                return -1;
            }
            String expected = RecordCodec.expectedHash(s.buf, s.off, s.len, f.prev(), sha);
            if (!f.hash().equals(expected)) {
                return -1;
            }
            long end = badStart + f.length();
            // The writer adds a newline before the torn-tail record when the torn bytes did not end with one.
            if (s.offset != end && s.offset != end + 1) {
                return -1;
            }
            if (f.length() > Integer.MAX_VALUE) {
                return -1;
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) f.length());
            while (bytes.hasRemaining() && ch.read(bytes, badStart + bytes.position()) > 0) {
                // reads until full
            }
            return Sha256.of(bytes.array()).equals(f.sha256()) ? s.offset : -1;
        }
        return -1;
    }

    private static boolean isLast(FileChannel ch, LineScanner lines) throws IOException {
        return lines.offset + lines.len + (lines.terminated ? 1 : 0) >= ch.size();
    }

    private boolean nextChainsTo(FileChannel ch, LineScanner lines, long seq, String head) throws IOException {
        LineScanner s = new LineScanner(ch, lines.offset + lines.len + 1, lines.lineNo + 1);
        if (!s.next()) {
            return false;
        }
        RecordCodec.Fields f = RecordCodec.scan(s.buf, s.off, s.len);
        return f.isRecord() && f.seq() == seq + 1 && head.equals(f.prev());
    }

    /** The line number of the first later line with this seq, or -1. */
    private static long findSeq(FileChannel ch, LineScanner lines, long wanted) throws IOException {
        LineScanner s = new LineScanner(ch, lines.offset + lines.len + 1, lines.lineNo + 1);
        while (s.next()) {
            RecordCodec.Fields f = RecordCodec.scan(s.buf, s.off, s.len);
            if (f.isRecord() && f.seq() == wanted) {
                return s.lineNo;
            }
        }
        return -1;
    }
}
