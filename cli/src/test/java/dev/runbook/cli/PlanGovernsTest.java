package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry-run shows, for each planned step, what governs it besides its request (issue 13): region and account for an
 * AWS step, timeout, retry, check, on-failure, the undo request a rollback would send, and the bound a wait really
 * has; the JSON events carry the same as fields of step-planned. No AWS credentials and no endpoint are given: a
 * dry-run calls nothing, so it succeeds.
 */
class PlanGovernsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void writeRunbook() throws IOException {
        file = dir.resolve("plan.yaml");
        Files.writeString(file, """
                runbook: 1
                name: plan-governs
                on-failure: rollback
                steps:
                  - id: flip
                    title: Flip the flag
                    action: exec
                    with: { command: [echo, flip] }
                    timeout: 2m
                    retry: { attempts: 3, delay: 5s, backoff: 2.0, max-delay: 1m }
                    check: '${{ outputs.exitCode == 0 }}'
                    on-failure: continue
                    confirm: true
                    undo:
                      action: exec
                      with: { command: [echo, 'unflip ${{ steps.flip.outputs.stdout }}'] }
                  - id: describe
                    action: aws.dynamodb.describe-table
                    with: { table: orders }
                  - id: settle
                    action: wait
                    timeout: 5m
                    with:
                      action: aws.dynamodb.describe-table
                      with: { table: orders }
                      until: '${{ outputs.status == "ACTIVE" }}'
                      max-wait: 30m
                  - id: soon
                    action: wait
                    timeout: 1h
                    with: { step: describe, until: '${{ outputs.status == "ACTIVE" }}', max-wait: 10m }
                  - id: health
                    action: aws.route53.get-health-check-status
                    with: { health-check: abc }
                """);
    }

    /** No credentials, no profile files: the developer's own AWS setup never reaches the test. */
    private Cli cliWithoutAws() {
        return cli().env("HOME", dir.toString());
    }

    @Test
    void theTextPlanShowsWhatGovernsEachStep() {
        Cli.Result r = cliWithoutAws().run("run", file.toString(), "--dry-run", "--region", "eu-west-1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String out = r.out();
        assertThat(out).contains("   asks: ")
                .contains("   governs: timeout: 2m \u00B7 retry: 3 attempts, delay 5s, backoff x2, max-delay 1m"
                        + " \u00B7 check: outputs.exitCode == 0 \u00B7 on-failure: continue")
                .contains("   undo exec \u2192 echo 'unflip <steps.flip.outputs.stdout>'")
                .contains("   governs: region: eu-west-1 \u00B7 account: known at run time \u00B7 on-failure: rollback")
                .contains("   governs: region: eu-west-1 \u00B7 account: known at run time \u00B7 timeout: 5m"
                        + " \u00B7 on-failure: rollback")
                .contains("   gives up after 5m: the step's timeout is shorter than the action's own limit")
                .contains("   governs: region: global (Route 53) \u00B7 account: known at run time")
                .doesNotContain("gives up after 1h");
        // the wait whose own max-wait is shorter than its timeout: its preview already says so, nothing more
        String soon = out.substring(out.indexOf("soon \u00B7 wait"));
        assertThat(soon).contains("gives up after 10m").doesNotContain("the step's timeout is shorter");
        // a step without retry, check or timeout says nothing about them
        String describe = out.substring(out.indexOf("describe \u00B7 aws.dynamodb.describe-table"), out.indexOf("settle \u00B7"));
        assertThat(describe).doesNotContain("retry").doesNotContain("timeout").doesNotContain("check");
    }

    @Test
    void theRegionIsTheOneTheRunWouldUse() {
        Cli.Result fromEnv = cliWithoutAws().env("AWS_REGION", "ap-south-1").run("run", file.toString(), "--dry-run");
        assertThat(fromEnv.out()).as(fromEnv.toString()).contains("region: ap-south-1 \u00B7 account: known at run time");

        Cli.Result flagWins = cliWithoutAws().env("AWS_REGION", "ap-south-1")
                .run("run", file.toString(), "--dry-run", "--region", "eu-west-1");
        assertThat(flagWins.out()).as(flagWins.toString()).contains("region: eu-west-1").doesNotContain("ap-south-1");

        Cli.Result none = cliWithoutAws().run("run", file.toString(), "--dry-run");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).contains("region: the profile's (no --region or AWS_REGION) \u00B7 account: known at run time");
    }

    @Test
    void theJsonPlanCarriesTheSameAsFieldsOfStepPlanned() throws Exception {
        Cli.Result r = cliWithoutAws().run("run", file.toString(), "--dry-run", "--region", "eu-west-1",
                "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, JsonNode> planned = new HashMap<>();
        for (String line : r.out().split("\n")) {
            JsonNode e = JSON.readTree(line);
            if (e.path("event").asText().equals("step-planned")) {
                planned.put(e.path("step").asText(), e);
            }
        }
        JsonNode flip = planned.get("flip");
        assertThat(flip.path("timeout").asText()).isEqualTo("2m");
        assertThat(flip.path("retry").toString())
                .isEqualTo("{\"attempts\":3,\"delay\":\"5s\",\"backoff\":2.0,\"maxDelay\":\"1m\"}");
        assertThat(flip.path("check").asText()).isEqualTo("${{ outputs.exitCode == 0 }}");
        assertThat(flip.path("onFailure").asText()).isEqualTo("continue");
        assertThat(flip.path("undo").path("action").asText()).isEqualTo("exec");
        assertThat(flip.path("undo").path("preview").path("summary").asText())
                .isEqualTo("echo 'unflip <steps.flip.outputs.stdout>'");
        assertThat(flip.has("region")).isFalse();
        assertThat(flip.path("prompts")).hasSize(1);

        JsonNode describe = planned.get("describe");
        assertThat(describe.path("system").asText()).isEqualTo("aws");
        assertThat(describe.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(describe.has("account")).isTrue();
        assertThat(describe.path("account").isNull()).isTrue();
        assertThat(describe.path("onFailure").asText()).isEqualTo("rollback");
        assertThat(describe.has("retry")).isFalse();
        assertThat(describe.has("undo")).isFalse();

        JsonNode settle = planned.get("settle");
        assertThat(settle.path("boundMs").asLong()).isEqualTo(300_000L);
        assertThat(settle.path("boundBy").asText()).isEqualTo("timeout");
        JsonNode soon = planned.get("soon");
        assertThat(soon.path("boundMs").asLong()).isEqualTo(600_000L);
        assertThat(soon.path("boundBy").asText()).isEqualTo("action");
    }

    @Test
    void aStepGovernedByDefaultsOnlyHasNoGovernsLine() throws IOException {
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, """
                runbook: 1
                name: plain
                steps:
                  - id: hello
                    action: exec
                    with: { command: [echo, hello] }
                """);

        Cli.Result r = cliWithoutAws().run("run", plain.toString(), "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("   \u2192 echo hello").doesNotContain("governs:").doesNotContain("undo");
    }

    @Test
    void anUndoThatCannotBeRenderedIsShownAsInvalidWithoutFailingThePlan() throws IOException {
        Path broken = dir.resolve("broken-undo.yaml");
        Files.writeString(broken, """
                runbook: 1
                name: broken-undo
                parameters:
                  n: { type: integer, default: 0 }
                steps:
                  - id: flip
                    action: exec
                    with: { command: [echo, flip] }
                    undo:
                      action: exec
                      with: { command: [echo, '${{ 10 / params.n }}'] }
                """);

        Cli.Result r = cliWithoutAws().run("run", broken.toString(), "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("   undo exec \u2192 invalid: ").contains("division by zero");
    }
}
