package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The static checks of the runbook language, one golden file per family under {@code golden/}: each file states its
 * diagnostics as {@code # expect: LINE:COL SEVERITY message-substring}. {@code runbook validate --output json} must
 * report exactly those positions and severities (no more, no fewer), each message containing its substring; the text
 * output must show each as {@code FILE:LINE:COLUMN: message}, and the exit code is 2 exactly when an error is expected.
 * A file with the line {@code # validate: --strict} is validated with {@code --strict}: its checks too, and then any
 * warning is exit 2 as well.
 */
class ValidateGoldenIT {
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect:\\s*(\\d+):(\\d+)\\s+(error|warning)\\s+(.+?)\\s*$");

    static Stream<Path> goldenFiles() throws IOException, URISyntaxException {
        Path root = Path.of(ValidateGoldenIT.class.getResource("/golden").toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void reportsExactlyTheDiagnosticsTheFileExpects(Path file) throws IOException {
        // given
        List<Expectation> expected = expectations(file);
        boolean strict = Files.readAllLines(file).contains("# validate: --strict");
        boolean errorsExpected = expected.stream().anyMatch(e -> e.severity().equals("error"))
                || (strict && !expected.isEmpty());
        List<String> options = strict ? List.of("validate", "--strict") : List.of("validate");

        // when
        Cli.Result json = cli().run(Stream.concat(options.stream(), Stream.of("--output", "json", file.toString()))
                .toArray(String[]::new));
        Cli.Result text = cli().run(Stream.concat(options.stream(), Stream.of(file.toString())).toArray(String[]::new));

        // then: the same positions and severities, each message with its substring
        List<Diagnostic> reported = new ArrayList<>();
        for (JsonNode d : new ObjectMapper().readTree(json.out()).get("diagnostics")) {
            assertThat(d.get("file").asText()).isEqualTo(file.toString());
            reported.add(new Diagnostic(d.get("line").asInt(), d.get("column").asInt(), d.get("severity").asText(),
                    d.get("message").asText()));
        }
        assertThat(reported.stream().map(Diagnostic::key))
                .as("positions and severities of %s", reported)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(Expectation::key).toList());
        List<Diagnostic> unmatched = new ArrayList<>(reported);
        for (Expectation e : expected) {
            Diagnostic match = unmatched.stream().filter(e::matches).findFirst().orElse(null);
            assertThat(match).as("a diagnostic matching %s among %s", e, reported).isNotNull();
            unmatched.remove(match);
        }

        // and: exit codes and the text form agree
        int exit = errorsExpected ? 2 : 0;
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(exit);
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(exit);
        for (Diagnostic d : reported) {
            assertThat(text.out()).contains(file + ":" + d.line() + ":" + d.column() + ": "
                    + (d.severity().equals("warning") ? "warning: " : "") + d.message() + "\n");
        }
        ValidateIT.assertNoStackTrace(text);
        assertThat(text.err()).isEmpty();
    }

    @Test
    void everyCheckFamilyHasAGoldenFile() throws IOException, URISyntaxException {
        // when
        List<String> names = goldenFiles().map(p -> p.getFileName().toString()).toList();

        // then
        assertThat(names).contains("duplicate-ids.yaml", "needs-unknown.yaml", "cycle.yaml", "unknown-action.yaml",
                "inputs.yaml", "expression-syntax.yaml", "unknown-references.yaml", "not-ancestor.yaml",
                "bad-defaults.yaml", "warnings.yaml", "one-pass.yaml", "clean.yaml");
    }

    private static List<Expectation> expectations(Path file) throws IOException {
        List<Expectation> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = EXPECT.matcher(line);
            if (m.find()) {
                out.add(new Expectation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3),
                        m.group(4)));
            } else {
                assertThat(line).as("a malformed expectation in %s", file).doesNotContain("expect:");
            }
        }
        return out;
    }

    private record Expectation(int line, int column, String severity, String substring) {
        String key() {
            return line + ":" + column + " " + severity;
        }

        boolean matches(Diagnostic d) {
            return d.key().equals(key()) && d.message().contains(substring);
        }
    }

    private record Diagnostic(int line, int column, String severity, String message) {
        String key() {
            return line + ":" + column + " " + severity;
        }
    }
}
