package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook list [PATH]}: the runbooks of a folder with name, title and parameters, as text or JSON. */
class ListIT {
    @TempDir
    Path dir;

    @Test
    void listsTheShippedRunbooksWithTheirParametersRequiredOnesStarred() {
        // when
        Cli.Result r = cli().run("list", RepoPaths.repo().resolve("runbooks-yaml").toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("NAME ")
                .contains("lambda-alias-rollback           Roll a Lambda alias back to the previous version\n")
                .contains("params: function:string* alias:string alarm:string watch:duration\n")
                .endsWith("7 runbooks; * = required parameter\n");
    }

    @Test
    void aFolderIsSearchedRecursivelyAndABrokenRunbookPointsAtValidate() throws IOException {
        // given
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db/restore.yaml"), """
                runbook: 1
                name: restore
                title: Restore the database
                parameters:
                  table: { type: string, required: true }
                steps:
                  - id: go
                    action: manual
                    with: { checklist: ['${{ params.table }}'] }
                """);
        Files.writeString(dir.resolve("broken.yml"), "runbook: 1\nname: [\n");
        Files.writeString(dir.resolve("restore.test.yaml"), "not: a runbook\n");

        // when
        Cli.Result r = cli().run("list", dir.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("restore ").contains("Restore the database").contains("params: table:string*")
                .contains("(does not parse: run 'runbook validate " + dir.resolve("broken.yml") + "')")
                .doesNotContain("restore.test.yaml")
                .endsWith("2 runbooks; * = required parameter\n");
    }

    @Test
    void jsonGivesNameTitleFileAndEveryParameterWithItsAttributes() throws IOException {
        // when
        Cli.Result r = cli().run("list", "--output", "json", RepoPaths.repo().resolve("runbooks-yaml").toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSizeGreaterThanOrEqualTo(7);
        JsonNode rb = null;
        for (JsonNode n : list) {
            if (n.get("name").asText().equals("lambda-alias-rollback")) {
                rb = n;
            }
        }
        assertThat(fieldNames(rb)).containsExactly("name", "title", "file", "parsed", "description", "parameters");
        assertThat(rb.get("name").asText()).isEqualTo("lambda-alias-rollback");
        assertThat(rb.get("title").asText()).isEqualTo("Roll a Lambda alias back to the previous version");
        assertThat(rb.get("file").asText()).endsWith("lambda-alias-rollback.yaml");
        assertThat(rb.get("parsed").asBoolean()).isTrue();
        List<String> params = new ArrayList<>();
        rb.get("parameters").forEach(p -> params.add(p.get("name").asText()));
        assertThat(params).containsExactly("function", "alias", "alarm", "watch");
        JsonNode function = rb.get("parameters").get(0);
        assertThat(fieldNames(function)).containsExactly("name", "type", "required", "default", "allowed", "secret",
                "description");
        assertThat(function.get("type").asText()).isEqualTo("string");
        assertThat(function.get("required").asBoolean()).isTrue();
        JsonNode watch = rb.get("parameters").get(3);
        assertThat(watch.get("type").asText()).isEqualTo("duration");
        assertThat(watch.get("default").asText()).isEqualTo("5m");
    }

    @Test
    void aSecretParameterDefaultIsNeverListed() throws IOException {
        // given
        Path f = Files.writeString(dir.resolve("secret.yaml"), """
                runbook: 1
                name: secretive
                parameters:
                  token: { type: string, secret: true, default: hunter2 }
                steps:
                  - id: go
                    action: manual
                    with: { checklist: ['${{ params.token }}'] }
                """);

        // when
        Cli.Result json = cli().run("list", "--output", "json", f.toString());
        Cli.Result text = cli().run("list", f.toString());

        // then
        assertThat(json.exitCode()).isZero();
        JsonNode token = new ObjectMapper().readTree(json.out()).get(0).get("parameters").get(0);
        assertThat(token.get("secret").asBoolean()).isTrue();
        assertThat(token.get("default").isNull()).isTrue();
        assertThat(json.out() + text.out()).doesNotContain("hunter2");
    }

    @Test
    void aMissingPathIsAnErrorWithExit2() {
        // when
        Cli.Result r = cli().run("list", dir.resolve("nowhere").toString());

        // then
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("runbook: " + dir.resolve("nowhere") + ": no such file or folder\n");
        ValidateIT.assertNoStackTrace(r);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
