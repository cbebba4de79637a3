package dev.runbook.approval;

import dev.runbook.error.RunbookException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A resolved plan: what a run of one runbook with given parameters will do, as {@code runbook plan} writes it and as
 * approvals are bound to it. {@code content} is the plan without its digest; {@code digest} is the SHA-256 (hex) of
 * its {@link Canonical} form. Secret parameters appear only as {@code sha256(salt || value)} with their salt.
 */
public record Plan(Map<String, Object> content, String digest) {
    public static final String KIND = "runbook-plan";
    public static final int VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Plan {
        content = Map.copyOf(content);
        Objects.requireNonNull(digest);
    }

    /** A new plan over this content (which must not hold {@code digest}): its digest is computed here. */
    public static Plan of(Map<String, Object> content) {
        Map<String, Object> c = new TreeMap<>(content);
        c.remove("digest");
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) Canonical.plain(c);
        return new Plan(plain, Canonical.sha256(Canonical.bytes(plain)));
    }

    /**
     * The {@code parameters} member: each bound value as written in a plan; a secret one as
     * {@code {secret: true, salt, sha256}} where sha256 is over the salt's bytes then the value's UTF-8 text.
     * {@code salts} gives the salt to reuse per secret (the plan being checked), else a new random one is drawn.
     */
    public static Map<String, Object> parameters(Map<String, Object> values, Collection<String> secrets,
            Map<String, String> salts) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (secrets.contains(e.getKey()) && e.getValue() != null) {
                String salt = salts.get(e.getKey());
                if (salt == null) {
                    byte[] s = new byte[16];
                    RANDOM.nextBytes(s);
                    salt = Base64.getEncoder().encodeToString(s);
                }
                Map<String, Object> hidden = new TreeMap<>();
                hidden.put("secret", true);
                hidden.put("salt", salt);
                hidden.put("sha256", secretHash(salt, e.getValue()));
                out.put(e.getKey(), hidden);
            } else {
                out.put(e.getKey(), Canonical.plain(e.getValue()));
            }
        }
        return out;
    }

    static String secretHash(String salt, Object value) {
        byte[] s;
        try {
            s = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            s = salt.getBytes(StandardCharsets.UTF_8);
        }
        Object p = Canonical.plain(value);
        byte[] v = String.valueOf(p).getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[s.length + v.length];
        System.arraycopy(s, 0, both, 0, s.length);
        System.arraycopy(v, 0, both, s.length, v.length);
        return Canonical.sha256(both);
    }

    /**
     * Reads a plan file. Invalid input (exit 2) when it is not JSON (file:line:column), not a plan, or when its digest
     * does not match its content: the plan was changed after it was made.
     */
    public static Plan read(Path file) {
        Map<String, Object> m = Canonical.readObject(file, "plan file");
        if (!KIND.equals(m.get("kind"))) {
            throw RunbookException.invalid(file + ": not a runbook plan (its \"kind\" is " + quoted(m.get("kind"))
                    + ", expected \"" + KIND + "\"; make one with 'runbook plan')");
        }
        if (!Integer.valueOf(VERSION).equals(m.get("version"))) {
            throw RunbookException.invalid(file + ": plan version " + m.get("version") + " is not supported (this"
                    + " runbook reads version " + VERSION + ")");
        }
        Object stated = m.get("digest");
        Plan p = of(m);
        if (!(stated instanceof String) || !p.digest().equals(stated)) {
            throw RunbookException.invalid(file + ": the plan's digest does not match its content (stated "
                    + quoted(stated) + ", computed " + p.digest() + "): the plan was changed after it was made;"
                    + " make a new one with 'runbook plan' and have it approved again");
        }
        return p;
    }

    /** The plan with its digest, as written to a file. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>(content);
        m.put("digest", digest);
        return m;
    }

    public String runbookName() {
        return String.valueOf(section("runbook").get("name"));
    }

    public String runbookSha256() {
        return String.valueOf(section("runbook").get("sha256"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> parameters() {
        Object p = content.get("parameters");
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    /** The salt of each secret parameter, to hash this run's values the same way. */
    public Map<String, String> salts() {
        Map<String, String> out = new LinkedHashMap<>();
        parameters().forEach((k, v) -> {
            if (v instanceof Map && ((Map<?, ?>) v).get("salt") instanceof String) {
                out.put(k, (String) ((Map<?, ?>) v).get("salt"));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> steps() {
        Object s = content.get("steps");
        List<Map<String, Object>> out = new ArrayList<>();
        if (s instanceof List) {
            for (Object o : (List<?>) s) {
                if (o instanceof Map) {
                    out.add((Map<String, Object>) o);
                }
            }
        }
        return out;
    }

    /** The plan's entry for one step, or null. */
    public Map<String, Object> step(String id) {
        for (Map<String, Object> s : steps()) {
            if (id.equals(s.get("id"))) {
                return s;
            }
        }
        return null;
    }

    /**
     * What differs between this plan and a run of runbook bytes with this SHA-256 and these parameter values
     * (secrets hashed with the plan's salts): one line each, empty when the run is the plan's.
     */
    public List<String> differences(String runbookSha256, Map<String, Object> values, Collection<String> secrets) {
        List<String> out = new ArrayList<>();
        if (!runbookSha256().equals(runbookSha256)) {
            out.add("the runbook changed since the plan was made (its SHA-256 was " + runbookSha256() + ", now "
                    + runbookSha256 + ")");
        }
        Map<String, Object> now = parameters(values, secrets, salts());
        Map<String, Object> then = parameters();
        for (String name : new TreeSet<>(union(now.keySet(), then.keySet()))) {
            Object a = then.get(name);
            Object b = now.get(name);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (secrets.contains(name) || a instanceof Map) {
                out.add("parameter '" + name + "' differs from the plan's (secret: its salted hash differs)");
            } else {
                out.add("parameter '" + name + "' differs: the plan has " + shown(a) + ", this run " + shown(b));
            }
        }
        return out;
    }

    private static Collection<String> union(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String shown(Object v) {
        return v == null ? "no value" : v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    private static String quoted(Object v) {
        return v == null ? "missing" : "\"" + v + "\"";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        Object s = content.get(name);
        return s instanceof Map ? (Map<String, Object>) s : Map.of();
    }
}
