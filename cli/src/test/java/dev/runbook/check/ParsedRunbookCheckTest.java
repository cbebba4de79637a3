package dev.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ValueType;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.graph.FakeAction;
import dev.runbook.model.Problem;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker on runbooks read by the real parser, with the built-in actions and stand-ins for AWS ones. */
class ParsedRunbookCheckTest {
    private static final ActionRegistry REGISTRY = registry();

    private static ActionRegistry registry() {
        List<Action> all = new ArrayList<>(new BuiltinActions().actions());
        all.add(FakeAction.named("aws.lambda.get-alias").required("function", ValueType.STRING)
                .optional("alias", ValueType.STRING).output("version").build());
        all.add(FakeAction.named("aws.lambda.previous-version").required("function", ValueType.STRING)
                .required("before", ValueType.STRING).output("version").build());
        all.add(FakeAction.named("aws.lambda.update-alias").mutating().required("function", ValueType.STRING)
                .required("alias", ValueType.STRING).required("version", ValueType.STRING).build());
        all.add(FakeAction.named("aws.cloudwatch.wait-alarm").required("alarm", ValueType.STRING)
                .optional("state", ValueType.STRING).build());
        return ActionRegistry.of(all);
    }

    private static List<String> check(String yaml) {
        ParseResult parsed = new RunbookParser().parse("rb.yaml", yaml);
        assertThat(parsed.problems()).as("parse problems").isEmpty();
        return new RunbookChecker(REGISTRY).check(parsed.runbook()).stream().map(Problem::format).toList();
    }

    @Test
    void cleanupStepsMayReadAnyMainStepButNeedOnlyCleanupStepsAndHaveUniqueIds() {
        List<String> fine = check(String.join("\n",
                "runbook: 1",
                "name: cleanup",
                "steps:",
                "  - id: a",
                "    action: aws.lambda.get-alias",
                "    with: { function: f }",
                "  - id: b",
                "    needs: []",
                "    action: sleep",
                "    with: { duration: 1s }",
                "cleanup:",
                "  - id: c",
                "    action: assert",
                "    with: { that: '${{ steps.a.outputs.version != \"\" }}' }",
                ""));
        List<String> bad = check(String.join("\n",
                "runbook: 1",
                "name: cleanup",
                "steps:",
                "  - id: a",
                "    action: sleep",
                "    with: { duration: 1s }",
                "cleanup:",
                "  - id: a",
                "    action: sleep",
                "    with: { duration: 1s }",
                "  - id: c",
                "    needs: [a]",
                "    on-failure: rollback",
                "    action: sleep",
                "    with: { duration: 1s }",
                ""));
        assertThat(fine).isEmpty();
        assertThat(bad).anyMatch(p -> p.contains("8:9") && p.contains("duplicate step id 'a'"))
                .anyMatch(p -> p.contains("on-failure: rollback: a clean-up is not rolled back"));
    }

    @Test
    void anMtpdShorterThanTheRtoIsAWarningAtTheObjectives() {
        List<String> problems = check(String.join("\n",
                "runbook: 1",
                "name: mtpd",
                "objectives: { rto: 1h, mtpd: 30m }",
                "steps:",
                "  - id: a",
                "    action: sleep",
                "    with: { duration: 1s }",
                ""));
        List<String> fine = check(String.join("\n",
                "runbook: 1",
                "name: mtpd",
                "objectives: { rto: 1h, mtpd: 4h }",
                "steps:",
                "  - id: a",
                "    action: sleep",
                "    with: { duration: 1s }",
                ""));

        assertThat(problems).singleElement().asString().startsWith("rb.yaml:3:13: warning: objectives: mtpd 30m00s "
                + "is shorter than the rto 1h00m: a recovery that meets its RTO could still exceed the MTPD");
        assertThat(fine).isEmpty();
    }

    @Test
    void anMbcoStepThatIsNotAStepIsAnErrorAtItsValue() {
        List<String> problems = check(String.join("\n",
                "runbook: 1",
                "name: mbco",
                "objectives: { rto: 1h, mbco: { level: half capacity, step: chek } }",
                "steps:",
                "  - id: check",
                "    action: sleep",
                "    with: { duration: 1s }",
                ""));
        assertThat(problems).singleElement().asString()
                .isEqualTo("rb.yaml:3:60: unknown step 'chek' in objectives.mbco.step, did you mean 'check'?");
    }

    @Test
    void theFormatPagesExampleHasNoErrorsOnlyItsUnusedParameters() {
        // given
        ParseResult parsed = new RunbookParser().parse(Path.of("src/test/resources/parse/valid/format-example.yaml"));

        // when
        List<Problem> problems = new RunbookChecker(REGISTRY).check(parsed.runbook());

        // then
        assertThat(problems).extracting(Problem::format).containsExactly(
                "src/test/resources/parse/valid/format-example.yaml:10:3: warning: parameter 'region' is never used",
                "src/test/resources/parse/valid/format-example.yaml:12:3: warning: parameter 'token' is never used");
    }

    @Test
    void reportsEachProblemAtItsLineAndColumnInTheFile() {
        // given
        String yaml = String.join("\n",
                "runbook: 1",
                "name: demo-runbook",
                "parameters:",
                "  table: { type: string, default: t }",
                "steps:",
                "  - id: first",
                "    action: sleep",
                "    with: { duration: 5 minutes }",
                "  - id: second",
                "    action: slep",
                "    needs: [frist]",
                "  - id: third",
                "    action: assert",
                "    with: { that: '${{ params.tabel == steps.fourth.status }}' }",
                "  - id: fourth",
                "    action: exec",
                "    with: { command: [rm, -rf, /tmp/x] }",
                "    if: false",
                "  - id: fifth",
                "    action: sleep",
                "    needs: [fourth]",
                "    with: { duration: 1s }",
                "    timeout: 0s",
                "");

        // when
        List<String> problems = check(yaml);

        // then
        assertThat(problems).containsExactly(
                "rb.yaml:4:3: warning: parameter 'table' is never used",
                "rb.yaml:8:23: input 'duration' of action 'sleep' wants a duration (e.g. 90s, 15m, 1h30m or PT15M),"
                        + " got '5 minutes'",
                "rb.yaml:10:13: unknown action 'slep', did you mean 'sleep'?",
                "rb.yaml:11:13: unknown step 'frist' in needs, did you mean 'first'?",
                "rb.yaml:14:19: unknown parameter 'tabel' in params.tabel, did you mean 'table'?",
                "rb.yaml:14:19: step 'third' reads steps.fourth.status, but 'fourth' does not run before 'third';"
                        + " add 'fourth' to needs",
                "rb.yaml:15:5: warning: step 'fourth' changes things (exec is mutating) but has no confirm:",
                "rb.yaml:23:14: timeout of step 'fifth' is 0: the step would fail at once");
    }
}
