package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, black-box through {@link Main}: what the operator sees is what happens. The runbooks are in
 * {@code src/test/resources/semantics/}; they use only {@code exec}, {@code assert} and {@code manual}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecutionSemanticsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("run id: (\\d{14}-[0-9a-f]{8})");

    @TempDir
    Path tmp;

    static String runbook(String name) {
        try {
            return Paths.get(ExecutionSemanticsIT.class.getResource("/semantics/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path log() {
        return tmp.resolve("audit.jsonl");
    }

    private Cli ci() {
        return cli().terminal(false).env("RUNBOOK_AUDIT_LOG", log().toString());
    }

    private Cli terminal(String answers) {
        return RunIT.answering(answers).env("RUNBOOK_AUDIT_LOG", log().toString());
    }

    private static String runId(Cli.Result r) {
        Matcher m = RUN_ID.matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    private List<JsonNode> records() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log())) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Nested
    class FalseIf {

        @Test
        void aSkippedStepInTheMiddleOfAChecklistDoesNotSilenceTheStepsAfterIt() {
            Cli.Result r = ci().run("run", runbook("optional-middle.yaml"));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out())
                    .containsPattern("(?m)^ok First item ")
                    .containsPattern("(?m)^skipped Page the on-call \\(optional\\) skipped .*: skipped: if params.notify"
                            + " is false$")
                    .containsPattern("(?m)^ok Second item ")
                    .containsPattern("(?m)^ok Third item ")
                    .containsPattern("(?m)^skipped Quote the page skipped .*: skipped: reads steps.page.outputs.stdout,"
                            + " and page was skipped$")
                    .containsPattern("(?m)^ok Last item ")
                    .contains("(4 succeeded, 2 skipped)");
        }

        @Test
        void withTheConditionTrueEveryStepRuns() {
            Cli.Result r = ci().run("run", runbook("optional-middle.yaml"), "-p", "notify=true");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("(6 succeeded)");
        }
    }
}
