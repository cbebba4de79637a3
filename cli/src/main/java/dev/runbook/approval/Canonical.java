package dev.runbook.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form that plan digests and approval statements are computed over: JSON (RFC 8259) with the members
 * of every object sorted by key (UTF-16 code unit order, as {@link String#compareTo}), no insignificant whitespace,
 * strings escaped as Jackson writes them (only {@code "}, {@code \}, control characters), numbers as integers (the
 * format has no fractional numbers: a non-integer value is written as a string), encoded in UTF-8. Also the reading
 * of plan and approval files, with errors that name the file, line and column.
 */
public final class Canonical {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    private static final ObjectMapper PRETTY = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Canonical() {
    }

    /** The canonical bytes of a plain value (maps, lists, strings, integers, booleans, null). */
    public static byte[] bytes(Object plain) {
        try {
            return MAPPER.writeValueAsBytes(plain(plain));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The file form: the same members, sorted, indented for people; its digest is over {@link #bytes}. */
    public static String pretty(Object plain) {
        try {
            return PRETTY.writeValueAsString(plain(plain)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A value as it is written in a plan: maps sorted, collections as lists, integers as they are, booleans, null, and
     * everything else (durations, timestamps, decimals) as its text.
     */
    public static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof java.math.BigInteger) {
            return v;
        }
        if (v instanceof Map) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
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
        if (v instanceof Object[]) {
            return plain(List.of((Object[]) v));
        }
        if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
            java.math.BigDecimal d = new java.math.BigDecimal(v.toString());
            try {
                return d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return d.stripTrailingZeros().toPlainString();
            }
        }
        if (v instanceof Duration || v instanceof Instant || v instanceof TemporalAccessor) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    /**
     * Reads a JSON object from a file: {@code what} names it in messages ("approval file"). A file that cannot be
     * read or is not a JSON object is invalid input (exit 2) naming the file and, for bad JSON, its line and column.
     */
    public static Map<String, Object> readObject(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw RunbookException.invalid(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw RunbookException.invalid(what + " " + file + " cannot be read: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw RunbookException.invalid(file + ":1:1: the " + what + " is empty (expected a JSON object)");
        }
        if (!text.stripLeading().startsWith("{")) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            throw RunbookException.invalid(file + ":" + line + ":" + col + ": the " + what
                    + " is not JSON (expected a JSON object starting with '{')");
        }
        try {
            return MAPPER.readValue(bytes, MAP);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file + "" : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw RunbookException.invalid(where + ": the " + what + " is not valid JSON: "
                    + e.getOriginalMessage().replaceAll("\\s*\\n.*", ""));
        } catch (IOException e) {
            throw RunbookException.invalid(what + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Writes the file form of a plain value. */
    public static void write(Path file, Object plain) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, pretty(plain), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RunbookException.invalid("cannot write " + file + ": " + e.getMessage());
        }
    }
}
