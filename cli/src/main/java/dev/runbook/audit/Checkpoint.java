package dev.runbook.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an anchor holds about an audit log at one moment: the log's id ({@code log}: the hash of its record seq 1,
 * which never changes while the file is the same log), a record's {@code seq} and its chain hash ({@code head}),
 * when the checkpoint was made ({@code ts}), the run ({@code runId}) and the event of the record that caused it
 * ({@code run-started}, {@code step-succeeded}, ..., or {@code heartbeat}). Its canonical form is one JSON object,
 * keys sorted, no whitespace: {@code {"event":..,"head":..,"log":..,"runId":..,"seq":..,"ts":..}}.
 */
public record Checkpoint(String log, long seq, String head, String ts, String runId, String event) {

    public Checkpoint {
        if (!RecordCodec.isHash(log) || !RecordCodec.isHash(head) || seq < 1) {
            throw new IllegalArgumentException("a checkpoint needs a 64-hex log and head and a seq of at least 1");
        }
    }

    static Checkpoint of(String log, long seq, String head, Instant at, String runId, String event) {
        return new Checkpoint(log, seq, head, RecordCodec.ts(at), runId, event);
    }

    /** The canonical JSON form (no newline). */
    public String toJson() {
        Map<String, Object> m = new TreeMap<>();
        m.put("event", event);
        m.put("head", head);
        m.put("log", log);
        if (runId != null) {
            m.put("runId", runId);
        }
        m.put("seq", seq);
        m.put("ts", ts);
        try {
            return RecordCodec.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the canonical form (or any JSON object with these fields); throws IllegalArgumentException when not one. */
    public static Checkpoint parse(String json) {
        JsonNode n;
        try {
            n = RecordCodec.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject() || !n.path("seq").canConvertToLong() || !n.path("seq").isIntegralNumber()) {
            throw new IllegalArgumentException("not a checkpoint (no seq)");
        }
        return new Checkpoint(n.path("log").asText(null), n.path("seq").asLong(), n.path("head").asText(null),
                n.path("ts").asText(""), n.hasNonNull("runId") ? n.path("runId").asText() : null,
                n.path("event").asText(""));
    }
}
