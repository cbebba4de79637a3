package dev.runbook.check;

import static dev.runbook.action.ValueType.BOOLEAN;
import static dev.runbook.action.ValueType.DURATION;
import static dev.runbook.action.ValueType.EXPRESSION;
import static dev.runbook.action.ValueType.INTEGER;
import static dev.runbook.action.ValueType.LIST;
import static dev.runbook.action.ValueType.MAP;
import static dev.runbook.action.ValueType.STRING;
import static dev.runbook.action.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionRegistry;
import dev.runbook.graph.FakeAction;
import dev.runbook.graph.TestRunbook;
import dev.runbook.model.Location;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookCheckerTest {
    static final ActionRegistry REGISTRY = ActionRegistry.of(List.of(
            FakeAction.named("aws.lambda.get-alias").required("function", STRING).optional("alias", STRING)
                    .output("version").build(),
            FakeAction.named("aws.lambda.update-alias").mutating().required("function", STRING)
                    .optional("alias", STRING).required("version", STRING).output("previous").build(),
            FakeAction.named("sleep").required("duration", DURATION).build(),
            FakeAction.named("assert").required("that", EXPRESSION).optional("message", STRING).build(),
            FakeAction.named("wait").required("until", EXPRESSION).optional("step", STRING)
                    .optional("interval", DURATION).optional("action", STRING).optional("with", MAP).openOutputs().build(),
            FakeAction.named("manual").mutating().optional("checklist", LIST).output("acknowledgedBy").build(),
            FakeAction.named("exec").mutating().required("command", LIST).optional("read-only", BOOLEAN)
                    .output("stdout").output("exitCode").build(),
            FakeAction.named("scale").required("count", INTEGER).optional("force", BOOLEAN)
                    .optional("at", TIMESTAMP).optional("tags", MAP).build(),
            FakeAction.named("noop").build()));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);

    private final RunbookChecker checker = new RunbookChecker(REGISTRY, CLOCK);

    private static TestRunbook rb() {
        return TestRunbook.runbook();
    }

    private static Step step(Runbook rb, String id) {
        return rb.step(id).orElseThrow();
    }

    private List<Problem> errors(Runbook rb) {
        return checker.check(rb).stream().filter(Problem::isError).toList();
    }

    private List<Problem> warnings(Runbook rb) {
        return checker.check(rb).stream().filter(p -> !p.isError()).toList();
    }

    private static Problem only(List<Problem> problems) {
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    // ---- a clean runbook ----

    static Runbook lambdaRollback() {
        return rb()
                .param("function", ParamType.STRING, p -> p.required().pattern("^[A-Za-z0-9_-]{1,64}$"))
                .param("alias", ParamType.STRING, p -> p.defaultValue("live"))
                .param("region", ParamType.STRING, p -> p.defaultValue("us-east-1").allowed("us-east-1", "eu-west-1"))
                .param("watch", ParamType.DURATION, p -> p.defaultValue("5m"))
                .step("current", s -> s.title("Read the alias in ${{ params.region }}").action("aws.lambda.get-alias")
                        .with("function", "${{ params.function }}", "alias", "${{ params.alias }}"))
                .step("announce", s -> s.action("manual").with("checklist", List.of("Incident declared")))
                .step("rollback", s -> s.action("aws.lambda.update-alias")
                        .with("function", "${{ params.function }}", "version", "${{ steps.current.outputs.version }}")
                        .confirmTyped("${{ params.function }}")
                        .undo("aws.lambda.update-alias", "function", "${{ params.function }}",
                                "version", "${{ steps.rollback.outputs.previous }}"))
                .step("quiet", s -> s.action("wait").with("until", "steps.current.status == 'ok'",
                        "step", "current").timeout("${{ params.watch }}").check("${{ outputs.anything != '' }}")
                        .onFailure(OnFailure.ROLLBACK))
                .build();
    }

    @Test
    void aValidRunbookHasNoProblems() {
        // given
        Runbook rb = lambdaRollback();

        // when
        List<Problem> problems = checker.check(rb);

        // then
        assertThat(problems).isEmpty();
    }

    // ---- ids, needs, cycles ----

    @Test
    void reportsADuplicateStepIdWhereItIsRepeatedAndNamesTheFirst() {
        // given
        Runbook rb = rb().step("a", s -> { }).step("b", s -> { }).step("a", s -> { }).build();
        Location first = rb.steps().get(0).id().location();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(rb.steps().get(2).id().location());
        assertThat(p.message()).isEqualTo("duplicate step id 'a' (first at " + first.line() + ":" + first.column() + ")");
        assertThat(errors(rb().step("a", s -> { }).step("b", s -> { }).build())).isEmpty();
    }

    @Test
    void reportsAnUnknownStepInNeedsAtThatEntryWithASuggestion() {
        // given
        Runbook rb = rb().step("pitr-check", s -> { }).step("restore", s -> s.needs("pitr-chek")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "restore").needs().get(0).location());
        assertThat(p.message()).isEqualTo("unknown step 'pitr-chek' in needs, did you mean 'pitr-check'?");
        assertThat(errors(rb().step("pitr-check", s -> { }).step("restore", s -> s.needs("pitr-check")).build()))
                .isEmpty();
    }

    @Test
    void reportsAStepThatNeedsItself() {
        // given
        Runbook rb = rb().step("a", s -> { }).step("b", s -> s.needs("a", "b")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "b").needs().get(1).location());
        assertThat(p.message()).isEqualTo("step 'b' needs itself");
    }

    @Test
    void reportsACycleOnceAtItsFirstStepNamedByItsPath() {
        // given
        Runbook rb = TestRunbook.ofSteps("a<-c", "b<-a", "c<-b");

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "a").location());
        assertThat(p.message()).contains("a -> b -> c -> a");
        assertThat(errors(TestRunbook.ofSteps("a", "b", "c"))).isEmpty();
    }

    // ---- actions and inputs ----

    @Test
    void reportsAnUnknownActionWithTheClosestName() {
        // given
        Runbook rb = rb().step("a", s -> s.action("aws.lambda.get-alais").with("function", "f")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "a").action().location());
        assertThat(p.message()).isEqualTo("unknown action 'aws.lambda.get-alais', did you mean 'aws.lambda.get-alias'?");
    }

    @Test
    void reportsAnUnknownUndoAction() {
        // given
        Runbook rb = rb().step("a", s -> s.action("noop").undo("nop")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "a").undo().action().location());
        assertThat(p.message()).isEqualTo("unknown action 'nop', did you mean 'noop'?");
        assertThat(errors(rb().step("a", s -> s.action("noop").undo("noop")).build())).isEmpty();
    }

    @Test
    void reportsAnUnknownInputAtItsKeyWithASuggestion() {
        // given
        Runbook rb = rb().step("a", s -> s.action("aws.lambda.get-alias").with("function", "f", "alais", "x"))
                .build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "a").with().entry("alais").keyLocation());
        assertThat(p.message()).isEqualTo("unknown input 'alais' of action 'aws.lambda.get-alias', did you mean 'alias'?");
        assertThat(p.hint()).isEqualTo("its inputs: function, alias");
    }

    @Test
    void reportsAnUnknownInputOfAnUndo() {
        // given
        Runbook rb = rb().step("a", s -> s.action("noop").undo("sleep", "duration", "1s", "durations", "2s")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "a").undo().with().entry("durations").keyLocation());
        assertThat(p.message()).contains("unknown input 'durations' of action 'sleep', did you mean 'duration'?");
    }

    @Test
    void reportsAMissingRequiredInputAtWithOrAtTheActionWhenWithIsEmpty() {
        // given
        Runbook withSome = rb().step("a", s -> s.action("aws.lambda.get-alias").with("alias", "live")).build();
        Runbook withNone = rb().step("a", s -> s.action("aws.lambda.get-alias")).build();

        // when
        Problem some = only(errors(withSome));
        Problem none = only(errors(withNone));

        // then
        assertThat(some.location()).isEqualTo(step(withSome, "a").with().location());
        assertThat(some.message()).startsWith("action 'aws.lambda.get-alias' needs input 'function'");
        assertThat(none.location()).isEqualTo(step(withNone, "a").action().location());
    }

    @Test
    void reportsLiteralValuesOfTheWrongType() {
        // given
        Runbook rb = rb()
                .step("a", s -> s.action("scale").with("count", "abc", "force", List.of(true), "at", "yesterday",
                        "tags", "x"))
                .step("b", s -> s.action("sleep").with("duration", "5 minutes"))
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        assertThat(problems).extracting(Problem::message).containsExactly(
                "input 'count' of action 'scale' wants an integer, got 'abc'",
                "input 'force' of action 'scale' wants true or false, got a list",
                "input 'at' of action 'scale' wants a timestamp (ISO-8601 with a zone, now, or now-10m), got 'yesterday'",
                "input 'tags' of action 'scale' wants a mapping, got 'x'",
                "input 'duration' of action 'sleep' wants a duration (e.g. 90s, 15m, 1h30m or PT15M), got '5 minutes'");
        assertThat(problems.get(0).location()).isEqualTo(step(rb, "a").with().get("count").location());
        assertThat(problems.get(4).location()).isEqualTo(step(rb, "b").with().get("duration").location());
    }

    @Test
    void acceptsLiteralValuesOfTheRightTypeAndDoesNotTypeCheckExpressions() {
        // given
        Runbook rb = rb()
                .param("n", ParamType.STRING, p -> p.defaultValue("x"))
                .step("a", s -> s.action("scale").with("count", "12", "force", true, "at", "now-10m",
                        "tags", Map.of("team", "db")))
                .step("b", s -> s.action("scale").with("count", 3, "at", "2026-11-22T03:00:00Z"))
                .step("c", s -> s.action("scale").with("count", "${{ params.n }}", "force", "${{ params.n }}"))
                .step("d", s -> s.action("sleep").with("duration", "1h30m"))
                .build();

        // when / then
        assertThat(errors(rb)).isEmpty();
    }

    // ---- expressions ----

    @Test
    void reportsExpressionsThatDoNotParseOrLeaveTheSandboxInEveryField() {
        // given
        Runbook rb = rb()
                .step("a", s -> s.title("Title ${{ 1 + }}").action("assert")
                        .with("that", "x.getClass()")
                        .when("${{ ) }}")
                        .check("a &&")
                        .timeout("${{ ( }}")
                        .confirmTyped("${{ * }}")
                        .undo("noop", "x", "${{ ] }}")
                        .instructions("Do ${{ + }}")
                        .outputs("v", "${{ outputs. }}"))
                .rpoFrom("${{ 1 + }}")
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        Step a = step(rb, "a");
        assertThat(problems).extracting(Problem::location).contains(
                a.location(), a.with().get("that").location(), a.condition().location(), a.check().location(),
                a.timeout().location(), ((dev.runbook.model.Confirm.Typed) a.confirm()).value().location(),
                a.undo().with().get("x").location(), a.outputs().get("v").location(),
                rb.objectives().rpoFrom().location());
        assertThat(problems).filteredOn(p -> p.location().equals(a.with().get("that").location()))
                .extracting(Problem::message).singleElement().asString().contains("is not allowed: method calls");
        assertThat(problems).filteredOn(p -> p.location().equals(a.condition().location()))
                .extracting(Problem::message).singleElement().asString().contains("does not parse");
    }

    @Test
    void reportsAnUnknownParameterWithASuggestion() {
        // given
        Runbook rb = rb().param("table", ParamType.STRING, p -> p.defaultValue("t"))
                .step("a", s -> s.action("noop").when("${{ params.tabel == 'x' }}"))
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        Problem p = only(problems);
        assertThat(p.location()).isEqualTo(step(rb, "a").condition().location());
        assertThat(p.message()).isEqualTo("unknown parameter 'tabel' in params.tabel, did you mean 'table'?");
    }

    @Test
    void reportsAReferenceToAnUnknownStep() {
        // given
        Runbook rb = rb().step("pitr-check", s -> s.action("noop"))
                .step("b", s -> s.action("noop").when("steps.pitr-chek.status == 'ok'")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "b").condition().location());
        assertThat(p.message()).isEqualTo("unknown step 'pitr-chek' in steps.pitr-chek.status, did you mean 'pitr-check'?");
    }

    @Test
    void reportsAnOutputTheActionDoesNotDeclare() {
        // given
        Runbook rb = rb().step("current", s -> s.action("aws.lambda.get-alias").with("function", "f"))
                .step("b", s -> s.action("noop").when("${{ steps.current.outputs.verison == '1' }}")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "b").condition().location());
        assertThat(p.message()).isEqualTo("step 'current' has no output 'verison', did you mean 'version'?");
        assertThat(p.hint()).isEqualTo("its outputs: version");
    }

    @Test
    void acceptsOutputsOfOpenActionsAndOutputsTheStepDefinesItself() {
        // given
        Runbook rb = rb()
                .step("current", s -> s.action("aws.lambda.get-alias").with("function", "f")
                        .outputs("major", "${{ outputs.version }}"))
                .step("poll", s -> s.action("wait").with("until", "outputs.state == 'OK'"))
                .step("b", s -> s.action("noop").when("${{ steps.current.outputs.major == steps.poll.outputs.state }}"))
                .build();

        // when / then
        assertThat(checker.check(rb)).isEmpty();
    }

    @Test
    void reportsAStepFieldOtherThanOutputsOrStatus() {
        // given
        Runbook rb = rb().step("a", s -> s.action("noop"))
                .step("b", s -> s.action("noop").when("${{ steps.a.output.x == 1 }}")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.message()).isEqualTo("unknown name 'steps.a.output.x', did you mean 'outputs'?");
        assertThat(p.location()).isEqualTo(step(rb, "b").condition().location());
    }

    @Test
    void reportsUnknownRootsAndOutputsOutsideCheck() {
        // given
        Runbook rb = rb()
                .step("a", s -> s.action("noop").when("${{ param.x == 1 }}"))
                .step("b", s -> s.action("noop").when("${{ outputs.x == 1 }}"))
                .step("c", s -> s.action("aws.lambda.get-alias").with("function", "f")
                        .check("${{ outputs.version != '' }}"))
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).message()).isEqualTo("unknown name 'param' in expression, did you mean 'params'?");
        assertThat(problems.get(0).location()).isEqualTo(step(rb, "a").condition().location());
        assertThat(problems.get(1).message()).startsWith("'outputs.x' can only be read in check:");
        assertThat(problems.get(1).location()).isEqualTo(step(rb, "b").condition().location());
    }

    @Test
    void reportsAnUndeclaredOutputReadInCheck() {
        // given
        Runbook rb = rb().step("c", s -> s.action("aws.lambda.get-alias").with("function", "f")
                .check("outputs.versoin != ''")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.message()).isEqualTo("step 'c' has no output 'versoin', did you mean 'version'?");
    }

    @Test
    void reportsAnUnknownRunField() {
        // given
        Runbook rb = rb().step("a", s -> s.action("noop").title("Run ${{ run.ids }}")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.message()).isEqualTo("unknown name 'run.ids', did you mean 'id'?");
        assertThat(p.location()).isEqualTo(step(rb, "a").location());
        assertThat(errors(rb().step("a", s -> s.action("noop").title("Run ${{ run.id }} ${{ run.dry }} "
                + "${{ run.started }}")).build())).isEmpty();
    }

    @Test
    void reportsAReadOfAStepThatDoesNotRunBefore() {
        // given: b follows a; c starts on its own, so b cannot rely on it
        Runbook rb = rb()
                .step("a", s -> s.action("noop"))
                .step("b", s -> s.action("aws.lambda.get-alias").with("function", "${{ steps.c.outputs.version }}"))
                .step("c", s -> s.action("aws.lambda.get-alias").with("function", "f").needs())
                .build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "b").with().get("function").location());
        assertThat(p.message()).isEqualTo(
                "step 'b' reads steps.c.outputs.version, but 'c' does not run before 'b'; add 'c' to needs");
    }

    @Test
    void acceptsReadsOfAncestorsAndAnUndoReadingItsOwnStep() {
        // given
        Runbook rb = rb()
                .step("c", s -> s.action("aws.lambda.get-alias").with("function", "f").needs())
                .step("a", s -> s.action("noop").needs())
                .step("b", s -> s.action("aws.lambda.get-alias").needs("a", "c")
                        .with("function", "${{ steps.c.outputs.version }}")
                        .undo("aws.lambda.get-alias", "function", "${{ steps.b.outputs.version }}"))
                .build();

        // when / then
        assertThat(errors(rb)).isEmpty();
    }

    @Test
    void reportsAStepReadingItsOwnOutputsOutsideUndo() {
        // given
        Runbook rb = rb().step("b", s -> s.action("aws.lambda.get-alias")
                .with("function", "${{ steps.b.outputs.version }}")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.message()).isEqualTo("step 'b' reads steps.b.outputs.version, its own result, before it has run");
    }

    @Test
    void reportsAWaitThatPollsAnUnknownOrLaterStep() {
        // given
        Runbook rb = rb()
                .step("w1", s -> s.action("wait").with("until", "true", "step", "probe"))
                .step("w2", s -> s.action("wait").with("until", "true", "step", "prob"))
                .step("probe", s -> s.action("noop"))
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).location()).isEqualTo(step(rb, "w1").with().get("step").location());
        assertThat(problems.get(0).message())
                .isEqualTo("step 'w1' polls step 'probe', but 'probe' does not run before 'w1'; add 'probe' to needs");
        assertThat(problems.get(1).location()).isEqualTo(step(rb, "w2").with().get("step").location());
        assertThat(problems.get(1).message()).isEqualTo("wait polls unknown step 'prob', did you mean 'probe'?");
    }

    @Test
    void checksTheActionAWaitPollsLikeAStepsAction() {
        // given
        Runbook rb = rb()
                .step("w1", s -> s.action("wait").with("until", "outputs.version == '2'",
                        "action", "aws.lambda.get-alais", "with", Map.of("function", "f")))
                .step("w2", s -> s.action("wait").with("until", "outputs.version == '2'",
                        "action", "aws.lambda.get-alias", "with", Map.of("functoin", "f")))
                .step("w3", s -> s.action("wait").with("until", "outputs.version == '2'",
                        "action", "aws.lambda.get-alias", "with", Map.of("function", "f")))
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        assertThat(problems).extracting(Problem::message).containsExactly(
                "unknown action 'aws.lambda.get-alais', did you mean 'aws.lambda.get-alias'?",
                "action 'aws.lambda.get-alias' needs input 'function' (function)",
                "unknown input 'functoin' of action 'aws.lambda.get-alias', did you mean 'function'?");
        assertThat(problems.get(0).location()).isEqualTo(step(rb, "w1").with().get("action").location());
    }

    // ---- parameters ----

    @Test
    void reportsDefaultsThatDoNotFitTheirTypePatternOrAllowedValues() {
        // given
        Runbook rb = rb()
                .param("count", ParamType.INTEGER, p -> p.defaultValue("abc"))
                .param("fn", ParamType.STRING, p -> p.pattern("^[a-z]+$").defaultValue("Bad Name"))
                .param("region", ParamType.STRING, p -> p.allowed("us-east-1", "eu-west-1").defaultValue("mars-1"))
                .param("watch", ParamType.DURATION, p -> p.defaultValue("5 minutes"))
                .step("a", s -> s.action("noop").title("${{ params.count }}${{ params.fn }}${{ params.region }}"
                        + "${{ params.watch }}"))
                .build();

        // when
        List<Problem> problems = errors(rb);

        // then
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0).location()).isEqualTo(rb.parameters().get("count").defaultValue().location());
        assertThat(problems.get(0).message()).contains("parameter 'count'", "'abc' is not an integer");
        assertThat(problems.get(1).message()).contains("parameter 'fn'", "does not match the pattern");
        assertThat(problems.get(2).message()).contains("parameter 'region'", "is not one of: us-east-1, eu-west-1");
        assertThat(problems.get(3).message()).contains("parameter 'watch'", "is not a duration");
    }

    @Test
    void reportsAllowedValuesOfTheWrongType() {
        // given
        Runbook rb = rb().param("n", ParamType.INTEGER, p -> p.allowed(1, "two", 3))
                .step("a", s -> s.action("noop").title("${{ params.n }}")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(rb.parameters().get("n").location());
        assertThat(p.message()).contains("allowed value", "'two' is not an integer");
        assertThat(errors(rb().param("n", ParamType.INTEGER, q -> q.allowed(1, 2).defaultValue(2))
                .step("a", s -> s.action("noop").title("${{ params.n }}")).build())).isEmpty();
    }

    @Test
    void reportsATimeoutOfZero() {
        // given
        Runbook rb = rb().step("a", s -> s.action("noop").timeout("0s")).build();

        // when
        Problem p = only(errors(rb));

        // then
        assertThat(p.location()).isEqualTo(step(rb, "a").timeout().location());
        assertThat(p.message()).isEqualTo("timeout of step 'a' is 0: the step would fail at once");
        assertThat(errors(rb().step("a", s -> s.action("noop").timeout("30s")).build())).isEmpty();
    }

    // ---- warnings ----

    @Test
    void warnsAboutAMutatingStepWithoutConfirm() {
        // given
        Runbook rb = rb().step("rollback", s -> s.action("aws.lambda.update-alias")
                .with("function", "f", "version", "2")).build();

        // when
        List<Problem> problems = checker.check(rb);

        // then
        Problem p = only(problems);
        assertThat(p.isError()).isFalse();
        assertThat(p.location()).isEqualTo(step(rb, "rollback").location());
        assertThat(p.message()).isEqualTo(
                "step 'rollback' changes things (aws.lambda.update-alias is mutating) but has no confirm:");
    }

    @Test
    void asksTheActionWithItsLiteralInputsWhetherAStepMutates() {
        // given: exec is mutating unless read-only: true; a manual step is never "mutating"
        Runbook rb = rb()
                .param("db", ParamType.STRING, p -> p.defaultValue("x"))
                .step("ro", s -> s.action("exec").with("command", List.of("psql", "${{ params.db }}"),
                        "read-only", true))
                .step("unknown-ro", s -> s.action("exec").with("command", List.of("ls"),
                        "read-only", "${{ params.db == 'x' }}"))
                .step("ask", s -> s.action("manual").with("checklist", List.of("ok")))
                .build();

        // when
        List<Problem> problems = warnings(rb);

        // then
        Problem p = only(problems);
        assertThat(p.message()).startsWith("step 'unknown-ro' changes things (exec is mutating)");
    }

    @Test
    void warnsAboutAStepThatReadsOutputsOfAStepThatNeverRunsButNotAboutOneThatOnlyNeedsIt() {
        // given: a skipped step counts as done for ordering, so only reading its outputs stops a step
        Runbook rb = rb()
                .step("a", s -> s.action("noop"))
                .step("off", s -> s.action("noop").when("false").needs())
                .step("also-off", s -> s.action("noop").when("${{ false }}").needs())
                .step("after", s -> s.action("noop").needs("off", "also-off"))
                .step("reader", s -> s.action("noop").with("v", "${{ steps.also-off.outputs.v }}").needs("after"))
                .step("then", s -> s.action("noop").with("v", "${{ steps.reader.outputs.v }}"))
                .step("mixed", s -> s.action("noop").needs("a", "off"))
                .build();

        // when
        List<Problem> problems = warnings(rb);

        // then
        assertThat(problems).extracting(Problem::message).containsExactly(
                "step 'reader' can never run: it reads the outputs of 'also-off', which is skipped by if: false or"
                        + " never runs",
                "step 'then' can never run: it reads the outputs of 'reader', which is skipped by if: false or never"
                        + " runs");
        assertThat(problems.get(0).location()).isEqualTo(step(rb, "reader").location());
    }

    @Test
    void warnsAboutStepsWaitingForACycleButNotAboutTheCycleItself() {
        // given
        Runbook rb = TestRunbook.ofSteps("a<-b", "b", "c", "d<-");

        // when
        List<Problem> problems = checker.check(rb);

        // then
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).isError()).isTrue();
        assertThat(problems.get(1).isError()).isFalse();
        assertThat(problems.get(1).location()).isEqualTo(step(rb, "c").location());
        assertThat(problems.get(1).message()).isEqualTo("step 'c' can never run: it waits for 'b', which is on a cycle");
    }

    @Test
    void warnsAboutAnUnusedParameter() {
        // given
        Runbook rb = rb().param("used", ParamType.STRING, p -> p.defaultValue("x"))
                .param("spare", ParamType.STRING, p -> p.defaultValue("y"))
                .step("a", s -> s.action("noop").confirmTyped("${{ params.used }}")).build();

        // when
        Problem p = only(checker.check(rb));

        // then
        assertThat(p.isError()).isFalse();
        assertThat(p.location()).isEqualTo(rb.parameters().get("spare").location());
        assertThat(p.message()).isEqualTo("parameter 'spare' is never used");
    }

    // ---- all at once ----

    @Test
    void reportsEveryProblemInOnePassSortedByLineThenColumn() {
        // given
        Runbook rb = rb()
                .step("a", s -> s.action("nope"))
                .step("a", s -> s.action("sleep").with("duration", "soon").needs("ghost"))
                .build();

        // when
        List<Problem> problems = checker.check(rb);

        // then
        assertThat(problems).hasSize(4);
        assertThat(problems).isSortedAccordingTo((x, y) -> x.location().line() != y.location().line()
                ? Integer.compare(x.location().line(), y.location().line())
                : Integer.compare(x.location().column(), y.location().column()));
        assertThat(problems).extracting(Problem::message).anyMatch(m -> m.startsWith("unknown action 'nope'"))
                .anyMatch(m -> m.startsWith("duplicate step id 'a'"))
                .anyMatch(m -> m.startsWith("unknown step 'ghost'"))
                .anyMatch(m -> m.contains("wants a duration"));
    }

    @Test
    void checksFiftyThousandStepsWithNeedsAndExpressions() {
        // given
        TestRunbook builder = rb().param("table", ParamType.STRING, p -> p.defaultValue("t"));
        int n = 50_000;
        builder.step("s0", s -> s.action("aws.lambda.get-alias").with("function", "${{ params.table }}"));
        for (int i = 1; i < n; i++) {
            String prev = "s" + (i - 1);
            String first = "s" + (i / 2);
            int k = i;
            builder.step("s" + i, s -> {
                s.action("aws.lambda.get-alias")
                        .with("function", "${{ steps." + prev + ".outputs.version }}-${{ params.table }}",
                                "alias", "${{ steps.s0.outputs.version }}")
                        .when("steps." + prev + ".status == 'ok'");
                if (k % 10 == 0) {
                    s.needs(prev, first);
                }
            });
        }
        Runbook rb = builder.build();

        // when
        List<Problem> problems = checker.check(rb);

        // then
        assertThat(problems).isEmpty();
    }
}
