package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start-up loads nothing a command does not use: the commands that never prompt and never call out (validate,
 * graph, list, schema, a dry-run) load no JLine, no AWS SDK, no HTTP client implementation and no logging back end.
 */
class StartupClassLoadingIT {
    private static final List<String> NOT_NEEDED = List.of(
            " org.jline.", " software.amazon.", " jdk.internal.net.http.", " ch.qos.logback.", " org.slf4j.");

    /**
     * What picocli loads only when it builds a command from annotations: its per-member reflection, the bindings to
     * annotated fields and methods, and the annotation types themselves.
     */
    private static final List<String> ANNOTATION_MODEL = List.of(
            " picocli.CommandLine$Model$TypedMember ", " picocli.CommandLine$Model$FieldBinding ",
            " picocli.CommandLine$Model$MethodBinding ", " picocli.CommandLine$Command ",
            " picocli.CommandLine$Option ", " picocli.CommandLine$Parameters ", " picocli.CommandLine$Mixin ",
            " picocli.CommandLine$Spec ", " picocli.CommandLine$ArgGroup ");

    private static final String MIXED = """
            runbook: 1
            name: mixed-actions
            parameters:
              table: {type: string, default: orders}
            steps:
              - {id: who, action: aws.sts.get-caller-identity}
              - id: describe
                action: aws.dynamodb.describe-table
                with: {table: '${{ params.table }}'}
              - id: health
                action: http
                with: {url: 'http://127.0.0.1:9/health'}
              - id: look
                action: exec
                with: {command: [echo, '${{ params.table }}'], read-only: true}
              - id: ack
                action: manual
                instructions: 'Check ${{ params.table }}'
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"validate", "graph", "list", "schema", "run --dry-run", "--help"})
    void aCommandThatNeitherPromptsNorCallsOutLoadsNoTerminalAwsHttpOrLoggingClass(String command) throws Exception {
        // given a runbook with an AWS, an HTTP, a program and a manual step
        List<String> args = argsFor(command, MIXED);

        // when
        List<String> loaded = loadedClasses(args);

        // then
        assertThat(loaded).anyMatch(l -> l.contains(" dev.runbook.cli.Main "));
        for (String prefix : NOT_NEEDED) {
            assertThat(loaded).as("classes loaded by '%s' starting with%s", command, prefix)
                    .noneMatch(l -> l.contains(prefix));
        }
    }

    /**
     * The command line is built with picocli's programmatic API: reading annotations (picocli's annotation types, a
     * proxy class per annotation type, which a JDK 17 class-data archive cannot keep) and reflecting over a command's
     * fields and methods cost about 50 ms of every start. picocli's CommandReflection class itself is loaded (every
     * {@code new CommandLine(spec)} passes through it and gets the spec back at once); what it loads only when it
     * reflects is checked instead. The runbook has no expression: a dry-run evaluating one has JEXL read the
     * {@code @NoJexl} annotations of the classes it introspects (through proxies), which is the engine's business.
     */
    @ParameterizedTest
    @ValueSource(strings = {"validate", "graph", "list", "schema", "run --dry-run"})
    void aCommandLineIsBuiltWithoutReadingAnnotationsOrReflectingOverCommands(String command) throws Exception {
        // given a runbook with an AWS, an HTTP, a program and a manual step, and no expression
        List<String> args = argsFor(command, MIXED.replace("'${{ params.table }}'", "orders")
                .replace("Check ${{ params.table }}", "Check orders"));

        // when
        List<String> loaded = loadedClasses(args);

        // then
        assertThat(loaded).anyMatch(l -> l.contains(" dev.runbook.cli.Main "));
        for (String reflective : ANNOTATION_MODEL) {
            assertThat(loaded).as("'%s' loaded %s: picocli built (part of) the command line from annotations; build "
                    + "it with the programmatic API (CommandSpecs) instead", command, reflective.trim())
                    .noneMatch(l -> l.contains(reflective));
        }
        assertThat(loaded).as("'%s' loaded an annotation proxy class: something read an annotation at start "
                + "(picocli's model is built without annotations, see CommandSpecs)", command)
                .noneMatch(l -> l.matches(".*\\.\\$Proxy\\d+ .*"));
    }

    private List<String> argsFor(String command, String runbookText) throws Exception {
        Path runbook = Files.writeString(dir.resolve("mixed.yaml"), runbookText);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        if (!command.equals("schema") && !command.equals("--help")) {
            args.add(command.equals("list") ? dir.toString() : runbook.toString());
        }
        if (command.startsWith("run")) {
            args.addAll(List.of("--region", "eu-west-1"));
        }
        return args;
    }

    private List<String> loadedClasses(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:class+load=info:stdout", "-jar", RepoPaths.jar().toString()));
        command.addAll(args);
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the jar finished").isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join("\n", lines.stream().filter(l -> !l.startsWith("[")).toList()))
                .isZero();
        return lines;
    }
}
