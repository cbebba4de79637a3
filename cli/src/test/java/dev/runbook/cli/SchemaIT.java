package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code runbook schema}: a JSON Schema, draft 2020-12, of the runbook format (its agreement with the parser: SchemaAgreementTest). */
class SchemaIT {

    @Test
    void printsADraft202012SchemaOfARunbook() throws IOException {
        // when
        Cli.Result r = cli().run("schema");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode schema = new ObjectMapper().readTree(r.out());
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("runbook", "name", "steps");
        assertThat(schema.get("properties").has("steps")).isTrue();
        assertThat(schema.get("$defs").has("step")).isTrue();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void takesNoArguments() {
        // when
        Cli.Result r = cli().run("schema", "extra");

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook schema: unexpected argument 'extra'\nTry 'runbook schema --help'.\n");
    }
}
