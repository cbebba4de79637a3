package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Problem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every golden runbook under {@code parse/valid} and {@code parse/invalid}: each file states its expected
 * diagnostics as {@code # expect: LINE:COL message-substring} comments; a valid file states none.
 */
class GoldenRunbookTest {
    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(\\d+):(\\d+)\\s+(.+?)\\s*$");

    static Stream<Path> goldenFiles() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenRunbookTest.class.getResource("/parse").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void reportsExactlyTheExpectedDiagnostics(Path file) throws IOException {
        // given: expectations read leniently, so that files which are deliberately not UTF-8 still state theirs
        List<Expectation> expected = expectations(file);
        boolean invalid = file.getParent().getFileName().toString().equals("invalid");
        assertThat(expected.isEmpty()).as("invalid files state expectations, valid ones none").isEqualTo(!invalid);

        // when
        ParseResult result = new RunbookParser().parse(file);

        // then
        List<String> problems = result.problems().stream()
                .map(p -> p.location().line() + ":" + p.location().column() + " " + p.message()).toList();
        for (Expectation e : expected) {
            assertThat(result.problems()).as("expected %s among %s", e, problems).anyMatch(e::matches);
        }
        for (Problem p : result.problems()) {
            if (p.isError()) {
                assertThat(expected).as("unexpected error %s", p.format()).anyMatch(e -> e.matches(p));
            }
        }
        assertThat(result.hasErrors()).isEqualTo(invalid);
        assertThat(result.file()).isEqualTo(file.toString());
        if (!invalid) {
            assertThat(result.runbook()).isNotNull();
        }
    }

    private static List<Expectation> expectations(Path file) throws IOException {
        List<Expectation> out = new ArrayList<>();
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n")) {
            Matcher m = EXPECT.matcher(line);
            if (m.find()) {
                out.add(new Expectation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
            }
        }
        return out;
    }

    private record Expectation(int line, int column, String substring) {
        boolean matches(Problem p) {
            return p.location().line() == line && p.location().column() == column && p.message().contains(substring);
        }

        @Override
        public String toString() {
            return line + ":" + column + " " + substring;
        }
    }
}
