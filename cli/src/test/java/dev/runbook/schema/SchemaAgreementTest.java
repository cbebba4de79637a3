package dev.runbook.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runbook.cli.RepoPaths;
import dev.runbook.model.Node;
import dev.runbook.model.Problem;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema ({@code docs/runbook.schema.json}) and the parser agree on every test runbook: the schema
 * accepts a file exactly when {@link RunbookParser} (structural checks only, not the checker) reports no error. Files
 * the YAML reader itself refuses are not JSON documents and are listed in {@link #NOT_JSON} with the reason.
 */
class SchemaAgreementTest {
    /** Test runbooks that have no JSON form, each with why: the reader refuses them before any structure exists. */
    static final Map<String, String> NOT_JSON = Map.ofEntries(
            Map.entry("parse/invalid/alias-only.yaml", "an alias: YAML anchors and aliases are refused"),
            Map.entry("parse/invalid/anchors.yaml", "an anchor: YAML anchors and aliases are refused"),
            Map.entry("parse/invalid/binary-nul.yaml", "a NUL byte: not text"),
            Map.entry("parse/invalid/duplicate-keys.yaml", "duplicate keys: JSON objects would silently keep one"),
            Map.entry("parse/invalid/malformed-yaml.yaml", "not well-formed YAML"),
            Map.entry("parse/invalid/not-utf8.yaml", "not UTF-8"),
            Map.entry("parse/invalid/tab-indentation.yaml", "tab indentation: not well-formed YAML"),
            Map.entry("parse/invalid/tags.yaml", "a YAML tag, which JSON cannot carry"),
            Map.entry("parse/invalid/two-documents.yaml", "two YAML documents"),
            Map.entry("parse/invalid/unclosed-flow.yaml", "not well-formed YAML"));

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        JsonNode json = new ObjectMapper().readTree(RepoPaths.repo().resolve("docs/runbook.schema.json").toFile());
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json);
    }

    static Stream<String> testRunbooks() throws IOException, URISyntaxException {
        List<String> names = new ArrayList<>();
        Path resources = resources();
        for (String folder : List.of("parse/valid", "parse/invalid", "golden")) {
            try (Stream<Path> walk = Files.walk(resources.resolve(folder))) {
                walk.filter(p -> p.toString().endsWith(".yaml")).forEach(p -> names.add(resources.relativize(p).toString()));
            }
        }
        try (Stream<Path> walk = Files.walk(RepoPaths.repo().resolve("runbooks-yaml"))) {
            walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .forEach(p -> names.add(RepoPaths.repo().relativize(p).toString()));
        }
        return names.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testRunbooks")
    void theSchemaAcceptsAFileExactlyWhenTheParserDoes(String name) throws Exception {
        // given
        Path file = locate(name);
        ParseResult parsed = new RunbookParser().parse(file);
        List<String> parserErrors = parsed.problems().stream().filter(Problem::isError).map(Problem::format).toList();

        if (NOT_JSON.containsKey(name)) {
            // then: the reader refuses it (so the exclusion stays true) and so does the parser
            assertThat(readerRefuses(file)).as("%s is listed as not JSON: %s", name, NOT_JSON.get(name)).isTrue();
            assertThat(parserErrors).isNotEmpty();
            return;
        }

        // when
        JsonNode json = new ObjectMapper().valueToTree(YamlReader.read(file).toPlain());
        List<Error> schemaErrors = schema.validate(json);

        // then
        List<String> schemaMessages = schemaErrors.stream().map(Error::toString).collect(Collectors.toList());
        assertThat(schemaErrors.isEmpty())
                .as("%s: schema errors %s, parser errors %s", name, schemaMessages, parserErrors)
                .isEqualTo(parserErrors.isEmpty());
    }

    private static final String HEAD = "runbook: 1\nname: probe\n";
    private static final String STEPS = "steps:\n  - id: a\n    action: manual\n";
    /** A runbook of one manual step, a field of that step to follow. */
    private static final String STEP = HEAD + STEPS;

    /**
     * Edge cases written inline, where a schema and a hand-written parser drift apart most easily: empty values,
     * whole numbers written as floats, integer ids, ISO-8601 durations, names that expressions cannot reach.
     */
    static Stream<String> edgeCases() {
        return Stream.of(
            STEP + "    with: { Foo: 1 }",
            STEP + "    with: { 'a b': 1 }",
            STEP + "    outputs: { my-out: x }",
            STEP + "    outputs: { Out1: x }",
            STEP + "    needs: [a, a]",
            STEP + "    confirm: { type: '' }",
            STEP + "    confirm: { type: 42 }",
            STEP + "    confirm: { type: true }",
            STEP + "    confirm: false",
            STEP + "    confirm: null",
            STEP + "    confirm: {}",
            STEP + "    if: true",
            STEP + "    check: false",
            STEP + "    if: null",
            STEP + "    timeout: 1h30m",
            STEP + "    timeout: PT5M",
            STEP + "    timeout: 500ms",
            STEP + "    timeout: 0s",
            STEP + "    timeout: 2d",
            STEP + "    timeout: 'x ${{ params.x }}'",
            STEP + "    timeout: P1D",
            STEP + "    timeout: Pfoo",
            STEP + "    timeout: 1H",
            STEP + "    timeout: 1m30",
            STEP + "    retry: {}",
            STEP + "    retry: null",
            STEP + "    retry: { backoff: 1 }",
            STEP + "    retry: { attempts: 2.5 }",
            STEP + "    retry: { attempts: 2.0 }",
            STEP + "    retry: { delay: '${{ params.d }}' }",
            STEP + "    undo: { action: '' }",
            STEP + "    undo: { action: manual, with: null }",
            STEP + "    undo: null",
            HEAD + "steps:\n  - id: a\n    action: ''",
            HEAD + "steps:\n  - id: a\n    action: null",
            STEP + "    title: 42",
            STEP + "    title: null",
            STEP + "    title: ''",
            STEP + "    instructions: 42",
            STEP + "    phase: null",
            STEP + "    on-failure: ABORT",
            STEP + "    on-failure: null",
            STEP + "    with: null",
            STEP + "    needs: null",
            STEP + "    outputs: null",
            STEP + "    with: {}",
            STEP + "    confirm: { approvers: 2.0 }",
            STEP + "    confirm: { approvers: 3 }",
            HEAD + "steps:\n  - id: '007'\n    action: manual",
            HEAD + "steps:\n  - id: 0\n    action: manual",
            HEAD + "steps:\n  - id: -1\n    action: manual",
            HEAD + "steps:\n  - id: 1.5\n    action: manual",
            HEAD + "steps:\n  - id: true\n    action: manual",
            STEP + "    needs: 'a'",
            STEP + "    needs: 7",
            STEP + "    needs: [7]",
            STEP + "    needs: ['']",
            STEP + "    needs: [Bad]",
            STEP + "    needs: Bad",
            HEAD + "steps: []",
            HEAD + "steps: null",
            HEAD + "steps: {}",
            HEAD + "",
            HEAD + "description: null\n" + STEPS,
            HEAD + "title: null\n" + STEPS,
            HEAD + "title: 5\n" + STEPS,
            HEAD + "objectives: {}\n" + STEPS,
            HEAD + "objectives: null\n" + STEPS,
            HEAD + "objectives: { rto: 0s, rpo: P1D }\n" + STEPS,
            HEAD + "objectives: { rto: '${{ x }}' }\n" + STEPS,
            HEAD + "objectives: { rpo-from: 5 }\n" + STEPS,
            HEAD + "objectives: { rpo-from: '${{ steps.a.outputs.at }}' }\n" + STEPS,
            HEAD + "parameters: {}\n" + STEPS,
            HEAD + "parameters: null\n" + STEPS,
            HEAD + "parameters: { x: {} }\n" + STEPS,
            HEAD + "parameters: { x: { allowed: [] } }\n" + STEPS,
            HEAD + "parameters: { x: { type: enum, allowed: [] } }\n" + STEPS,
            HEAD + "parameters: { x: { type: string, allowed: [a] } }\n" + STEPS,
            HEAD + "parameters: { x: { type: integer, allowed: [1, 2] } }\n" + STEPS,
            HEAD + "parameters: { x: { type: enum } }\n" + STEPS,
            HEAD + "parameters: { x: { type: null } }\n" + STEPS,
            HEAD + "parameters: { x: { default: null } }\n" + STEPS,
            HEAD + "parameters: { x: { required: null } }\n" + STEPS,
            HEAD + "parameters: { x: { pattern: null } }\n" + STEPS,
            HEAD + "parameters: { x: { description: null } }\n" + STEPS,
            HEAD + "parameters: { x: { allowed: [{a: 1}] } }\n" + STEPS,
            HEAD + "parameters: { x: { default: [1] } }\n" + STEPS,
            HEAD + "parameters: { x: { type: String } }\n" + STEPS,
            HEAD + "parameters: { x1: {}, X: {} }\n" + STEPS,
            HEAD + "parameters: { 'x-y': {} }\n" + STEPS,
            "runbook: '1'\nname: probe\nsteps:\n  - id: a\n    action: manual\n",
            "runbook: 1.0\nname: probe\nsteps:\n  - id: a\n    action: manual\n",
            "runbook: 2\nname: probe\nsteps:\n  - id: a\n    action: manual\n",
            "runbook: 1\nname: ab\nsteps:\n  - id: a\n    action: manual\n",
            "runbook: 1\nname: 123\nsteps:\n  - id: a\n    action: manual\n",
            "runbook: 1\nname: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nsteps:\n  - id: a\n    action: manual\n",
            HEAD + "x-extra: 1\n" + STEPS,
            HEAD + "steps:\n  - 5",
            HEAD + "steps:\n  - null",
            HEAD + "steps:\n  - []",
            STEP + "    wait: 1",
            STEP + "    timeout: 90",
            STEP + "    instructions: |\n      multi\n      line",
            STEP + "    timeout: PT1.5S",
            STEP + "    timeout: pt15m",
            STEP + "    timeout: P",
            STEP + "    timeout: PT",
            STEP + "    timeout: P1DT",
            STEP + "    timeout: P1DT2H",
            STEP + "    timeout: PT-1H",
            STEP + "    timeout: P1W",
            STEP + "    timeout: P1Y",
            STEP + "    retry: { delay: PT0.25S, max-delay: P1D }",
            STEP + "    confirm: { approvers: 2.5 }",
            STEP + "    needs: 3.5",
            HEAD + "steps:\n  - id: 7.0\n    action: manual\n  - id: b\n    action: manual\n    needs: 7",
            HEAD + "parameters: { x: { allowed: [null] } }\n" + STEPS,
            HEAD + "parameters: { x: { allowed: [[1]] } }\n" + STEPS,
            HEAD + "parameters: { x: { allowed: [1, true, 2.5, a] } }\n" + STEPS,
            STEP + "    outputs: { ok1: x, Ok: y }",
            STEP + "    outputs: { 1st: x }",
            STEP + "    undo: { action: manual, with: { Foo: 1 } }");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeCases")
    void theSchemaAndTheParserAgreeOnEdgeCases(String yaml) throws Exception {
        // given
        ParseResult parsed = new RunbookParser().parse("edge.yaml", yaml);
        List<String> parserErrors = parsed.problems().stream().filter(Problem::isError).map(Problem::format).toList();

        // when
        JsonNode json = new ObjectMapper().valueToTree(YamlReader.read("edge.yaml", yaml).toPlain());
        List<String> schemaErrors = schema.validate(json).stream().map(Error::toString).toList();

        // then
        assertThat(schemaErrors.isEmpty())
                .as("schema errors %s, parser errors %s", schemaErrors, parserErrors)
                .isEqualTo(parserErrors.isEmpty());
    }

    @Test
    void bothSidesAreExercised() throws Exception {
        // when
        long accepted = 0;
        long rejected = 0;
        for (String name : testRunbooks().toList()) {
            if (NOT_JSON.containsKey(name)) {
                continue;
            }
            JsonNode json = new ObjectMapper().valueToTree(YamlReader.read(locate(name)).toPlain());
            if (schema.validate(json).isEmpty()) {
                accepted++;
            } else {
                rejected++;
            }
        }

        // then: the agreement is not vacuous
        assertThat(accepted).isGreaterThanOrEqualTo(5);
        assertThat(rejected).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyExcludedFileStillExists() throws Exception {
        // when
        List<String> all = testRunbooks().toList();

        // then
        assertThat(all).containsAll(NOT_JSON.keySet());
    }

    private static boolean readerRefuses(Path file) {
        try {
            YamlReader.read(file);
            return false;
        } catch (YamlException e) {
            return true;
        }
    }

    private static Path locate(String name) throws URISyntaxException {
        return name.startsWith("runbooks-yaml/") ? RepoPaths.repo().resolve(name) : resources().resolve(name);
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(SchemaAgreementTest.class.getResource("/golden").toURI()).getParent();
    }
}
