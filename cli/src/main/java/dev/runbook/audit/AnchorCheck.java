package dev.runbook.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies an audit log against the checkpoints its anchors hold (and against a head posted earlier): besides the
 * chain's own findings, {@code truncated} (an anchored seq is past the end of the intact chain), {@code replaced}
 * (the record at an anchored seq has another hash, or the log's id is not the anchored one), {@code deleted} (no
 * file, but the anchors hold checkpoints), {@code head missing} (the {@code --head} given is not in the intact
 * chain) and, as a warning, {@code unanchored tail} (intact records after the newest checkpoint).
 */
public final class AnchorCheck {

    /** What one comparison found. */
    public enum Kind {
        TRUNCATED, REPLACED, DELETED, HEAD_MISSING, UNANCHORED_TAIL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }

        /** All but the unanchored tail fail the verification (exit 4). */
        public boolean fails() {
            return this != UNANCHORED_TAIL;
        }
    }

    public record Finding(Kind kind, String anchor, String message) {
    }

    /** The outcome: the chain's own result (null for a missing file), the findings, and the anchor's counts. */
    public record Result(VerifyResult chain, List<Finding> findings, int checkpoints, long newestSeq,
            String logId, long unanchored, Long headSeq) {
        public boolean valid() {
            return (chain == null || chain.valid()) && findings.stream().noneMatch(f -> f.kind().fails())
                    && chain != null;
        }
    }

    /** The checkpoints one anchor gave, or why it could not be read. */
    public record Listing(String anchor, List<Checkpoint> checkpoints, String error) {
    }

    private AnchorCheck() {
    }

    /** Reads every checkpoint of every anchor (each anchor's failure is kept, not thrown). */
    public static List<Listing> read(List<Anchor> anchors) {
        List<Listing> out = new ArrayList<>();
        for (Anchor a : anchors) {
            try {
                out.add(new Listing(a.uri(), a.list(null), null));
            } catch (IOException | RuntimeException e) {
                out.add(new Listing(a.uri(), List.of(), dev.runbook.error.Messages.describe(e)));
            }
        }
        return out;
    }

    /**
     * Verifies {@code file} (a whole log, or with {@code segment} an exported part of one) against the listings and
     * the posted {@code head} (or null).
     */
    public static Result verify(Path file, boolean segment, List<Listing> listings, String head) throws IOException {
        Set<Long> seqs = new HashSet<>();
        for (Listing l : listings) {
            l.checkpoints().forEach(c -> seqs.add(c.seq()));
        }
        List<Finding> findings = new ArrayList<>();
        if (!Files.exists(file)) {
            int n = 0;
            long newest = 0;
            Set<String> logs = new java.util.TreeSet<>();
            for (Listing l : listings) {
                n += l.checkpoints().size();
                for (Checkpoint c : l.checkpoints()) {
                    newest = Math.max(newest, c.seq());
                    logs.add(c.log());
                }
            }
            if (n > 0) {
                findings.add(new Finding(Kind.DELETED, null, file + " does not exist, but the anchors hold " + n
                        + " checkpoint" + (n == 1 ? "" : "s") + " of " + (logs.size() == 1 ? "log " : "logs ")
                        + String.join(", ", logs) + ", up to seq " + newest + ": the log was deleted or moved"));
            }
            return new Result(null, findings, n, newest, null, 0, null);
        }
        AuditVerifier.Probe probe = new AuditVerifier.Probe(seqs, head == null ? Set.of() : Set.of(head));
        VerifyResult chain = new AuditVerifier().verify(file, probe, segment);
        String logId = probe.genesis();
        long first = probe.firstSeq();
        int count = 0;
        long newest = 0;
        for (Listing l : listings) {
            List<Checkpoint> mine = new ArrayList<>();
            Map<String, Integer> others = new TreeMap<>();
            for (Checkpoint c : l.checkpoints()) {
                if (segment ? first > 0 && c.seq() >= first : c.log().equals(logId)) {
                    mine.add(c);
                } else if (!segment) {
                    others.merge(c.log(), 1, Integer::sum);
                }
            }
            if (mine.isEmpty()) {
                if (!others.isEmpty()) {
                    findings.add(new Finding(Kind.REPLACED, l.anchor(), "the anchor holds no checkpoint of this log "
                            + "(id " + (logId == null ? "none: no record 1" : logId) + ") but " + others.values()
                            .stream().mapToInt(Integer::intValue).sum() + " of " + String.join(", ",
                            others.keySet()) + ": the file was replaced by another chain (or this anchor is not "
                            + "the one of this log)"));
                }
                continue;
            }
            mine.sort(Comparator.comparingLong(Checkpoint::seq));
            count += mine.size();
            Checkpoint last = mine.get(mine.size() - 1);
            newest = Math.max(newest, last.seq());
            Checkpoint firstReplaced = null;
            Checkpoint firstTruncated = null;
            for (Checkpoint c : mine) {
                String h = probe.hashAt(c.seq());
                if (h != null) {
                    if (!h.equals(c.head()) && firstReplaced == null) {
                        firstReplaced = c;
                    }
                } else if (c.seq() > chain.headSeq() && chain.valid() && firstTruncated == null) {
                    firstTruncated = c;
                }
            }
            if (firstReplaced != null) {
                findings.add(new Finding(Kind.REPLACED, l.anchor(), "record seq " + firstReplaced.seq()
                        + " has hash " + probe.hashAt(firstReplaced.seq()) + " but the anchor's checkpoint ("
                        + firstReplaced.ts() + ", " + firstReplaced.event() + ") has " + firstReplaced.head()
                        + ": the log was rewritten from there"));
            }
            if (firstTruncated != null) {
                findings.add(new Finding(Kind.TRUNCATED, l.anchor(), "the log ends at seq " + chain.headSeq()
                        + " but the anchor holds a checkpoint at seq " + last.seq() + " (" + last.ts() + ", "
                        + last.event() + "): " + (last.seq() - chain.headSeq()) + " record"
                        + (last.seq() - chain.headSeq() == 1 ? " is" : "s are") + " missing from the end"));
            }
        }
        long tail = 0;
        if (chain.valid() && count > 0 && chain.headSeq() > newest) {
            tail = chain.headSeq() - newest;
            findings.add(new Finding(Kind.UNANCHORED_TAIL, null, tail + " record" + (tail == 1 ? "" : "s")
                    + " after the newest checkpoint (seq " + newest + "): seq " + (newest + 1) + " to "
                    + chain.headSeq() + " are not anchored yet (a run in progress, an anchor that failed, or records "
                    + "added since)"));
        } else if (chain.valid() && count == 0 && !listings.isEmpty() && chain.headSeq() > 0 && findings.isEmpty()) {
            tail = chain.records();
            findings.add(new Finding(Kind.UNANCHORED_TAIL, null, "the anchors hold no checkpoint of this log: all "
                    + tail + " records are unanchored"));
        }
        Long headSeq = null;
        if (head != null) {
            long s = probe.seqOf(head);
            if (s < 0) {
                findings.add(new Finding(Kind.HEAD_MISSING, null, "head " + head + " is not in the intact chain: "
                        + "the log was truncated or rewritten after that head was posted"));
            } else {
                headSeq = s;
            }
        }
        return new Result(chain, findings, count, newest, logId, tail, headSeq);
    }
}
