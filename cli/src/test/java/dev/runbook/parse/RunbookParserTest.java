package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Confirm;
import dev.runbook.model.Located;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Problem;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookParserTest {
    private final RunbookParser parser = new RunbookParser();

    @TempDir
    Path dir;

    @Test
    void parsesTheWholeExampleOfTheFormatPageToTheExpectedModel() throws URISyntaxException {
        // given
        Path file = Path.of(getClass().getResource("/parse/valid/format-example.yaml").toURI());

        // when
        ParseResult result = parser.parse(file);

        // then
        assertThat(result.problems()).isEmpty();
        Runbook rb = result.runbook();
        String f = file.toString();
        assertThat(rb.file()).isEqualTo(f);
        assertThat(rb.formatVersion()).isEqualTo(1);
        assertThat(rb.name()).isEqualTo("lambda-alias-rollback");
        assertThat(rb.title()).isEqualTo("Roll a Lambda alias back to the previous version");
        assertThat(rb.description()).isEqualTo("Used when the canary or a full rollout of a new backend version"
                + " misbehaves.\n");
        assertThat(rb.objectives().rto()).isEqualTo(Duration.ofMinutes(15));
        assertThat(rb.objectives().rpo()).isEqualTo(Duration.ZERO);
        assertThat(rb.objectives().location()).isEqualTo(new Location(f, 6, 13));

        assertThat(rb.parameters()).containsOnlyKeys("function", "alias", "region", "watch", "token");
        Parameter function = rb.parameters().get("function");
        assertThat(function.location()).isEqualTo(new Location(f, 8, 3));
        assertThat(function.type()).isEqualTo(ParamType.STRING);
        assertThat(function.required()).isTrue();
        assertThat(function.pattern()).isEqualTo("^[A-Za-z0-9_-]{1,64}$");
        assertThat(rb.parameters().get("alias").defaultValue().toPlain()).isEqualTo("live");
        assertThat(rb.parameters().get("region").allowed()).containsExactly("us-east-1", "eu-west-1");
        assertThat(rb.parameters().get("watch").type()).isEqualTo(ParamType.DURATION);
        assertThat(rb.parameters().get("watch").defaultValue().location()).isEqualTo(new Location(f, 11, 40));
        assertThat(rb.parameters().get("token").secret()).isTrue();
        assertThat(rb.parameters().get("token").required()).isFalse();

        assertThat(rb.steps()).extracting(Step::idValue)
                .containsExactly("current", "previous", "announce", "rollback", "alarms-quiet");
        Step current = rb.steps().get(0);
        assertThat(current.location()).isEqualTo(new Location(f, 14, 5));
        assertThat(current.id()).isEqualTo(new Located<>("current", new Location(f, 14, 9)));
        assertThat(current.action()).isEqualTo(new Located<>("aws.lambda.get-alias", new Location(f, 16, 13)));
        assertThat(current.with().toPlain()).isEqualTo(Map.of("function", "${{ params.function }}",
                "alias", "${{ params.alias }}"));
        assertThat(current.needs()).isNull();
        assertThat(current.confirm()).isEqualTo(Confirm.NONE);
        assertThat(current.retry()).isEqualTo(Retry.NONE);
        assertThat(current.onFailure()).isEqualTo(OnFailure.ABORT);
        assertThat(current.outputs().entries()).isEmpty();

        Step previous = rb.steps().get(1);
        assertThat(previous.check()).isEqualTo(new Located<>("${{ outputs.version != \"\" }}",
                new Location(f, 23, 12)));

        Step announce = rb.steps().get(2);
        assertThat(announce.title()).isNull();
        assertThat(announce.displayTitle()).isEqualTo("announce");
        assertThat(announce.instructions()).isEqualTo("Confirm in the incident channel that the rollback is wanted.\n");
        assertThat(announce.with().toPlain()).isEqualTo(Map.of("checklist",
                List.of("Incident declared", "Rollback announced")));

        Step rollback = rb.steps().get(3);
        assertThat(rollback.confirm()).isEqualTo(new Confirm.Typed(new Location(f, 39, 14),
                new Located<>("${{ params.function }}", new Location(f, 39, 22))));
        assertThat(rollback.undo().action().value()).isEqualTo("aws.lambda.update-alias");
        assertThat(rollback.undo().location()).isEqualTo(new Location(f, 41, 7));
        assertThat(rollback.undo().with().toPlain()).isEqualTo(Map.of("function", "${{ params.function }}",
                "alias", "${{ params.alias }}", "version", "${{ steps.current.outputs.version }}"));

        Step alarms = rb.steps().get(4);
        assertThat(alarms.timeout()).isEqualTo(new Located<>("${{ params.watch }}", new Location(f, 48, 14)));
        assertThat(alarms.onFailure()).isEqualTo(OnFailure.ROLLBACK);
        assertThat(alarms.with().get("state").toPlain()).isEqualTo("OK");
    }

    @Test
    void bindsTheMbcoAndSuccessAlarmsAndRejectsTheirBadForms() {
        String good = String.join("\n",
                "runbook: 1",
                "name: drill",
                "objectives:",
                "  rto: 30m",
                "  mbco: { level: half capacity, step: check }",
                "  success-alarms: [orders-errors, checkout-latency]",
                "steps:",
                "  - { id: check, action: manual }",
                "");
        ParseResult ok = parser.parse("x.yaml", good);
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.runbook().objectives().mbco().level()).isEqualTo("half capacity");
        assertThat(ok.runbook().objectives().mbco().step().value()).isEqualTo("check");
        assertThat(ok.runbook().objectives().mbco().alarm()).isNull();
        assertThat(ok.runbook().objectives().successAlarmNames()).containsExactly("orders-errors", "checkout-latency");

        ParseResult both = parser.parse("x.yaml", good.replace("step: check }", "step: check, alarm: a }"));
        assertThat(both.problems()).extracting(Problem::format).containsExactly("x.yaml:5:9: 'mbco' needs exactly "
                + "one of 'step' (a step that checks the level) and 'alarm' (a CloudWatch alarm that watches it)");
        ParseResult noLevel = parser.parse("x.yaml", good.replace("level: half capacity, ", ""));
        assertThat(noLevel.problems()).extracting(Problem::message).containsExactly("missing required field 'level' "
                + "(the minimum level of service, as a text for the report)");
        ParseResult twice = parser.parse("x.yaml", good.replace("checkout-latency]", "orders-errors]"));
        assertThat(twice.problems()).extracting(Problem::format)
                .containsExactly("x.yaml:6:35: alarm 'orders-errors' is listed twice in 'success-alarms'");
        ParseResult one = parser.parse("x.yaml", good.replace("[orders-errors, checkout-latency]", "orders"));
        assertThat(one.problems()).isEmpty();
        assertThat(one.runbook().objectives().successAlarmNames()).containsExactly("orders");
        ParseResult notList = parser.parse("x.yaml", good.replace("[orders-errors, checkout-latency]", "{ a: 1 }"));
        assertThat(notList.problems()).extracting(Problem::message)
                .containsExactly("'success-alarms' must be a list of CloudWatch alarm names, found a mapping");
    }

    @Test
    void bindsEveryOptionalFieldAndExtension() {
        // given
        String text = String.join("\n",
                "runbook: 1",
                "name: extensions",
                "objectives: { rto: 1h30m, rpo: PT15M, rpo-from: '${{ run.id }}', mtpd: 4h }",
                "parameters:",
                "  mode: { type: enum, allowed: [fast, safe], default: safe }",
                "  note:",
                "steps:",
                "  - id: a",
                "    action: manual",
                "    needs: []",
                "    confirm: { approvers: 2 }",
                "    phase: decide",
                "  - id: b",
                "    action: sleep",
                "    needs: a",
                "    if: false",
                "    confirm: true",
                "    timeout: 15m",
                "    retry: { attempts: 3, delay: 5s, backoff: 2, max-delay: 1m }",
                "    on-failure: continue",
                "  - id: 42",
                "    action: manual",
                "    needs: [a, 7]",
                "");

        // when
        ParseResult result = parser.parse("x.yaml", text);

        // then
        assertThat(result.problems()).isEmpty();
        Runbook rb = result.runbook();
        assertThat(rb.objectives().rto()).isEqualTo(Duration.ofMinutes(90));
        assertThat(rb.objectives().rpo()).isEqualTo(Duration.ofMinutes(15));
        assertThat(rb.objectives().rpoFrom().value()).isEqualTo("${{ run.id }}");
        assertThat(rb.objectives().mtpd()).isEqualTo(Duration.ofHours(4));
        assertThat(rb.parameters().get("mode").type()).isEqualTo(ParamType.ENUM);
        assertThat(rb.parameters().get("note").type()).isEqualTo(ParamType.STRING);
        Step a = rb.steps().get(0);
        Step b = rb.steps().get(1);
        Step c = rb.steps().get(2);
        assertThat(a.needs()).isEmpty();
        assertThat(a.confirm()).isEqualTo(new Confirm.Approvers(new Location("x.yaml", 11, 14), 2));
        assertThat(a.phase()).isEqualTo(Phase.DECIDE);
        assertThat(b.needs()).containsExactly(new Located<>("a", new Location("x.yaml", 15, 12)));
        assertThat(b.condition().value()).isEqualTo("${{ false }}");
        assertThat(b.confirm()).isEqualTo(new Confirm.YesNo(new Location("x.yaml", 17, 14)));
        assertThat(b.timeout().value()).isEqualTo("15m");
        assertThat(b.retry()).isEqualTo(new Retry(new Location("x.yaml", 19, 12), 3, Duration.ofSeconds(5), 2.0,
                Duration.ofMinutes(1)));
        assertThat(b.onFailure()).isEqualTo(OnFailure.CONTINUE);
        assertThat(c.idValue()).isEqualTo("42");
        assertThat(c.needs()).extracting(Located::value).containsExactly("a", "7");
    }

    @Test
    void reportsEveryProblemInOnePassAndStillReturnsTheRestOfTheRunbook() {
        // given
        String text = String.join("\n",
                "runbook: 1",
                "name: x",
                "colour: red",
                "steps:",
                "  - id: good",
                "    action: manual",
                "  - id: Bad",
                "    action: manual",
                "    neds: [good]",
                "  - title: no id",
                "    action: manual",
                "  - id: later",
                "    action: sleep",
                "    on-failure: explode",
                "");

        // when
        ParseResult result = parser.parse("x.yaml", text);

        // then
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.problems()).extracting(p -> p.location().line() + ":" + p.location().column())
                .containsExactly("2:7", "3:1", "7:9", "9:5", "10:5", "14:17");
        assertThat(result.problems().get(3).message()).isEqualTo("unknown field 'neds', did you mean 'needs'?");
        assertThat(result.runbook()).isNotNull();
        assertThat(result.runbook().steps()).extracting(Step::idValue).containsExactly("good", "Bad", "later");
        assertThat(result.runbook().steps().get(2).onFailure()).isEqualTo(OnFailure.ABORT);
    }

    @Test
    void aTopLevelOnFailureIsTheDefaultOfEveryStepThatDoesNotSetItsOwn() {
        // when
        ParseResult result = parser.parse("x.yaml", String.join("\n",
                "runbook: 1",
                "name: abc",
                "on-failure: rollback",
                "steps:",
                "  - { id: a, action: manual }",
                "  - { id: b, action: manual, on-failure: continue }",
                ""));
        ParseResult bad = parser.parse("x.yaml", "runbook: 1\nname: abc\non-failure: rolback\n"
                + "steps:\n  - { id: a, action: manual }\n");

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.runbook().steps()).extracting(Step::onFailure)
                .containsExactly(OnFailure.ROLLBACK, OnFailure.CONTINUE);
        assertThat(bad.problems()).extracting(Problem::format).containsExactly("x.yaml:3:13: 'on-failure' must be"
                + " abort, continue or rollback, found 'rolback', did you mean 'rollback'?");
        assertThat(bad.runbook().steps().get(0).onFailure()).isEqualTo(OnFailure.ABORT);
    }

    @Test
    void returnsNoRunbookWhenTheTopLevelIsNotAMapping() {
        // when
        ParseResult list = parser.parse("x.yaml", "- a\n- b\n");
        ParseResult number = parser.parse("x.yaml", "42\n");
        ParseResult empty = parser.parse("x.yaml", "");

        // then
        assertThat(list.runbook()).isNull();
        assertThat(list.problems()).extracting(Problem::message)
                .containsExactly("expected a mapping with runbook:, name:, steps:, found a list");
        assertThat(number.problems()).extracting(Problem::message)
                .containsExactly("expected a mapping with runbook:, name:, steps:, found a number");
        assertThat(empty.runbook()).isNull();
        assertThat(empty.problems()).extracting(Problem::format)
                .containsExactly("x.yaml:1:1: the file is empty; a runbook starts with `runbook: 1`");
    }

    @Test
    void pointsAtTheValueForAWrongValueAndAtTheKeyForAnUnknownField() {
        // when
        ParseResult result = parser.parse("x.yaml", "runbook: 1\nname: abc\nsteps:\n  - id: a\n"
                + "    action: manual\n    needs: 3.5\n    nedds: []\n");

        // then
        assertThat(result.problems()).extracting(Problem::format).containsExactly(
                "x.yaml:6:12: 'needs' must be a list of step ids, found a number",
                "x.yaml:7:5: unknown field 'nedds', did you mean 'needs'?");
    }

    @Test
    void hintsThatYamlOneOneBooleanWordsAreStrings() {
        // when
        ParseResult result = parser.parse("x.yaml", "runbook: 1\nname: abc\nparameters:\n"
                + "  a: { required: yes }\nsteps:\n  - { id: a, action: manual }\n");

        // then
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("'required' must be true or false, found a string");
            assertThat(p.hint()).contains("write true or false");
        });
    }

    @Test
    void warnsButDoesNotFailWhenRetryHasNoAttempts() {
        // when
        ParseResult result = parser.parse("x.yaml", "runbook: 1\nname: abc\nsteps:\n"
                + "  - { id: a, action: manual, retry: { delay: 5s } }\n");

        // then
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.problems()).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING));
        assertThat(result.runbook().steps().get(0).retry().attempts()).isEqualTo(1);
    }

    @Test
    void neverThrowsForAMissingFileAFolderOrAnOversizedFile() throws IOException {
        // given
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "a: " + "x".repeat(5_000_000));

        // when
        ParseResult missing = parser.parse(dir.resolve("nope.yaml"));
        ParseResult folder = parser.parse(dir);
        ParseResult oversized = parser.parse(big);

        // then
        assertThat(missing.problems()).extracting(Problem::message).containsExactly("no such file");
        assertThat(folder.problems()).extracting(Problem::message).containsExactly("is a folder, not a file");
        assertThat(oversized.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("larger than 4 MiB"));
        assertThat(List.of(missing, folder, oversized)).allSatisfy(r -> {
            assertThat(r.runbook()).isNull();
            assertThat(r.hasErrors()).isTrue();
        });
    }

    @Test
    void neverThrowsForDeeplyNestedInput() {
        // given
        String text = "runbook: 1\nname: deep\nsteps:\n  - id: a\n    action: manual\n    with: { x: "
                + "[".repeat(10_000) + "]".repeat(10_000) + " }\n";

        // when
        ParseResult result = parser.parse("x.yaml", text);

        // then
        assertThat(result.runbook()).isNull();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("nested deeper than 64 levels");
            assertThat(p.location().line()).isEqualTo(6);
        });
    }

    @Test
    void keepsFreeFormInputsAsLocatedNodes() {
        // when
        Runbook rb = parser.parse("x.yaml", "runbook: 1\nname: abc\nsteps:\n  - id: a\n    action: http\n"
                + "    with:\n      url: 'https://example.invalid'\n      headers: { Accept: json }\n").runbook();

        // then
        Node.Mapping with = rb.steps().get(0).with();
        assertThat(with.location()).isEqualTo(new Location("x.yaml", 7, 7));
        assertThat(((Node.Scalar) with.get("url")).quoted()).isTrue();
        assertThat(((Node.Mapping) with.get("headers")).get("Accept").location())
                .isEqualTo(new Location("x.yaml", 8, 26));
    }
}
