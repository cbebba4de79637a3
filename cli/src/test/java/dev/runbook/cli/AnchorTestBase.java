package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the anchor tests share: a log, a runbook of three mutating exec steps and a read-only one, the command lines
 * that run it and verify the log, and a way to rewrite the log as someone holding the machine could.
 */
abstract class AnchorTestBase {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path log;
    Path anchorFile;
    String anchor;
    Path runbook;
    Path marker;

    @BeforeEach
    void files() throws Exception {
        log = dir.resolve("state/audit.jsonl");
        anchorFile = dir.resolve("anchor.jsonl");
        anchor = anchorFile.toUri().toString();
        marker = dir.resolve("marker");
        runbook = dir.resolve("deploy.yaml");
        Files.writeString(runbook, String.join("\n",
                "runbook: 1",
                "name: deploy",
                "steps:",
                "  - id: first",
                "    action: exec",
                "    with: {command: [sh, -c, 'echo first >> " + marker + "']}",
                "  - id: look",
                "    action: exec",
                "    with: {command: [echo, looking], read-only: true}",
                "  - id: second",
                "    action: exec",
                "    with: {command: [sh, -c, 'echo second >> " + marker + "']}",
                "  - id: third",
                "    action: exec",
                "    with: {command: [sh, -c, 'echo third >> " + marker + "']}",
                ""));
    }

    Cli cli() {
        return Cli.cli().env("RUNBOOK_AUDIT_LOG", log.toString());
    }

    Cli.Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", runbook.toString(), "--yes"));
        args.addAll(List.of(extra));
        return cli().run(args.toArray(String[]::new));
    }

    Cli.Result verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", log.toString(), "--anchor", anchor));
        args.addAll(List.of(extra));
        return cli().run(args.toArray(String[]::new));
    }

    static List<String> lines(Path p) throws Exception {
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    static List<JsonNode> records(Path p) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines(p)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    /** A record like {@code like} (next seq is set by the writer) with another event. */
    static JsonNode forged(JsonNode like, String event) {
        ObjectNode n = like.deepCopy();
        n.put("event", event);
        return n;
    }

    /** Writes these records' fields again as a new chain (hashes recomputed), as someone holding the laptop could. */
    void rewrite(List<JsonNode> records, java.util.function.Consumer<ObjectNode> change) throws Exception {
        Path fresh = dir.resolve("rewritten.jsonl");
        Files.deleteIfExists(fresh);
        try (HashChainedAuditLog w = HashChainedAuditLog.open(fresh, new RunOrigin("x", "0".repeat(64), null, "t",
                false), false, Clock.systemUTC())) {
            for (JsonNode r : records) {
                ObjectNode n = r.deepCopy();
                change.accept(n);
                n.remove("seq");
                n.remove("prev");
                n.remove("hash");
                Map<String, Object> fields = new TreeMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    fields.put(e.getKey(), JSON.treeToValue(e.getValue(), Object.class));
                }
                w.appendFields(fields);
            }
        }
        Files.move(fresh, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
