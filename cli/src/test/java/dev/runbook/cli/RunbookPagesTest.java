package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dry-run transcript on each shipped runbook's page ({@code docs/runbooks/NAME.md}, under "What the operator
 * sees") is the real output: the block that starts with {@code NAME (runbooks-yaml/NAME.yaml)} is compared with a
 * dry-run made with the parameters its own {@code parameters:} line shows, at the moment its run id names. A line
 * {@code ...} marks lines left out; every other line must be there, in order, the lines between two {@code ...}
 * one after the other. Run ids, the operator, the planning time and a skipped step's time are the only values
 * normalised. Options the
 * dry-run needs besides the parameters (a region) are given on the page in a comment line just above the block's
 * fence: {@code <!-- dry-run options: --region us-west-2 -->}.
 *
 * <p>To regenerate a page after changing the output: {@code cd cli && mvn -o -q test -Dtest=RunbookPagesTest
 * -Drunbook.pages.regenerate=true} writes the whole dry-run into the block (trim it again by hand with {@code ...}).
 */
class RunbookPagesTest {
    private static final Instant AT = Instant.parse("2026-11-22T05:35:55Z");
    private static final String RUN_ID = "20261122053555-9a7aebb2";

    static Stream<String> pages() throws IOException {
        try (Stream<Path> files = Files.list(RepoPaths.repo().resolve("runbooks-yaml"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("pages")
    void theDryRunOnThePageIsTheRealOutput(String name) throws IOException {
        Path page = RepoPaths.repo().resolve("docs/runbooks/" + name + ".md");
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        int start = lines.indexOf(name + " (runbooks-yaml/" + name + ".yaml)");
        assertThat(start).as(page + " has a dry-run block starting '" + name + " (runbooks-yaml/" + name + ".yaml)'")
                .isPositive();
        int end = start;
        while (!lines.get(end).startsWith("```")) {
            end++;
        }
        List<String> block = lines.subList(start, end);
        List<String> args = new ArrayList<>(parameters(block));
        String options = lines.get(start - 2);
        if (options.startsWith("<!-- dry-run options: ") && options.endsWith(" -->")) {
            args.addAll(List.of(options.substring("<!-- dry-run options: ".length(), options.length() - 4).trim()
                    .split(" +")));
        }
        List<String> output = dryRun(name, args);

        if (Boolean.getBoolean("runbook.pages.regenerate")) {
            List<String> updated = new ArrayList<>(lines.subList(0, start));
            updated.addAll(output);
            updated.addAll(lines.subList(end, lines.size()));
            Files.write(page, updated, StandardCharsets.UTF_8);
            return;
        }
        int from = 0;
        for (List<String> segment : segments(block)) {
            int at = indexOf(output, segment, from);
            assertThat(at).as("%s: these lines of the page are not in the real dry-run, in this order (regenerate: "
                    + "see RunbookPagesTest):\n%s\n--- real output:\n%s", page, String.join("\n", segment),
                    String.join("\n", output)).isNotNegative();
            from = at + segment.size();
        }
    }

    /** The {@code -p} options of the page's {@code parameters: a=1, b=2} line (empty values are left to defaults). */
    private static List<String> parameters(List<String> block) {
        String line = block.stream().filter(l -> l.startsWith("parameters: ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>();
        for (String pair : line.substring("parameters: ".length()).split(", ")) {
            if (!pair.endsWith("=")) {
                args.add("-p");
                args.add(pair);
            }
        }
        return args;
    }

    private static List<String> dryRun(String name, List<String> parameters) {
        Path repo = RepoPaths.repo();
        List<String> args = new ArrayList<>(List.of("run", repo.resolve("runbooks-yaml/" + name + ".yaml").toString(),
                "--dry-run"));
        args.addAll(parameters);
        Cli.Result r = cli().env("NO_COLOR", "1").clock(Clock.fixed(AT, ZoneOffset.UTC))
                .run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String text = r.out().replace(repo + "/", "")
                .replaceAll("\\d{14}-[0-9a-f]{8}", RUN_ID)
                .replaceAll("operator: \\S+", "operator: root")
                .replaceAll("planned in \\d+ms", "planned in 240ms")
                // a skipped step's line shows how long deciding took: 0ms or 1ms, as the machine goes
                .replaceAll("(?m)^(skipped .*) \\d+ms: skipped: ", "$1 0ms: skipped: ");
        return List.of(text.split("\n", -1)).stream().map(String::stripTrailing).toList()
                .subList(0, (int) text.lines().count());
    }

    private static List<List<String>> segments(List<String> block) {
        List<List<String>> segments = new ArrayList<>();
        segments.add(new ArrayList<>());
        for (String line : block) {
            if (line.equals("...")) {
                segments.add(new ArrayList<>());
            } else {
                segments.get(segments.size() - 1).add(line.stripTrailing()
                        .replaceAll("^(skipped .*) \\d+ms: skipped: ", "$1 0ms: skipped: "));
            }
        }
        segments.removeIf(List::isEmpty);
        return segments;
    }

    private static int indexOf(List<String> output, List<String> segment, int from) {
        for (int i = from; i + segment.size() <= output.size(); i++) {
            if (output.subList(i, i + segment.size()).equals(segment)) {
                return i;
            }
        }
        return -1;
    }
}
