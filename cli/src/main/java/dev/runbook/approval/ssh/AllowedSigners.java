package dev.runbook.approval.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An allowed-signers file in the format of {@code ssh-keygen} (man ssh-keygen, ALLOWED SIGNERS): one key a line,
 * {@code PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]}; principals a pattern list ({@code *}, {@code ?},
 * {@code !negation}); options {@code namespaces="..."}, {@code valid-after=}, {@code valid-before=}
 * ({@code YYYYMMDD[HHMM[SS]][Z]}, the local time zone unless Z) and {@code cert-authority}. Decides which
 * principals a key may sign for, in which namespace and when, as {@code ssh-keygen -Y verify} decides it.
 */
public final class AllowedSigners {
    private static final Pattern KEY_TYPE = Pattern.compile("(ssh|ecdsa|sk)-[A-Za-z0-9.@-]+");
    private static final Pattern TIME = Pattern.compile("(\\d{8})(\\d{4}(\\d{2})?)?(Z?)");

    private final String source;
    private final List<Entry> entries;

    /** One line of the file. */
    private record Entry(int line, String principals, boolean certAuthority, String namespaces, Instant validAfter,
            Instant validBefore, byte[] key) {
    }

    private AllowedSigners(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /** Reads an allowed-signers file; errors name file:line. */
    public static AllowedSigners parse(Path file) throws SshSigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SshSigException("allowed signers file " + file + " does not exist");
        } catch (IOException e) {
            throw new SshSigException("cannot read allowed signers file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Reads allowed-signers text; errors name sourceName:line. Times without Z are in the system time zone. */
    public static AllowedSigners parse(String text, String sourceName) throws SshSigException {
        return parse(text, sourceName, ZoneId.systemDefault());
    }

    static AllowedSigners parse(String text, String sourceName, ZoneId zone) throws SshSigException {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = sourceName + ":" + (i + 1);
            try {
                parseLine(lines[i], i + 1, zone).ifPresent(entries::add);
            } catch (SshSigException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new SshSigException(String.join("\n", problems));
        }
        return new AllowedSigners(sourceName, entries);
    }

    /** Where these entries came from (the file name given to parse). */
    public String source() {
        return source;
    }

    /** How many keys the file lists. */
    public int size() {
        return entries.size();
    }

    /**
     * The principals this key may sign for in namespace at the given time: the non-negated entries of the
     * principals field of every line that lists the key and whose options allow namespace and time (like
     * {@code ssh-keygen -Y find-principals}). A pattern such as {@code *@example.com} is returned as written;
     * use {@link #allows} to check a claimed principal against the patterns.
     */
    public List<String> principalsFor(byte[] publicKeyBlob, String namespace, Instant at) {
        Set<String> out = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (keyMatches(e, publicKeyBlob) && refusal(e, namespace, at) == null) {
                for (String p : e.principals().split(",")) {
                    if (!p.isEmpty() && !p.startsWith("!")) {
                        out.add(p);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether this key may sign as principal in namespace at the given time (like {@code -Y verify -I principal}). */
    public boolean allows(String principal, byte[] publicKeyBlob, String namespace, Instant at) {
        try {
            checkPrincipal(principal, publicKeyBlob, namespace, at);
            return true;
        } catch (SshSigException e) {
            return false;
        }
    }

    /** {@link #principalsFor}, refusing with the reason in words when the key may sign for nobody. */
    List<String> check(byte[] publicKeyBlob, String namespace, Instant at) throws SshSigException {
        List<String> principals = principalsFor(publicKeyBlob, namespace, at);
        if (!principals.isEmpty()) {
            return principals;
        }
        List<Entry> listed = entries.stream().filter(e -> keyMatches(e, publicKeyBlob)).toList();
        throw refused(publicKeyBlob, listed, namespace, at, null);
    }

    /** Requires a line that lists this key, whose principals match principal and whose options allow it. */
    void checkPrincipal(String principal, byte[] publicKeyBlob, String namespace, Instant at) throws SshSigException {
        List<Entry> listed = new ArrayList<>();
        for (Entry e : entries) {
            if (keyMatches(e, publicKeyBlob) && matchPatternList(principal, e.principals()) == 1) {
                if (refusal(e, namespace, at) == null) {
                    return;
                }
                listed.add(e);
            }
        }
        throw refused(publicKeyBlob, listed, namespace, at, principal);
    }

    private SshSigException refused(byte[] key, List<Entry> listed, String namespace, Instant at, String principal) {
        String who = "key " + SshKeys.fingerprint(key) + " (" + typeOf(key) + ")";
        if (listed.isEmpty()) {
            boolean known = entries.stream().anyMatch(e -> keyMatches(e, key));
            if (principal != null && known) {
                return new SshSigException(who + " is not allowed to sign as '" + principal + "' in " + source);
            }
            return new SshSigException(who + " is not in the allowed signers file " + source);
        }
        List<String> reasons = new ArrayList<>();
        for (Entry e : listed) {
            reasons.add(source + ":" + e.line() + ": " + refusal(e, namespace, at));
        }
        return new SshSigException(who + " is not allowed to sign here: " + String.join("; ", reasons));
    }

    private static String typeOf(byte[] key) {
        try {
            return SshKeyAlgorithms.keyType(key);
        } catch (SshSigException e) {
            return "unknown";
        }
    }

    /** A plain key matches a line that lists that very key; cert-authority lines only vouch for certificates. */
    private static boolean keyMatches(Entry e, byte[] key) {
        return !e.certAuthority() && Arrays.equals(e.key(), key);
    }

    /** Why this line does not let its key sign in namespace at the given time, or null when it does. */
    private static String refusal(Entry e, String namespace, Instant at) {
        if (e.namespaces() != null && matchPatternList(namespace, e.namespaces()) != 1) {
            return "namespace '" + namespace + "' is not in namespaces=\"" + e.namespaces() + "\"";
        }
        if (e.validAfter() != null && at.getEpochSecond() < e.validAfter().getEpochSecond()) {
            return "the key is valid only from " + e.validAfter() + " (valid-after), not at " + at;
        }
        if (e.validBefore() != null && at.getEpochSecond() > e.validBefore().getEpochSecond()) {
            return "the key expired at " + e.validBefore() + " (valid-before), before " + at;
        }
        return null;
    }

    private static Optional<Entry> parseLine(String raw, int lineNo, ZoneId zone) throws SshSigException {
        Cursor c = new Cursor(raw);
        c.skipSpace();
        if (c.atEnd() || c.peek() == '#') {
            return Optional.empty();
        }
        String principals = c.token();
        if (principals.isEmpty()) {
            throw new SshSigException("missing principals");
        }
        c.skipSpace();
        if (c.atEnd()) {
            throw new SshSigException("missing key after the principals");
        }
        String options = null;
        String next = c.word();
        if (!KEY_TYPE.matcher(next).matches()) {
            options = c.options();
            c.skipSpace();
            if (c.atEnd()) {
                throw new SshSigException("missing key after the options");
            }
            next = c.word();
        }
        c.pos += next.length();
        c.skipSpace();
        String base64 = c.token();
        if (base64.isEmpty()) {
            throw new SshSigException("missing key data after '" + next + "'");
        }
        byte[] key;
        try {
            key = SshKeys.parsePublicKeyBlob(next + " " + base64);
        } catch (SshSigException e) {
            throw new SshSigException("invalid key: " + e.getMessage());
        }
        boolean ca = false;
        String namespaces = null;
        Instant after = null;
        Instant before = null;
        if (options != null) {
            for (String opt : splitOptions(options)) {
                int eq = opt.indexOf('=');
                String name = (eq < 0 ? opt : opt.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : dequote(opt.substring(eq + 1));
                switch (name) {
                    case "cert-authority":
                        noValue(name, value);
                        ca = true;
                        break;
                    case "namespaces":
                        namespaces = once(name, namespaces, required(name, value));
                        break;
                    case "valid-after":
                        after = once(name, after, time(name, required(name, value), zone));
                        break;
                    case "valid-before":
                        before = once(name, before, time(name, required(name, value), zone));
                        break;
                    default:
                        throw new SshSigException("unknown option '" + name
                                + "' (known: cert-authority, namespaces, valid-after, valid-before)");
                }
            }
        }
        if (after != null && before != null && before.isBefore(after)) {
            throw new SshSigException("valid-before " + before + " is earlier than valid-after " + after);
        }
        return Optional.of(new Entry(lineNo, principals, ca, namespaces, after, before, key));
    }

    private static void noValue(String name, String value) throws SshSigException {
        if (value != null) {
            throw new SshSigException("option " + name + " takes no value");
        }
    }

    private static String required(String name, String value) throws SshSigException {
        if (value == null || value.isEmpty()) {
            throw new SshSigException("option " + name + " needs a value: " + name + "=\"...\"");
        }
        return value;
    }

    private static <T> T once(String name, T previous, T value) throws SshSigException {
        if (previous != null) {
            throw new SshSigException("option " + name + " is given twice");
        }
        return value;
    }

    private static Instant time(String name, String value, ZoneId zone) throws SshSigException {
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            throw new SshSigException(name + "=" + value + " is not a time: expected YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]");
        }
        String d = m.group(1);
        String t = m.group(2) == null ? "000000" : m.group(3) == null ? m.group(2) + "00" : m.group(2);
        try {
            LocalDateTime ldt = LocalDateTime.of(Integer.parseInt(d.substring(0, 4)),
                    Integer.parseInt(d.substring(4, 6)), Integer.parseInt(d.substring(6, 8)),
                    Integer.parseInt(t.substring(0, 2)), Integer.parseInt(t.substring(2, 4)),
                    Integer.parseInt(t.substring(4, 6)));
            return ldt.atZone(m.group(4).isEmpty() ? zone : ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw new SshSigException(name + "=" + value + " is not a valid date or time");
        }
    }

    private static List<String> splitOptions(String options) throws SshSigException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < options.length(); i++) {
            char ch = options.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
                cur.append(ch);
            } else if (ch == ',' && !quoted) {
                if (cur.length() == 0) {
                    throw new SshSigException("empty option in '" + options + "'");
                }
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (cur.length() == 0) {
            throw new SshSigException("empty option in '" + options + "'");
        }
        out.add(cur.toString());
        return out;
    }

    private static String dequote(String v) throws SshSigException {
        if (v.startsWith("\"")) {
            if (v.length() < 2 || !v.endsWith("\"")) {
                throw new SshSigException("unterminated quote in '" + v + "'");
            }
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /**
     * OpenSSH's match_pattern_list: 1 when a positive pattern of the comma list matches, -1 when a negated one
     * ({@code !pattern}) matches (which wins), 0 otherwise. Patterns use {@code *} and {@code ?}.
     */
    static int matchPatternList(String s, String patternList) {
        boolean positive = false;
        for (String p : patternList.split(",", -1)) {
            boolean negated = p.startsWith("!");
            String pat = negated ? p.substring(1) : p;
            if (matchPattern(s, 0, pat, 0)) {
                if (negated) {
                    return -1;
                }
                positive = true;
            }
        }
        return positive ? 1 : 0;
    }

    private static boolean matchPattern(String s, int si, String p, int pi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (matchPattern(s, k, p, pi)) {
                        return true;
                    }
                }
                return false;
            }
            if (si == s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            si++;
            pi++;
        }
        return si == s.length();
    }

    /** Walks one line: whitespace-separated tokens where a double-quoted part may hold spaces. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        /** The characters up to the next whitespace, without moving on. */
        String word() {
            int end = pos;
            while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != '\t') {
                end++;
            }
            return s.substring(pos, end);
        }

        /** A whitespace-delimited token; double quotes are removed and may enclose spaces. */
        String token() throws SshSigException {
            StringBuilder out = new StringBuilder();
            boolean quoted = false;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == '"') {
                    quoted = !quoted;
                } else if (!quoted && (ch == ' ' || ch == '\t')) {
                    break;
                } else {
                    out.append(ch);
                }
                pos++;
            }
            if (quoted) {
                throw new SshSigException("unterminated quote");
            }
            return out.toString();
        }

        /** The options field as written (quotes kept): up to the first whitespace outside quotes. */
        String options() throws SshSigException {
            int start = pos;
            boolean quoted = false;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == '"') {
                    quoted = !quoted;
                } else if (!quoted && (ch == ' ' || ch == '\t')) {
                    break;
                }
                pos++;
            }
            if (quoted) {
                throw new SshSigException("unterminated quote in the options");
            }
            return s.substring(start, pos);
        }
    }
}
