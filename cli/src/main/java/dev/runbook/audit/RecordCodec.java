package dev.runbook.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.model.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte format of one audit record: canonical JSON (keys sorted, no whitespace, without {@code hash}), then the
 * {@code hash} member appended as the last one. Also a fast reader of the few chain fields, for the verifier and for
 * the writer's look at the tail, that does not build a tree per line.
 */
final class RecordCodec {
    static final String ZERO_HASH = "0".repeat(64);
    /** {@code ,"hash":"} + 64 hex digits + {@code "}}: how every record line ends. */
    static final int HASH_SUFFIX = 9 + 64 + 2;
    private static final byte[] HASH_PREFIX = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = {'}'};
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private RecordCodec() {
    }

    /**
     * Writes the line (with its {@code \n}) of a record with these fields, chained to {@code prev}, to {@code out} and
     * returns its hash. The fields must be plain JSON values already, in key order, without {@code hash}: as
     * {@link #plainFields} makes them.
     */
    static String encode(Map<String, Object> fields, String prev, MessageDigest sha, ByteArrayOutputStream out) {
        byte[] canonical;
        try {
            canonical = MAPPER.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit record could not be written as JSON: " + e.getMessage(), e);
        }
        sha.reset();
        sha.update(canonical);
        sha.update(prev.getBytes(StandardCharsets.US_ASCII));
        String hash = hex(sha.digest());
        out.write(canonical, 0, canonical.length - 1);
        out.writeBytes(HASH_PREFIX);
        out.writeBytes(hash.getBytes(StandardCharsets.US_ASCII));
        out.write('"');
        out.write('}');
        out.write('\n');
        return hash;
    }

    /**
     * The hash a record line should carry given {@code prev}, or null when the line does not end with a
     * {@code hash} member of 64 hex digits. {@code len} excludes the {@code \n}.
     */
    static String expectedHash(byte[] buf, int off, int len, String prev, MessageDigest sha) {
        if (len < HASH_SUFFIX + 2) {
            return null;
        }
        int s = off + len - HASH_SUFFIX;
        for (int i = 0; i < HASH_PREFIX.length; i++) {
            if (buf[s + i] != HASH_PREFIX[i]) {
                return null;
            }
        }
        if (buf[off + len - 2] != '"' || buf[off + len - 1] != '}') {
            return null;
        }
        sha.reset();
        sha.update(buf, off, len - HASH_SUFFIX);
        sha.update(CLOSE);
        sha.update(prev.getBytes(StandardCharsets.US_ASCII));
        return hex(sha.digest());
    }

    /** The chain fields of a line; {@code json} false when the line is not one JSON object. */
    record Fields(boolean json, long seq, String prev, String hash, String runId, String event, long offset,
            long length, String sha256) {
        static final Fields NOT_JSON = new Fields(false, -1, null, null, null, null, -1, -1, null);

        /** Whether this has what every record needs: a seq and 64-hex prev and hash. */
        boolean isRecord() {
            return json && seq > 0 && isHash(prev) && isHash(hash);
        }
    }

    /** Reads the top-level chain fields of a line with a streaming parser (nested values are skipped). */
    static Fields scan(byte[] buf, int off, int len) {
        try (JsonParser p = FACTORY.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Fields.NOT_JSON;
            }
            long seq = -1;
            long offset = -1;
            long length = -1;
            String prev = null;
            String hash = null;
            String runId = null;
            String event = null;
            String sha256 = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                switch (name) {
                    case "seq": seq = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1; break;
                    case "offset": offset = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1; break;
                    case "length": length = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1; break;
                    case "prev": prev = text(p, v); break;
                    case "hash": hash = text(p, v); break;
                    case "runId": runId = text(p, v); break;
                    case "event": event = text(p, v); break;
                    case "sha256": sha256 = text(p, v); break;
                    default: break;
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Fields.NOT_JSON;
            }
            return new Fields(true, seq, prev, hash, runId, event, offset, length, sha256);
        } catch (IOException e) {
            return Fields.NOT_JSON;
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** A record's fields as {@link #encode} takes them: a sorted copy, values made {@link #plain}, nulls left out. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plainFields(Map<String, ?> fields) {
        return (Map<String, Object>) plain(fields);
    }

    /** A value as plain JSON: maps sorted by key, durations as {@code 5m}, instants as UTC text, other objects as text. */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        if (v instanceof Map) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object value = plain(e.getValue());
                if (value != null) {
                    out.put(String.valueOf(e.getKey()), value);
                }
            }
            return out;
        }
        if (v instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Collection<?>) v) {
                out.add(plain(o));
            }
            return out;
        }
        if (v instanceof Duration) {
            return Durations.format((Duration) v);
        }
        if (v instanceof Instant) {
            return ts((Instant) v);
        }
        if (v instanceof Enum) {
            return ((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(v);
    }

    /** UTC with milliseconds, e.g. {@code 2026-11-22T02:50:00.123Z}. */
    static String ts(Instant at) {
        return TS.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
