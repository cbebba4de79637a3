package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code runbook actions [NAME]}: the JSON is a list of {@code {name, description, kind, inputs, outputs}} with kind
 * {@code read-only} or {@code mutating} and each input and output a {@code {name, type, required, description}}.
 */
class ActionsIT {

    @Test
    void jsonListsEveryActionInExactlyTheDocumentedShape() throws IOException {
        // when
        Cli.Result r = cli().run("actions", "--output", "json");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode action : list) {
            names.add(action.get("name").asText());
            assertThat(fieldNames(action)).containsExactly("name", "description", "kind", "inputs", "outputs");
            assertThat(action.get("description").asText()).isNotBlank();
            assertThat(action.get("kind").asText()).isIn("read-only", "mutating");
            assertThat(action.get("inputs").isArray()).isTrue();
            assertThat(action.get("outputs").isArray()).isTrue();
            for (String io : new String[] {"inputs", "outputs"}) {
                for (JsonNode spec : action.get(io)) {
                    assertThat(fieldNames(spec)).as("%s of %s", io, action.get("name"))
                            .containsExactly("name", "type", "required", "description");
                    assertThat(spec.get("name").isTextual()).isTrue();
                    assertThat(spec.get("type").isTextual()).isTrue();
                    assertThat(spec.get("required").isBoolean()).isTrue();
                    assertThat(spec.get("description").asText()).isNotBlank();
                }
            }
        }
        assertThat(names).contains("assert", "exec", "http", "manual", "sleep", "wait").isSorted();
    }

    @Test
    void jsonOfOneActionGivesItsInputsAndOutputsAndKind() throws IOException {
        // when
        Cli.Result r = cli().run("actions", "exec", "--output", "json");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list).hasSize(1);
        JsonNode exec = list.get(0);
        assertThat(exec.get("name").asText()).isEqualTo("exec");
        assertThat(exec.get("kind").asText()).isEqualTo("mutating");
        JsonNode command = exec.get("inputs").get(0);
        assertThat(command.get("name").asText()).isEqualTo("command");
        assertThat(command.get("required").asBoolean()).isTrue();
        List<String> outputs = new ArrayList<>();
        exec.get("outputs").forEach(o -> outputs.add(o.get("name").asText()));
        assertThat(outputs).containsExactly("exitCode", "stdout", "stderr");
    }

    @Test
    void readOnlyActionsSaySo() throws IOException {
        // when
        JsonNode list = new ObjectMapper().readTree(cli().run("actions", "--output", "json").out());

        // then
        for (JsonNode action : list) {
            if (List.of("sleep", "assert", "wait").contains(action.get("name").asText())) {
                assertThat(action.get("kind").asText()).as(action.get("name").asText()).isEqualTo("read-only");
            }
        }
    }

    @Test
    void textListsOneActionPerLineWithItsKind() {
        // when
        Cli.Result r = cli().run("actions");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("(?m)^sleep +read-only +Waits for a duration\\.$")
                .containsPattern("(?m)^exec +mutating +")
                .endsWith("Run 'runbook actions NAME' for an action's inputs and outputs.\n");
    }

    @Test
    void textOfOneActionListsItsInputsWithRequiredAndItsOutputs() {
        // when
        Cli.Result r = cli().run("actions", "sleep");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("sleep (read-only)\n  Waits for a duration.\n")
                .contains("Inputs:\n  duration  duration    required  how long to wait")
                .contains("Outputs:\n  (none)");
    }

    @Test
    void anUnknownActionIsExit2WithTheClosestName() {
        // when
        Cli.Result r = cli().run("actions", "slep");

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook: unknown action 'slep', did you mean 'sleep'? (run 'runbook actions' for the list)\n");
        assertThat(r.out()).isEmpty();
        ValidateIT.assertNoStackTrace(r);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
