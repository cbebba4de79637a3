package dev.runbook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionRegistry;
import dev.runbook.actions.aws.AwsActions;
import dev.runbook.actions.builtin.BuiltinActions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookTestsTest {
    private static final String RUNBOOK = """
            runbook: 1
            name: fixture-demo
            parameters:
              table: { type: string, required: true, description: a table }
            steps:
              - id: describe
                action: aws.dynamodb.describe-table
                with: { table: '${{ params.table }}' }
                check: '${{ outputs.status == "ACTIVE" }}'
              - id: pause
                action: sleep
                with: { duration: 6h }
              - id: poll
                action: wait
                with: { step: describe, until: 'outputs.itemCount >= 3', interval: 1m }
                timeout: 1h
              - id: remove
                action: aws.dynamodb.delete-table
                with: { table: '${{ params.table }}' }
                confirm: { type: '${{ params.table }}' }
              - id: shell
                action: exec
                with: { command: [echo, hi], read-only: true }
            """;

    @TempDir
    Path dir;

    private List<CaseResult> run(String testFile) throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), RUNBOOK);
        Path t = dir.resolve("demo.test.yaml");
        Files.writeString(t, testFile);
        return new RunbookTests(ActionRegistry.of(new BuiltinActions(), new AwsActions())).run(List.of(t));
    }

    private static String describe(String status, int items) {
        return "{ outputs: { table: orders, arn: x, status: " + status + ", itemCount: " + items
                + ", sizeBytes: 1, keys: {}, restoredFrom: null } }";
    }

    @Test
    void aCaseWithFixturesForEveryOutsideCallPassesWithoutSleepingOrCallingAws() throws IOException {
        // given: the wait polls through three describe answers, the sleep is six hours of fake time
        String test = """
                runbook: demo.yaml
                params: { table: orders }
                cases:
                  - name: happy
                    answers: { confirm: { remove: orders } }
                    steps:
                      describe:
                        calls:
                          - %s
                          - { outputs: { table: orders, arn: x, status: ACTIVE, itemCount: 1, sizeBytes: 1, keys: {}, restoredFrom: null }, times: 2 }
                          - %s
                      remove: { outputs: { status: DELETING } }
                      shell: { outputs: { exitCode: 0, stdout: hi, stderr: '' } }
                    expect:
                      status: succeeded
                      steps: { pause: succeeded, poll: succeeded, remove: succeeded }
                      outputs: { remove.status: DELETING, poll.itemCount: 3, shell.exitCode: 0 }
                """.formatted(describe("ACTIVE", 0), describe("ACTIVE", 3));

        // when
        List<CaseResult> results = run(test);

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.message()).isNull();
            assertThat(r.passed()).isTrue();
            assertThat(r.runbook()).isEqualTo("fixture-demo");
            assertThat(r.testCase()).isEqualTo("happy");
        });
    }

    @Test
    void aFixtureGivingAnUndeclaredOutputFailsTheCaseNamingTheOutputAndTheDeclaredOnes() throws IOException {
        // given
        String test = """
                runbook: fixture-demo
                cases:
                  - name: typo
                    params: { table: orders }
                    steps:
                      describe: { outputs: { tableStatus: ACTIVE } }
                    expect: { status: failed }
                """;

        // when
        List<CaseResult> results = run(test);

        // then: even though the run did fail as expected, the mismatch fails the case
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).contains("demo.test.yaml:6:")
                    .contains("gives output 'tableStatus', which aws.dynamodb.describe-table does not declare")
                    .contains("table, arn, status, itemCount");
        });
    }

    @Test
    void aStepThatCallsTheOutsideWorldWithoutAFixtureFailsTheCase() throws IOException {
        // given: no fixture for the exec step
        String test = """
                runbook: demo.yaml
                cases:
                  - name: forgot the exec
                    params: { table: orders }
                    answers: { confirm: { remove: orders } }
                    steps:
                      describe: %s
                      remove: { outputs: { status: DELETING } }
                    expect: { status: succeeded }
                """.formatted(describe("ACTIVE", 5));

        // when
        List<CaseResult> results = run(test);

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).isEqualTo("step 'shell' (exec) calls the outside world and has no fixture:"
                    + " give steps.shell.outputs or .error in the test case");
        });
    }

    @Test
    void anExpectationThatDoesNotHoldSaysWhatHappenedInstead() throws IOException {
        // given: the table is not ACTIVE, so describe's check fails
        String test = """
                runbook: demo.yaml
                cases:
                  - name: wrong expectation
                    params: { table: orders }
                    steps:
                      describe: %s
                    expect:
                      status: succeeded
                      steps: { remove: succeeded }
                """.formatted(describe("CREATING", 0));

        // when
        List<CaseResult> results = run(test);

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).startsWith("the run failed (expected succeeded): step 'describe' failed")
                    .contains("step 'remove' not-run (expected succeeded)");
        });
    }

    @Test
    void anErrorFixtureFailsTheStepWithItsMessage() throws IOException {
        // given
        String test = """
                runbook: demo.yaml
                cases:
                  - name: missing table
                    params: { table: orders }
                    steps:
                      describe: { error: "table 'orders' not found" }
                    expect:
                      status: failed
                      steps: { describe: failed, pause: not-run }
                      message: "table 'orders' not found"
                """;

        // then
        assertThat(run(test)).singleElement().satisfies(r -> assertThat(r.passed()).as(r.message()).isTrue());
    }

    @Test
    void aRenderedInputOfTheWrongTypeFailsTheCaseAsTheRealActionWould() throws IOException {
        // given: a runbook whose input renders to a list where a string is declared
        Files.writeString(dir.resolve("bad-input.yaml"), """
                runbook: 1
                name: bad-input
                parameters:
                  n: { type: integer, default: 3 }
                steps:
                  - id: count
                    action: aws.dynamodb.count-items
                    with: { table: '${{ [params.n] }}' }
                """);
        Path t = dir.resolve("bad.test.yaml");
        Files.writeString(t, """
                runbook: bad-input.yaml
                cases:
                  - name: list for a string
                    steps:
                      count: { outputs: { count: 1 } }
                    expect: { status: succeeded }
                """);

        // when
        List<CaseResult> results = new RunbookTests(ActionRegistry.of(new BuiltinActions(), new AwsActions())).run(List.of(t));

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).isEqualTo("step 'count': input 'table' of aws.dynamodb.count-items must be a"
                    + " single value, got [3]");
        });
    }

    @Test
    void aMistakeInTheTestFileIsReportedAtItsFileLineAndColumn() throws IOException {
        // given: 'expected' instead of 'expect'
        String test = """
                runbook: demo.yaml
                cases:
                  - name: typo
                    expected: { status: failed }
                """;

        // when
        List<CaseResult> results = run(test);

        // then
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.testCase()).isEqualTo("(test file)");
            assertThat(r.message()).endsWith("demo.test.yaml:4:5: unknown key 'expected' (expected one of"
                    + " [answers, expect, name, now, params, steps])");
        });
    }

    @Test
    void aRunbookNamedButNotFoundIsOneFailureSayingWhereItLooked() throws IOException {
        // given
        String test = """
                runbook: no-such-runbook
                cases:
                  - { name: x, expect: { status: succeeded } }
                """;

        // then
        assertThat(run(test)).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.message()).contains(":1:10: no runbook named 'no-such-runbook'");
        });
    }

    @Test
    void foldersAreSearchedForTestFilesOnly() throws IOException {
        // given
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("demo.yaml"), RUNBOOK);
        Files.writeString(dir.resolve("tests/a.test.yaml"), "runbook: ../demo.yaml\ncases: []\n");

        // when
        List<Path> found = RunbookTests.find(List.of(dir.toString()));

        // then
        assertThat(found).containsExactly(dir.resolve("tests/a.test.yaml"));
    }

    @Test
    void valuesCompareAsYamlWritesThemNumbersByValue() {
        assertThat(RunbookTests.sameValue(3L, 3)).isTrue();
        assertThat(RunbookTests.sameValue(3L, 3.0)).isTrue();
        assertThat(RunbookTests.sameValue(List.of(1L), List.of(1))).isTrue();
        assertThat(RunbookTests.sameValue("3", 3)).isFalse();
    }
}
