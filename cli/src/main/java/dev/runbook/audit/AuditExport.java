package dev.runbook.audit;

import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code runbook audit export RUN_ID --out DIR}: the part of the log from the run's first record to its last (and on
 * to the first checkpoint at or after it, when that checkpoint is later), byte for byte, so that every record's hash
 * and its link to the one before can be checked (records of other runs that were written in between are part of the
 * chain, so they are included); the checkpoints of the log the anchors hold in that range; and a manifest saying what
 * each file is, its SHA-256, and the commands that verify the folder offline.
 */
public final class AuditExport {
    public static final String RECORDS = "records.jsonl";
    public static final String CHECKPOINTS = "checkpoints.jsonl";
    public static final String MANIFEST = "MANIFEST.md";
    private static final Pattern SUM = Pattern.compile("^([0-9a-f]{64})  (\\S+)$", Pattern.MULTILINE);

    /** What was exported. */
    public record Exported(Path dir, long firstSeq, long lastSeq, int records, int checkpoints, String logId) {
    }

    private AuditExport() {
    }

    public static Exported export(Path log, String runId, List<AnchorCheck.Listing> listings, Path dir)
            throws IOException {
        AuditVerifier.Probe probe = new AuditVerifier.Probe(Set.of(), Set.of());
        VerifyResult chain = new AuditVerifier().verify(log, probe, false);
        List<AuditRecord> mine = AuditReader.records(log, runId);
        if (mine.isEmpty()) {
            throw RunbookException.invalid("no run '" + runId + "' in the audit log " + log + " (see 'runbook runs')");
        }
        long from = mine.get(0).seq();
        long last = mine.get(mine.size() - 1).seq();
        if (!chain.valid() && chain.headSeq() < last) {
            throw new AuditLogException("the audit log " + log + " fails verification at line " + chain.line() + " ("
                    + chain.problem().label() + "), within run " + runId + ": it cannot be exported as evidence; "
                    + "run 'runbook audit verify " + log + "'");
        }
        String logId = probe.genesis();
        List<Checkpoint> all = new ArrayList<>();
        for (AnchorCheck.Listing l : listings) {
            for (Checkpoint c : l.checkpoints()) {
                if (c.log().equals(logId)) {
                    all.add(c);
                }
            }
        }
        long to = last;
        long after = all.stream().mapToLong(Checkpoint::seq).filter(s -> s >= last && s <= chain.headSeq()).min()
                .orElse(last);
        to = Math.max(to, after);
        final long end = to;
        Set<String> cps = new LinkedHashSet<>();
        all.stream().filter(c -> c.seq() >= from && c.seq() <= end).sorted(Comparator.comparingLong(Checkpoint::seq)
                .thenComparing(Checkpoint::ts)).forEach(c -> cps.add(c.toJson()));
        StringBuilder records = new StringBuilder();
        int n = 0;
        for (AuditRecord r : AuditReader.records(log, null)) {
            if (r.seq() >= from && r.seq() <= end) {
                records.append(r.raw()).append('\n');
                n++;
            }
        }
        Files.createDirectories(dir);
        byte[] recordBytes = records.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder cpText = new StringBuilder();
        cps.forEach(c -> cpText.append(c).append('\n'));
        byte[] cpBytes = cpText.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(RECORDS), recordBytes);
        Files.write(dir.resolve(CHECKPOINTS), cpBytes);
        List<String> anchorUris = new ArrayList<>();
        for (AnchorCheck.Listing l : listings) {
            anchorUris.add(l.anchor());
        }
        Files.writeString(dir.resolve(MANIFEST), manifest(log, runId, logId, from, end, n, cps.size(), anchorUris,
                Sha256.of(recordBytes), Sha256.of(cpBytes), dir));
        return new Exported(dir, from, end, n, cps.size(), logId);
    }

    private static String manifest(Path log, String runId, String logId, long from, long to, int records,
            int checkpoints, List<String> anchors, String recordsSum, String cpSum, Path dir) {
        StringBuilder m = new StringBuilder();
        m.append("# Audit evidence: run ").append(runId).append("\n\n");
        m.append("Exported by `runbook audit export` from `").append(log).append("`.\n\n");
        m.append("| file | what it is |\n| --- | --- |\n");
        m.append("| `").append(RECORDS).append("` | ").append(records).append(" audit records, seq ").append(from)
                .append(" to ").append(to).append(", byte for byte as in the log: the run's records and any of other "
                + "runs written in between (they are links of the same hash chain) |\n");
        m.append("| `").append(CHECKPOINTS).append("` | ").append(checkpoints).append(" checkpoints of the log ")
                .append("(id `").append(logId).append("`) in that range, as the anchors held them")
                .append(anchors.isEmpty() ? " (no anchor was given: none)" : ": " + String.join(", ", anchors))
                .append(" |\n");
        m.append("| `").append(MANIFEST).append("` | this file |\n\n");
        m.append("SHA-256 of each file (`sha256sum -c` reads these lines):\n\n```\n");
        m.append(recordsSum).append("  ").append(RECORDS).append('\n');
        m.append(cpSum).append("  ").append(CHECKPOINTS).append('\n');
        m.append("```\n\n");
        m.append("## Verify it offline\n\n```\nrunbook audit verify ").append(dir.toAbsolutePath()).append("\n```\n\n");
        m.append("This recomputes every record's hash, checks that each links to the one before (the first record's ")
                .append("`prev` and `seq` are taken as given), checks each checkpoint's seq and head against the ")
                .append("records, and checks the SHA-256 sums above. Exit 0 when everything agrees, 4 when not.\n");
        if (!anchors.isEmpty()) {
            m.append("\nTo check against the anchors themselves rather than the copy here:\n\n```\n");
            for (String a : anchors) {
                m.append("runbook audit verify ").append(dir.toAbsolutePath()).append(" --anchor ").append(a)
                        .append('\n');
            }
            m.append("```\n");
        }
        return m.toString();
    }

    /** The sums in the folder's manifest that do not match its files, as messages (empty when all do). */
    public static List<String> checkManifest(Path dir) {
        List<String> bad = new ArrayList<>();
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            bad.add("missing: the folder has no manifest");
            return bad;
        }
        try {
            Matcher m = SUM.matcher(Files.readString(manifest));
            int n = 0;
            while (m.find()) {
                n++;
                Path f = dir.resolve(m.group(2));
                if (!Files.isRegularFile(f)) {
                    bad.add(m.group(2) + " is missing");
                } else if (!Sha256.ofFile(f).equals(m.group(1))) {
                    bad.add(m.group(2) + " does not match its SHA-256 in the manifest: it was changed after the export");
                }
            }
            if (n == 0) {
                bad.add("no SHA-256 sums in the manifest");
            }
        } catch (IOException e) {
            bad.add("cannot be read: " + e.getMessage());
        }
        return bad;
    }
}
