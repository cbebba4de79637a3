package dev.runbook.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.action.ActionRegistry;
import dev.runbook.actions.aws.AwsActions;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.audit.Actor;
import dev.runbook.audit.AuditVerifier;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import dev.runbook.audit.VerifyResult;
import dev.runbook.cli.RepoPaths;
import dev.runbook.expr.ExpressionException;
import dev.runbook.expr.Expressions;
import dev.runbook.library.Validation;
import dev.runbook.library.Validator;
import dev.runbook.model.Location;
import dev.runbook.model.Problem;
import dev.runbook.params.ParameterBinder;
import dev.runbook.params.ParameterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fuzz harness of issue 21: bounded property-based tries (jqwik) over the validate path (YAML reader, binder,
 * checker, parameter defaults), the expression evaluator and the audit verifier. Each property starts from the
 * committed seed corpus in {@code src/test/resources/fuzz/} (and the shipped runbooks), applies random mutations
 * and hostile snippets, and asserts zero crashes: every input is answered with the project's diagnostics
 * (Problems, ExpressionException, ParameterException, a VerifyResult), never another exception, a hang, or a message
 * that names a Java exception. How to run it longer: docs/testing.md.
 */
class FuzzTest {
    /** A hang detector per input: each answers in milliseconds; a hang fails the try instead of the build. */
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);
    private static final Path CORPUS = RepoPaths.repo().resolve("cli/src/test/resources/fuzz");
    private static final ActionRegistry REGISTRY = ActionRegistry.of(new BuiltinActions(), new AwsActions());
    private static final Expressions EXPRESSIONS = Expressions.withClock(CLOCK);
    private static final Location AT = new Location("fuzz.yaml", 1, 1);
    private static final List<String> RUNBOOKS = runbookSeeds();
    private static final List<String> EXPRESSION_SEEDS = expressionSeeds();
    private static final List<String> SNIPPETS = snippets();
    private static Path logs;

    // ---- properties ----

    @Property
    void everyRunbookTextIsAnsweredWithDiagnostics(@ForAll("runbooks") String text) {
        assertTimeoutPreemptively(HANG, () -> validate(text), () -> "validate hung on:\n" + text);
    }

    @Property
    void everyExpressionIsAValueOrAnExpressionError(@ForAll("expressions") String source) {
        assertTimeoutPreemptively(HANG, () -> evaluate(source), () -> "evaluation hung on: " + source);
    }

    @Property
    void everyAuditLogIsAnsweredWithAVerdict(@ForAll("auditLogs") byte[] bytes) throws IOException {
        Path file = Files.write(Files.createTempFile(logDir(), "fuzz", ".jsonl"), bytes);
        try {
            VerifyResult result = assertTimeoutPreemptively(HANG, () -> new AuditVerifier().verify(file));
            assertThat(result).isNotNull();
            if (!result.valid()) {
                assertThat(result.message()).as("verdict on a bad log").isNotBlank();
                assertPlain(result.message(), new String(bytes, StandardCharsets.UTF_8));
            }
        } finally {
            Files.delete(file);
        }
    }

    // ---- what each input must be answered with ----

    private static void validate(String text) {
        Validation v = new Validator(REGISTRY).validate("fuzz.yaml", text);
        for (Problem p : v.problems()) {
            assertThat(p.location()).as("problem without a location: %s", p).isNotNull();
            assertThat(p.location().file()).isEqualTo("fuzz.yaml");
            assertThat(p.message()).isNotBlank();
            assertPlain(p.message(), text);
        }
        if (v.valid() && v.runbook() != null) {
            try {
                ParameterBinder.bind(v.runbook(), Map.of(), Map.of(), CLOCK);
            } catch (ParameterException e) {
                assertPlain(e.getMessage(), text);
            }
        }
    }

    private static void evaluate(String source) {
        try {
            Object value = EXPRESSIONS.evaluate(EXPRESSIONS.compile(source, AT), scope());
            if (value instanceof String) {
                assertThat(((String) value).length()).isLessThanOrEqualTo(dev.runbook.expr.Limits.MAX_TEXT);
            }
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).matches("(?s)(expression '.*|the expression is empty)");
            assertPlain(e.getMessage(), source);
        }
    }

    private static final List<String> JAVA_WORDS = List.of("Exception", "Error:", "\tat ", "java.", "jexl3",
            "long overflow", "For input string");

    /** A message meant for a person: no Java exception names or stack frames (unless the input itself has them). */
    private static void assertPlain(String message, String input) {
        for (String word : JAVA_WORDS) {
            if (!input.contains(word)) {
                assertThat(message).doesNotContain(word);
            }
        }
    }

    // ---- inputs ----

    @Provide
    Arbitrary<String> runbooks() {
        return Combinators.combine(Arbitraries.of(RUNBOOKS), Arbitraries.longs(), Arbitraries.integers().between(0, 6))
                .as((seed, random, mutations) -> mutate(seed, new Random(random), mutations));
    }

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(EXPRESSION_SEEDS), Arbitraries.longs(),
                Arbitraries.integers().between(0, 4)).as((seed, random, n) -> mutate(seed, new Random(random), n)
                .replace("\n", " "));
        Arbitrary<String> joined = Combinators.combine(Arbitraries.of(EXPRESSION_SEEDS),
                Arbitraries.of("+", " && ", " || ", " == ", " =~ ", " < ", " ? 1 : ", "(", ", "),
                Arbitraries.of(EXPRESSION_SEEDS)).as((a, op, b) -> a + op + b);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.of(EXPRESSION_SEEDS)),
                net.jqwik.api.Tuple.of(4, mutated),
                net.jqwik.api.Tuple.of(2, joined),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    @Provide
    Arbitrary<byte[]> auditLogs() {
        List<byte[]> seeds = auditSeeds();
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.longs(), Arbitraries.integers().between(0, 5))
                .as((seed, random, n) -> mutateBytes(seed, new Random(random), n));
    }

    /** Up to {@code n} random edits: hostile snippets, deletions, flipped characters, duplicated or cut lines. */
    static String mutate(String seed, Random r, int n) {
        StringBuilder b = new StringBuilder(seed);
        for (int i = 0; i < n; i++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(7)) {
                case 0:
                    b.insert(at, SNIPPETS.get(r.nextInt(SNIPPETS.size())));
                    break;
                case 1:
                    b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(20)));
                    break;
                case 2:
                    if (at < b.length()) {
                        b.setCharAt(at, "{}[]()&*!|>'\"#%@`-:,.\\$\t\n\r\u0000\u001b\u202e0123456789eE+"
                                .charAt(r.nextInt(41)));
                    }
                    break;
                case 3:
                    int start = b.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    int end = b.indexOf("\n", at);
                    if (end > start) {
                        b.insert(start, b.substring(start, end + 1));
                    }
                    break;
                case 4:
                    int colon = b.indexOf(": ", at);
                    if (colon >= 0) {
                        int eol = b.indexOf("\n", colon);
                        b.replace(colon + 2, eol < 0 ? b.length() : eol, SNIPPETS.get(r.nextInt(SNIPPETS.size())));
                    }
                    break;
                case 5:
                    b.insert(at, String.valueOf(b.length() > 0 ? b.charAt(r.nextInt(b.length())) : '$').repeat(
                            1 + r.nextInt(200)));
                    break;
                default:
                    b.setLength(at);
                    break;
            }
        }
        return b.toString();
    }

    private static byte[] mutateBytes(byte[] seed, Random r, int n) {
        if (r.nextBoolean()) {
            return mutate(new String(seed, StandardCharsets.UTF_8), r, n).getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = seed.clone();
        for (int i = 0; i < n && out.length > 0; i++) {
            out[r.nextInt(out.length)] = (byte) r.nextInt(256);
        }
        return out;
    }

    private static List<String> snippets() {
        List<String> s = new ArrayList<>();
        for (String e : EXPRESSION_SEEDS) {
            if (e.length() < 200) {
                s.add("\"${{ " + e.replace("\\", "\\\\").replace("\"", "\\\"") + " }}\"");
            }
        }
        s.addAll(List.of("999999999999h", "now+999999999999d", "now-999999999999d", "PT99999999999999999H", "1e400",
                "-1", "9223372036854775808", "'(a|aa)+$'", "&a [1, *a]", "*a", "!!java.lang.Runtime {}", "!!binary AA",
                "[" + "[".repeat(300), "{".repeat(300), "? [a]", "|\n  text", ">-\n  x", "\t", "'", "\"", "${{", "}}",
                "${{ }}", "\u0000", "\ufeff", "\u202e", "\u001b[2J", "\r\n", "\n  - id: x\n    action: manual\n",
                "\n    needs: [s, s, x]\n", "\n    undo: { action: manual }\n", "\n    if: 'yes'\n", "~", "null", "{}",
                "[]", "true", "0x10", "0o17", ".inf", ".nan", "2026-11-22T03:00:00Z", "+999999999-12-31T23:59:59Z"));
        return List.copyOf(s);
    }

    // ---- the seed corpus ----

    private static List<String> runbookSeeds() {
        List<String> seeds = new ArrayList<>();
        for (Path dir : List.of(CORPUS.resolve("runbooks"), RepoPaths.repo().resolve("runbooks-yaml"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> seeds.add(read(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(seeds);
    }

    private static List<String> expressionSeeds() {
        List<String> seeds = new ArrayList<>();
        for (String line : read(CORPUS.resolve("expressions.txt")).split("\n", -1)) {
            if (!line.startsWith("# ")) {
                seeds.add(line);
            }
        }
        return List.copyOf(seeds);
    }

    private static List<byte[]> auditSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS.resolve("audit"))) {
            for (Path p : files.sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
            Path valid = logDir().resolve("valid.jsonl");
            if (!Files.exists(valid)) {
                RunOrigin origin = new RunOrigin("/rb/fuzz.yaml", "ab".repeat(32), new Actor("fuzz", "host", null),
                        "1.0", true);
                try (HashChainedAuditLog log = HashChainedAuditLog.open(valid, origin, false, CLOCK)) {
                    for (int i = 1; i <= 4; i++) {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        fields.put("runId", "r-1");
                        fields.put("event", "step-started");
                        fields.put("step", "s" + i);
                        log.appendFields(fields);
                    }
                }
            }
            seeds.add(Files.readAllBytes(valid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds;
    }

    private static synchronized Path logDir() throws IOException {
        if (logs == null) {
            logs = Files.createTempDirectory("runbook-fuzz");
        }
        return logs;
    }

    @AfterContainer
    static void removeLogs() throws IOException {
        if (logs != null) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(logs);
        }
    }

    private static Map<String, Object> scope() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("a", "a".repeat(60) + "!");
        params.put("list", List.of("x", "y"));
        params.put("n", Long.MAX_VALUE);
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("params", params);
        scope.put("steps", Map.of("a", Map.of("status", "succeeded", "outputs", Map.of("b", List.of(1L)))));
        scope.put("run", Map.of("id", "r-1", "dry", false));
        return scope;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
