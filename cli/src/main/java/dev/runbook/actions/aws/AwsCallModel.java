package dev.runbook.actions.aws;

import dev.runbook.expr.Template;
import dev.runbook.expr.Unknown;
import dev.runbook.util.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model {@code aws.call} checks and previews against, read from the small text index the build writes
 * ({@link AwsCallIndexGenerator}): per service its operations, their request members with types, and the
 * structures those use. Loads no AWS SDK class, so {@code validate} and dry-runs stay SDK-free; a service's file is
 * read the first time a step names that service.
 *
 * <p>Type codes: {@code s} string, {@code i}/{@code l}/{@code h}/{@code o} integer, {@code f}/{@code d}/{@code n}
 * number, {@code b} boolean, {@code t} timestamp, {@code y} blob (base64), {@code j} document (any JSON),
 * {@code @NAME} structure, {@code [T} list of T, {@code {T} map of string to T; a leading {@code !} marks a required
 * member, a leading {@code ~} one the SDK fills in when not given (an idempotency token).
 */
final class AwsCallModel {
    static final String FORMAT = "aws-call-index 2";
    static final String DIR = "dev/runbook/actions/aws/call/";

    /**
     * Operation name prefixes that only read, by AWS's naming convention; every other operation is mutating. Each
     * must be followed by an upper-case letter or the end of the name ({@code Get}, {@code GetItem}, not
     * {@code Getaway}).
     */
    static final List<String> READ_ONLY_PREFIXES = List.of("Describe", "Get", "List", "Head", "Query", "Scan",
            "BatchGet", "Test", "Search", "Lookup");

    /** Named like reads but they change or invoke something: API Gateway's test invocations call the backend. */
    static final Set<String> MUTATING_DESPITE_NAME = Set.of("apigateway:TestInvokeMethod",
            "apigateway:TestInvokeAuthorizer");

    /** Request and response members that carry secrets: masked in previews, registered as secrets in responses. */
    static final Set<String> SECRET_MEMBERS = Set.of("SecretString", "SecretBinary", "SecretAccessKey",
            "SessionToken", "MasterUserPassword", "Password", "NewPassword", "OldPassword", "ClientSecret");

    private static final Map<String, Service> CACHE = new ConcurrentHashMap<>();

    private AwsCallModel() {
    }

    /** One member of a request or structure. */
    record Member(String name, String type, boolean required, boolean generated) {
    }

    /**
     * One operation: its API name ({@code DescribeDBInstances}), the client method and request class that send it,
     * and flags ({@code p} PATCH, {@code i} streaming request body, {@code o} streaming response body).
     */
    record Operation(String name, String method, String requestClass, String flags, Map<String, Member> members) {
        boolean patch() {
            return flags.contains("p");
        }

        boolean streaming() {
            return flags.contains("i") || flags.contains("o");
        }
    }

    /** One service's model. */
    record Service(String name, String client, String modelPackage, Map<String, Operation> operations,
            Map<String, Map<String, Member>> shapes, Map<String, String> byNormalName) {

        /** The operation by its API name or the AWS CLI's kebab form ({@code describe-table}), or null. */
        Operation operation(String given) {
            if (given == null) {
                return null;
            }
            Operation exact = operations.get(given.trim());
            if (exact != null) {
                return exact;
            }
            String name = byNormalName.get(normal(given));
            return name == null ? null : operations.get(name);
        }

        /** The "did you mean" for an unknown operation, in the form it was given (API name or kebab). */
        Optional<String> closestOperation(String given) {
            boolean kebab = given.equals(given.toLowerCase(Locale.ROOT));
            List<String> names = new ArrayList<>();
            for (String op : operations.keySet()) {
                names.add(kebab ? kebab(op) : op);
            }
            return Suggestions.closest(given.trim(), names);
        }
    }

    /** The model of a service, or null when the service is not bundled. */
    static Service service(String name) {
        if (name == null || !AwsSettings.SERVICES.contains(name.trim())) {
            return null;
        }
        return CACHE.computeIfAbsent(name.trim(), AwsCallModel::load);
    }

    private static Service load(String service) {
        String resource = DIR + service + ".txt";
        InputStream in = AwsCallModel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the aws.call model of " + service + " (" + resource + ") is missing "
                    + "from this build");
        }
        String client = null;
        String model = null;
        Map<String, Operation> ops = new LinkedHashMap<>();
        Map<String, Map<String, Member>> shapes = new HashMap<>();
        Map<String, String> normal = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Map<String, Member> current = null;
            String[] op = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.charAt(0) == ' ') {
                    int space = line.indexOf(' ', 1);
                    String member = line.substring(1, space);
                    String type = line.substring(space + 1);
                    boolean required = type.startsWith("!");
                    type = required ? type.substring(1) : type;
                    boolean generated = type.startsWith("~");
                    type = generated ? type.substring(1) : type;
                    current.put(member, new Member(member, type, required, generated));
                    continue;
                }
                if (op != null) {
                    ops.put(op[1], new Operation(op[1], op[2], op[3], op[4].equals("-") ? "" : op[4],
                            Collections.unmodifiableMap(current)));
                    normal.put(normal(op[1]), op[1]);
                    op = null;
                }
                if (line.startsWith("op ")) {
                    op = line.split(" ");
                    current = new LinkedHashMap<>();
                } else if (line.startsWith("shape ")) {
                    current = new LinkedHashMap<>();
                    shapes.put(line.substring(6), current);
                } else if (line.startsWith("client ")) {
                    client = line.substring(7);
                } else if (line.startsWith("model ")) {
                    model = line.substring(6);
                }
            }
            if (op != null) {
                ops.put(op[1], new Operation(op[1], op[2], op[3], op[4].equals("-") ? "" : op[4],
                        Collections.unmodifiableMap(current)));
                normal.put(normal(op[1]), op[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Service(service, client, model, Collections.unmodifiableMap(ops), shapes, normal);
    }

    /** {@code describe-table}, {@code DescribeTable} and {@code describetable} alike. */
    static String normal(String name) {
        return name.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** The AWS CLI's form of an operation name: {@code DescribeDBInstances} is {@code describe-db-instances}. */
    static String kebab(String op) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < op.length(); i++) {
            char c = op.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char before = op.charAt(i - 1);
                boolean nextLower = i + 1 < op.length() && Character.isLowerCase(op.charAt(i + 1));
                if (!Character.isUpperCase(before) || nextLower) {
                    b.append('-');
                }
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** An operation name as given, in the API's form when it is kebab ({@code describe-table}: DescribeTable). */
    static String pascal(String given) {
        String g = given.trim();
        if (!g.contains("-")) {
            return g.isEmpty() ? g : Character.toUpperCase(g.charAt(0)) + g.substring(1);
        }
        StringBuilder b = new StringBuilder();
        for (String part : g.split("-")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** Whether an operation only reads, by its name ({@link #READ_ONLY_PREFIXES}). */
    static boolean readOnly(String service, String operation) {
        if (MUTATING_DESPITE_NAME.contains(service + ":" + operation)) {
            return false;
        }
        for (String p : READ_ONLY_PREFIXES) {
            if (operation.startsWith(p) && (operation.length() == p.length()
                    || Character.isUpperCase(operation.charAt(p.length())))) {
                return true;
            }
        }
        return false;
    }

    // ---- checking parameters as written (validate) ----

    /**
     * What is wrong with parameters as written, keyed by the path to the problem ({@code parameters/TableNam},
     * {@code parameters/Tags/0/Ky}): unknown members with the nearest known one, values of the wrong type, missing
     * required members. A value holding an expression ({@code ${{ }}}) or not known yet is not judged.
     */
    static void check(Service s, Operation op, Object parameters, String path, Map<String, String> problems) {
        if (parameters == null) {
            requiredMissing(op.members(), Map.of(), s.name() + ":" + op.name(), path, problems);
            return;
        }
        if (isUnknown(parameters)) {
            return;
        }
        if (!(parameters instanceof Map)) {
            problems.put(path + "/", "must be a map of " + s.name() + ":" + op.name() + " parameters, got "
                    + describe(parameters));
            return;
        }
        structure(s, op.members(), (Map<?, ?>) parameters, s.name() + ":" + op.name(), "parameter", path, problems);
    }

    private static void structure(Service s, Map<String, Member> members, Map<?, ?> value, String owner,
            String word, String path, Map<String, String> problems) {
        for (Map.Entry<?, ?> e : value.entrySet()) {
            String key = String.valueOf(e.getKey());
            Member m = members.get(key);
            if (m == null) {
                if (!isUnknown(key)) {
                    problems.put(path + "/" + key, owner + " has no " + word + " '" + key + "'"
                            + Suggestions.closest(key, members.keySet()).map(x -> ", did you mean '" + x + "'?")
                                    .orElse("") + hint(key, members));
                }
                continue;
            }
            value(s, m.type(), e.getValue(), owner + " " + word + " '" + key + "'", path + "/" + key, problems);
        }
        requiredMissing(members, value, owner, path, problems);
    }

    private static String hint(String key, Map<String, Member> members) {
        if (Suggestions.closest(key, members.keySet()).isPresent()) {
            return "";
        }
        return members.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", members.keySet()) + ")";
    }

    private static void requiredMissing(Map<String, Member> members, Map<?, ?> value, String owner, String path,
            Map<String, String> problems) {
        List<String> missing = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.required() && !value.containsKey(m.name())) {
                missing.add(m.name());
            }
        }
        if (!missing.isEmpty() && !problems.containsKey(path)) {
            problems.put(path, owner + " needs " + (missing.size() == 1 ? "'" + missing.get(0) + "'"
                    : "'" + String.join("', '", missing) + "'"));
        }
    }

    private static void value(Service s, String type, Object v, String what, String path,
            Map<String, String> problems) {
        if (v == null || isUnknown(v)) {
            return;
        }
        char c = type.charAt(0);
        switch (c) {
            case '@': {
                Map<String, Member> shape = s.shapes().get(type.substring(1));
                if (!(v instanceof Map)) {
                    problems.put(path + "/", what + " is a structure (" + type.substring(1) + "), got " + describe(v));
                } else if (shape != null) {
                    structure(s, shape, (Map<?, ?>) v, type.substring(1), "member", path, problems);
                }
                return;
            }
            case '[': {
                if (!(v instanceof List)) {
                    problems.put(path + "/", what + " is a list, got " + describe(v));
                    return;
                }
                List<?> items = (List<?>) v;
                for (int i = 0; i < items.size(); i++) {
                    value(s, type.substring(1), items.get(i), what + " item " + (i + 1), path + "/" + i, problems);
                }
                return;
            }
            case '{': {
                if (!(v instanceof Map)) {
                    problems.put(path + "/", what + " is a map, got " + describe(v));
                    return;
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    value(s, type.substring(1), e.getValue(), what + " key '" + e.getKey() + "'",
                            path + "/" + e.getKey(), problems);
                }
                return;
            }
            default:
                try {
                    scalar(type, v);
                } catch (IllegalArgumentException e) {
                    problems.put(path + "/", what + " " + e.getMessage());
                }
        }
    }

    /** Whether a value is not known before the run: an expression as written, or an {@link Unknown}. */
    static boolean isUnknown(Object v) {
        return v instanceof Unknown || (v instanceof String && Template.hasExpression((String) v));
    }

    static String describe(Object v) {
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    // ---- values as sent (the preview; the invoker converts the same way) ----

    /**
     * A scalar as the SDK is given it, for a type code: Long or Integer for integers, BigDecimal for numbers,
     * Boolean, the ISO-8601 text of a timestamp, the base64 text of a blob, the text of a string.
     *
     * @throws IllegalArgumentException "must be an integer, got 'x'"
     */
    static Object scalar(String type, Object v) {
        switch (type.charAt(0)) {
            case 's':
                if (v instanceof Map || v instanceof List) {
                    throw new IllegalArgumentException("must be text, got " + describe(v));
                }
                return v instanceof TemporalAccessor ? timestamp(v).toString() : String.valueOf(v);
            case 'i': case 'l': case 'h': case 'o':
                try {
                    BigDecimal d = number(v);
                    long n = d.longValueExact();
                    if (type.charAt(0) == 'l') {
                        return n;
                    }
                    if (n != (int) n) {
                        throw new ArithmeticException();
                    }
                    return (int) n;
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("must be an integer, got " + describe(v));
                }
            case 'f': case 'd': case 'n':
                try {
                    return number(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, got " + describe(v));
                }
            case 'b':
                if (v instanceof Boolean) {
                    return v;
                }
                if ("true".equalsIgnoreCase(String.valueOf(v)) || "false".equalsIgnoreCase(String.valueOf(v))) {
                    return Boolean.parseBoolean(String.valueOf(v));
                }
                throw new IllegalArgumentException("must be true or false, got " + describe(v));
            case 't':
                return timestamp(v).toString();
            case 'y':
                if (!(v instanceof String)) {
                    throw new IllegalArgumentException("is a blob: give it as base64 text, got " + describe(v));
                }
                try {
                    Base64.getDecoder().decode(((String) v).trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("is a blob: give it as base64 text, got " + describe(v));
                }
                return ((String) v).trim();
            default:
                return v;
        }
    }

    private static BigDecimal number(Object v) {
        if (v instanceof Map || v instanceof List || v instanceof Boolean) {
            throw new NumberFormatException();
        }
        return new BigDecimal(String.valueOf(v).trim());
    }

    /** A timestamp given as ISO-8601 text, an offset date-time, or epoch seconds. */
    static Instant timestamp(Object v) {
        if (v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof TemporalAccessor) {
            try {
                return Instant.from((TemporalAccessor) v);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("is a timestamp: give ISO-8601 text with a zone "
                        + "(2026-11-22T03:55:00Z) or epoch seconds, got " + v);
            }
        }
        if (v instanceof Number) {
            return Instant.ofEpochMilli(new BigDecimal(v.toString()).movePointRight(3).longValue());
        }
        String t = String.valueOf(v).trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(new BigDecimal(t).movePointRight(3).longValue());
            } catch (NumberFormatException notNumber) {
                throw new IllegalArgumentException("is a timestamp: give ISO-8601 text with a zone "
                        + "(2026-11-22T03:55:00Z) or epoch seconds, got " + describe(v));
            }
        }
    }

    /**
     * The parameters as the request carries them, for the preview: each value converted as the SDK is given it
     * (a number as a number, a timestamp as ISO-8601), secret members masked, unknown values kept as their
     * placeholder; a value that cannot be converted is shown as written (the run fails saying why).
     */
    static Object sent(Service s, String type, Object v, String member) {
        if (v == null || v instanceof Unknown) {
            return v;
        }
        if (member != null && SECRET_MEMBERS.contains(member)) {
            return "***";
        }
        char c = type.charAt(0);
        if (c == '@' && v instanceof Map) {
            Map<String, Member> shape = s.shapes().get(type.substring(1));
            return shape == null ? v : members(s, shape, (Map<?, ?>) v);
        }
        if (c == '[' && v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) v) {
                out.add(sent(s, type.substring(1), item, null));
            }
            return out;
        }
        if (c == '{' && v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> out.put(String.valueOf(k), sent(s, type.substring(1), x, null)));
            return out;
        }
        if (c == '@' || c == '[' || c == '{' || c == 'j') {
            return v;
        }
        try {
            return scalar(type, v);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    static Map<String, Object> members(Service s, Map<String, Member> members, Map<?, ?> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean secureString = "SecureString".equals(given.get("Type"));
        for (Map.Entry<?, ?> e : given.entrySet()) {
            String key = String.valueOf(e.getKey());
            Member m = members.get(key);
            if (secureString && key.equals("Value") && e.getValue() != null && !(e.getValue() instanceof Unknown)) {
                out.put(key, "***");
                continue;
            }
            out.put(key, m == null ? e.getValue() : sent(s, m.type(), e.getValue(), key));
        }
        for (Member m : members.values()) {
            if (m.generated() && !given.containsKey(m.name())) {
                out.put(m.name(), "<generated by the SDK>");
            }
        }
        return out;
    }

    /**
     * The secret values among parameters: those of {@link #SECRET_MEMBERS}, and the {@code Value} beside
     * {@code Type: SecureString} (SSM), at any depth.
     */
    static List<String> secrets(Object parameters) {
        List<String> out = new ArrayList<>();
        secrets(parameters, false, out);
        return out;
    }

    private static void secrets(Object v, boolean secret, List<String> out) {
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            boolean secureString = "SecureString".equals(m.get("Type"));
            m.forEach((k, x) -> secrets(x, SECRET_MEMBERS.contains(String.valueOf(k))
                    || (secureString && "Value".equals(k)), out));
        } else if (v instanceof List) {
            ((List<?>) v).forEach(x -> secrets(x, secret, out));
        } else if (secret && v != null && !String.valueOf(v).isEmpty()) {
            out.add(String.valueOf(v));
        }
    }
}
