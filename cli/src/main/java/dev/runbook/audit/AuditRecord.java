package dev.runbook.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** One record read back from the audit log: its line number, its fields as a JSON tree, and the line as stored. */
public record AuditRecord(long line, JsonNode fields, String raw) {

    public long seq() {
        return fields.path("seq").asLong(-1);
    }

    public String event() {
        return text("event").orElse("");
    }

    public Optional<String> runId() {
        return text("runId");
    }

    public Optional<String> step() {
        return text("step");
    }

    public String ts() {
        return text("ts").orElse("");
    }

    /** A top-level text field, empty when absent or not text. */
    public Optional<String> text(String name) {
        JsonNode n = fields.get(name);
        return n == null || !n.isTextual() ? Optional.empty() : Optional.of(n.asText());
    }
}
