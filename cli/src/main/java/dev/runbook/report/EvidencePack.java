package dev.runbook.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.audit.AnchorCheck;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.Sha256;
import dev.runbook.audit.VerifyResult;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what an auditor needs about one run into a folder: the report in every format, the runbook file as run
 * (refused when its SHA-256 no longer matches the log, unless allowed, then kept under a name that says so), the
 * run's audit records verbatim, the log's head hash and verification result, and a manifest with the tool version,
 * the parameters as recorded (secrets were never written) and every file's SHA-256.
 */
public final class EvidencePack {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidencePack() {
    }

    /** What was written, and anything the auditor should be told. */
    public record Written(Path dir, List<String> files, List<String> warnings) {
        public Written {
            files = List.copyOf(files);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Writes the pack into {@code dir} (created if missing; existing files of the same names are replaced).
     * Throws {@link RunbookException} (invalid input) when the runbook file changed since the run and
     * {@code allowChanged} is false.
     */
    public static Written write(Path dir, DrillReport report, Path log, VerifyResult verify, String toolVersion,
            boolean allowChanged) throws IOException {
        return write(dir, report, log, verify, toolVersion, allowChanged, List.of());
    }

    /**
     * {@link #write(Path, DrillReport, Path, VerifyResult, String, boolean)} with the checkpoints the log's anchors
     * hold ({@code checkpoints.json}); the drill's alarm history is added as {@code alarm-history.json}.
     */
    public static Written write(Path dir, DrillReport report, Path log, VerifyResult verify, String toolVersion,
            boolean allowChanged, List<AnchorCheck.Listing> anchors) throws IOException {
        RunTimeline t = report.timeline();
        List<String> warnings = new ArrayList<>();
        Path runbook = t.path() == null ? null : Paths.get(t.path());
        String runbookName = null;
        String runbookState;
        if (runbook == null || !Files.isRegularFile(runbook)) {
            runbookState = "missing";
            warnings.add("the runbook file " + t.path() + " is not here: the pack holds no copy of it");
        } else {
            String now = Sha256.ofFile(runbook);
            if (now.equals(t.sha256())) {
                runbookState = "as run";
                runbookName = runbook.getFileName().toString();
            } else if (!allowChanged) {
                throw RunbookException.invalid(runbook + " changed since run " + t.runId() + " (SHA-256 " + now
                        + ", the log recorded " + t.sha256() + "): restore the file as run, or pass --allow-changed "
                        + "to pack it marked as changed");
            } else {
                runbookState = "changed since the run";
                runbookName = "CHANGED-" + runbook.getFileName();
                warnings.add("the runbook file " + runbook + " changed since the run: packed as " + runbookName);
            }
        }
        Files.createDirectories(dir);
        List<String> files = new ArrayList<>();
        for (ReportFormat f : ReportFormat.values()) {
            Files.writeString(dir.resolve(f.fileName()), f.render(report), StandardCharsets.UTF_8);
            files.add(f.fileName());
        }
        if (runbookName != null) {
            Files.copy(runbook, dir.resolve(runbookName), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            files.add(runbookName);
        }
        StringBuilder records = new StringBuilder();
        for (AuditRecord r : t.records()) {
            records.append(r.raw()).append('\n');
        }
        Files.writeString(dir.resolve("audit-records.jsonl"), records, StandardCharsets.UTF_8);
        files.add("audit-records.jsonl");
        Files.writeString(dir.resolve("chain.txt"), chain(log, verify, t), StandardCharsets.UTF_8);
        files.add("chain.txt");
        Files.writeString(dir.resolve("checkpoints.json"),
                PRETTY.writeValueAsString(EvidenceExtras.checkpoints(t, anchors)) + "\n", StandardCharsets.UTF_8);
        files.add("checkpoints.json");
        for (AnchorCheck.Listing l : anchors) {
            if (l.error() != null) {
                warnings.add("anchor " + l.anchor() + " cannot be read: " + l.error());
            }
        }
        Map<String, Object> alarms = EvidenceExtras.alarmHistory(report);
        if (alarms != null) {
            Files.writeString(dir.resolve("alarm-history.json"), PRETTY.writeValueAsString(alarms) + "\n",
                    StandardCharsets.UTF_8);
            files.add("alarm-history.json");
        }
        if (!verify.valid()) {
            warnings.add("the audit log " + log + " fails verification at line " + verify.line() + ": "
                    + verify.problem().label());
        }

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("tool", "runbook " + toolVersion);
        manifest.put("runId", t.runId());
        manifest.put("runbook", t.runbook());
        manifest.put("runTool", "runbook " + t.tool());
        manifest.put("parameters", t.params());
        Map<String, Object> rb = new LinkedHashMap<>();
        rb.put("path", t.path());
        rb.put("sha256", t.sha256());
        rb.put("state", runbookState);
        rb.put("gitCommit", runbook == null ? GitCommit.NONE : GitCommit.of(runbook));
        manifest.put("runbookFile", rb);
        manifest.put("auditLog", log.toAbsolutePath().toString());
        manifest.put("logHead", verify.head());
        manifest.put("logIntact", verify.valid());
        List<Map<String, Object>> list = new ArrayList<>();
        for (String name : files) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", name);
            f.put("sha256", Sha256.ofFile(dir.resolve(name)));
            f.put("bytes", Files.size(dir.resolve(name)));
            list.add(f);
        }
        manifest.put("files", list);
        Files.writeString(dir.resolve("manifest.json"), PRETTY.writeValueAsString(manifest) + "\n",
                StandardCharsets.UTF_8);
        files.add("manifest.json");
        return new Written(dir, files, warnings);
    }

    private static String chain(Path log, VerifyResult v, RunTimeline t) {
        StringBuilder b = new StringBuilder();
        b.append("audit log: ").append(log.toAbsolutePath()).append('\n');
        if (v.valid()) {
            b.append("verify: intact, ").append(v.records()).append(" records\n");
        } else {
            b.append("verify: FAILED at line ").append(v.line()).append(": ").append(v.problem().label()).append(": ")
                    .append(v.message()).append('\n');
        }
        b.append("head: ").append(v.head()).append(" (seq ").append(v.headSeq()).append(")\n");
        if (!t.records().isEmpty()) {
            AuditRecord last = t.records().get(t.records().size() - 1);
            b.append("run ").append(t.runId()).append(": ").append(t.records().size()).append(" records, last seq ")
                    .append(last.seq()).append(", hash ").append(last.text("hash").orElse("?")).append('\n');
        }
        b.append("Check: 'runbook audit verify ").append(log.toAbsolutePath())
                .append("' prints the same head while the log is unaltered up to it.\n");
        return b.toString();
    }
}
