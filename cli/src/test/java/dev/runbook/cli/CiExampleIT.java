package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/ci.md's example files exist under docs/examples/, say what the page shows, and the script runs against the
 * built jar from the repository root: every shipped runbook validated, tested and dry-run, the CI drill reported.
 */
class CiExampleIT {
    private static final Path REPO = RepoPaths.repo();
    private static final Path EXAMPLES = REPO.resolve("docs/examples");

    @TempDir
    Path out;

    @Test
    void theScriptValidatesTestsDryRunsEveryRunbookAndReportsTheDrill() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "docs/examples/ci/runbooks.sh")
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("console.txt").toFile());
        builder.environment().put("RUNBOOK_JAR", RepoPaths.jar().toString());
        builder.environment().put("OUT", out.resolve("reports").toString());
        builder.environment().remove("CI_DIR");
        Process sh = builder.start();
        sh.getOutputStream().close();
        assertThat(sh.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String console = Files.readString(out.resolve("console.txt"), StandardCharsets.UTF_8);
        assertThat(sh.exitValue()).as(console).isZero();

        Path reports = out.resolve("reports");
        List<String> runbooks = new ArrayList<>();
        try (Stream<Path> files = Files.list(REPO.resolve("runbooks-yaml"))) {
            files.filter(f -> f.toString().endsWith(".yaml"))
                    .forEach(f -> runbooks.add(f.getFileName().toString().replace(".yaml", "")));
        }
        assertThat(runbooks).hasSizeGreaterThanOrEqualTo(11);
        for (String name : runbooks) {
            assertThat(EXAMPLES.resolve("ci/params/" + name + ".yaml")).as("example parameters for " + name).isRegularFile();
            assertThat(Files.readString(reports.resolve(name + ".dry-run.txt"))).as(name).isNotBlank();
        }
        assertThat(console).contains(" passed, 0 failed").contains("intact");
        assertThat(Files.readString(reports.resolve("drill.junit.xml"))).contains("<testsuite", "restore", "RTO");
        assertThat(Files.readString(reports.resolve("drill.md"))).contains("ci-smoke-drill");
        assertThat(reports.resolve("drill.html")).isNotEmptyFile();
    }

    @Test
    void thePageShowsTheFilesAsTheyAre() throws Exception {
        String page = Files.readString(REPO.resolve("docs/ci.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```\\w+\\n(.*?)```", Pattern.DOTALL).matcher(page);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).contains(read("ci/runbooks.sh"), read("ci/drills/smoke-drill.yaml"),
                read("github/runbooks.yml"));
        try (Stream<Path> params = Files.list(EXAMPLES.resolve("ci/params"))) {
            for (Path p : (Iterable<Path>) params::iterator) {
                assertThat(blocks).as(p.toString()).contains(Files.readString(p));
            }
        }
    }

    private static String read(String example) throws Exception {
        return Files.readString(EXAMPLES.resolve(example), StandardCharsets.UTF_8);
    }
}
