package dev.runbook.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.error.RunbookException;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBinderTest {
    private static final Location AT = new Location("rb.yaml", 5, 3);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T03:00:00.250Z"), ZoneOffset.UTC);

    private static Parameter param(String name, ParamType type, boolean required, Object defaultValue,
                                   String pattern, List<Object> allowed, boolean secret) {
        Node def = defaultValue == null ? null : new Node.Scalar(AT, defaultValue, false);
        return new Parameter(AT, name, type, required, def, pattern, allowed, secret, null);
    }

    private static Parameter simple(String name, ParamType type) {
        return param(name, type, false, null, null, List.of(), false);
    }

    private static Runbook runbook(Parameter... parameters) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            map.put(p.name(), p);
        }
        return new Runbook("rb.yaml", AT, 1, "lambda-alias-rollback", null, null, null, map, List.of());
    }

    private static Object convert(Parameter p, Object raw) {
        return ParameterBinder.convert(p, raw, CLOCK);
    }

    @Test
    void cliWinsOverFileWhichWinsOverDefault() {
        // given
        Runbook rb = runbook(
                param("alias", ParamType.STRING, false, "live", null, List.of(), false),
                param("region", ParamType.STRING, false, "us-east-1", null, List.of(), false),
                param("count", ParamType.INTEGER, false, 1L, null, List.of(), false));
        // when
        Map<String, Object> values = ParameterBinder.bind(rb, Map.of("alias", "canary"),
                Map.of("alias", "from-file", "region", "eu-west-1"), CLOCK);
        // then
        assertThat(values).containsExactly(Map.entry("alias", "canary"), Map.entry("region", "eu-west-1"),
                Map.entry("count", 1L));
    }

    @Test
    void optionalParameterWithoutDefaultIsNull() {
        // given
        Runbook rb = runbook(simple("token", ParamType.STRING));
        // when
        Map<String, Object> values = ParameterBinder.bind(rb, Map.of(), Map.of(), CLOCK);
        // then
        assertThat(values).containsEntry("token", null).hasSize(1);
    }

    @Test
    void missingRequiredParameterSaysHowToGiveIt() {
        // given
        Runbook rb = runbook(param("function", ParamType.STRING, true, null, "^[A-Za-z0-9_-]{1,64}$", List.of(), false));
        // when / then
        assertThatThrownBy(() -> ParameterBinder.bind(rb, Map.of(), Map.of(), CLOCK))
                .isInstanceOf(ParameterException.class)
                .hasMessage("missing required parameter 'function' (string, pattern ^[A-Za-z0-9_-]{1,64}$): "
                        + "give it with -p function=VALUE")
                .satisfies(e -> assertThat(((ParameterException) e).parameter()).isEqualTo("function"))
                .satisfies(e -> assertThat(((RunbookException) e).reason()).isEqualTo(RunbookException.Reason.INVALID_INPUT));
    }

    @Test
    void aValueThatFailsItsPatternOrIsMissingIsExplainedWithTheParametersDescription() {
        // given a parameter whose regex alone does not say what to give
        Parameter fn = new Parameter(AT, "function", ParamType.STRING, true, null, "^[A-Za-z0-9_-]{1,64}$",
                List.of(), false, "The Lambda function whose alias is rolled back,\n  e.g. orders-api.");
        // when / then
        assertThatThrownBy(() -> convert(fn, "orders api"))
                .hasMessage("parameter 'function' (The Lambda function whose alias is rolled back, e.g. orders-api): "
                        + "'orders api' does not match the pattern ^[A-Za-z0-9_-]{1,64}$");
        assertThatThrownBy(() -> ParameterBinder.bind(runbook(fn), Map.of(), Map.of(), CLOCK))
                .hasMessage("missing required parameter 'function' (The Lambda function whose alias is rolled back, "
                        + "e.g. orders-api; string, pattern ^[A-Za-z0-9_-]{1,64}$): give it with -p function=VALUE");
    }

    @Test
    void undeclaredNameListsTheDeclaredOnesAndSuggestsTheClosest() {
        // given
        Runbook rb = runbook(simple("function", ParamType.STRING), simple("region", ParamType.STRING));
        // when / then
        assertThatThrownBy(() -> ParameterBinder.bind(rb, Map.of("regon", "x"), Map.of(), CLOCK))
                .isInstanceOf(ParameterException.class)
                .hasMessage("unknown parameter 'regon' (given with -p), did you mean 'region'?; "
                        + "declared: function, region");
        assertThatThrownBy(() -> ParameterBinder.bind(rb, Map.of(), Map.of("zzz", "x"), CLOCK))
                .hasMessageContaining("unknown parameter 'zzz' (given in the params file)");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        // given
        Runbook rb = runbook(param("a", ParamType.STRING, true, null, null, List.of(), false),
                simple("n", ParamType.INTEGER));
        // when / then
        assertThatThrownBy(() -> ParameterBinder.bind(rb, Map.of("n", "abc"), Map.of(), CLOCK))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("missing required parameter 'a'")
                .hasMessageContaining("parameter 'n': 'abc' is not an integer");
    }

    @Test
    void stringChecksPatternAsAFullMatchAndAllowed() {
        // given
        Parameter fn = param("function", ParamType.STRING, false, null, "[a-z]+", List.of(), false);
        Parameter region = param("region", ParamType.STRING, false, null, null, List.of("us-east-1", "eu-west-1"), false);
        // then
        assertThat(convert(fn, "orders")).isEqualTo("orders");
        assertThatThrownBy(() -> convert(fn, "orders1"))
                .hasMessage("parameter 'function': 'orders1' does not match the pattern [a-z]+");
        assertThat(convert(region, "eu-west-1")).isEqualTo("eu-west-1");
        assertThatThrownBy(() -> convert(region, "mars-1"))
                .hasMessage("parameter 'region': 'mars-1' is not one of: us-east-1, eu-west-1");
        assertThat(convert(simple("s", ParamType.STRING), 12L)).isEqualTo("12");
        assertThatThrownBy(() -> convert(simple("s", ParamType.STRING), List.of("a")))
                .hasMessageContaining("a list was given");
    }

    @Test
    void integerAcceptsWholeNumbersFromCliAndYamlOnly() {
        // given
        Parameter n = simple("n", ParamType.INTEGER);
        // then
        assertThat(convert(n, "12")).isEqualTo(12L);
        assertThat(convert(n, "-3")).isEqualTo(-3L);
        assertThat(convert(n, 7L)).isEqualTo(7L);
        assertThat(convert(n, 7)).isEqualTo(7L);
        assertThatThrownBy(() -> convert(n, 1.5)).hasMessage(
                "parameter 'n': '1.5' is not an integer (expected a whole number such as 12)");
        assertThatThrownBy(() -> convert(n, "1.5")).hasMessageContaining("'1.5' is not an integer");
        assertThatThrownBy(() -> convert(n, "abc")).hasMessageContaining("'abc' is not an integer");
        assertThatThrownBy(() -> convert(n, true)).hasMessageContaining("'true' is not an integer");
        assertThat(convert(param("n", ParamType.INTEGER, false, null, null, List.of(1L, 2L), false), "2")).isEqualTo(2L);
        assertThatThrownBy(() -> convert(param("n", ParamType.INTEGER, false, null, null, List.of(1L, 2L), false), "3"))
                .hasMessage("parameter 'n': '3' is not one of: 1, 2");
    }

    @Test
    void booleanAcceptsTrueFalseYesNoInAnyCase() {
        // given
        Parameter b = simple("force", ParamType.BOOLEAN);
        // then
        assertThat(convert(b, "TRUE")).isEqualTo(true);
        assertThat(convert(b, "yes")).isEqualTo(true);
        assertThat(convert(b, "No")).isEqualTo(false);
        assertThat(convert(b, "false")).isEqualTo(false);
        assertThat(convert(b, Boolean.TRUE)).isEqualTo(true);
        assertThatThrownBy(() -> convert(b, "maybe"))
                .hasMessage("parameter 'force': 'maybe' is not a boolean (expected true, false, yes or no)");
        assertThatThrownBy(() -> convert(b, 1L)).hasMessageContaining("'1' is not a boolean");
    }

    @Test
    void durationIsValidatedButKeptAsWritten() {
        // given
        Parameter d = simple("watch", ParamType.DURATION);
        // then
        assertThat(convert(d, "15m")).isEqualTo("15m");
        assertThat(convert(d, "1h30m")).isEqualTo("1h30m");
        assertThat(convert(d, "PT15M")).isEqualTo("PT15M");
        assertThatThrownBy(() -> convert(d, "soon"))
                .hasMessage("parameter 'watch': 'soon' is not a duration (expected e.g. 90s, 15m, 4h, 1h30m or PT15M)");
        assertThatThrownBy(() -> convert(d, 30L)).hasMessageContaining("'30' is not a duration");
    }

    @Test
    void timestampBecomesAnIsoUtcStringWithSeconds() {
        // given
        Parameter t = simple("at", ParamType.TIMESTAMP);
        // then
        assertThat(convert(t, "2026-11-22T03:00Z")).isEqualTo("2026-11-22T03:00:00Z");
        assertThat(convert(t, "2026-11-22T05:00:00+02:00")).isEqualTo("2026-11-22T03:00:00Z");
        assertThat(convert(t, "2026-11-22T04:00:00+01:00[Europe/Paris]")).isEqualTo("2026-11-22T03:00:00Z");
        assertThat(convert(t, "now")).isEqualTo("2026-11-22T03:00:00Z");
        assertThat(convert(t, "now-10m")).isEqualTo("2026-11-22T02:50:00Z");
        assertThat(convert(t, "now+1h")).isEqualTo("2026-11-22T04:00:00Z");
        assertThatThrownBy(() -> convert(t, "2026-11-22T03:00:00"))
                .hasMessage("parameter 'at': '2026-11-22T03:00:00' is not a timestamp "
                        + "(expected ISO-8601 with a zone (2026-11-22T03:00:00Z), now, or now-10m)");
        assertThatThrownBy(() -> convert(t, "yesterday")).hasMessageContaining("'yesterday' is not a timestamp");
        assertThatThrownBy(() -> convert(t, "now-soon")).hasMessageContaining("'now-soon' is not a timestamp");
    }

    @Test
    void enumMustBeOneOfAllowed() {
        // given
        Parameter e = param("mode", ParamType.ENUM, false, null, null, List.of("fast", "safe"), false);
        // then
        assertThat(convert(e, "safe")).isEqualTo("safe");
        assertThatThrownBy(() -> convert(e, "slow")).hasMessage("parameter 'mode': 'slow' is not one of: fast, safe");
        assertThatThrownBy(() -> convert(simple("mode", ParamType.ENUM), "x")).hasMessageContaining("allowed values");
    }

    @Test
    void defaultsAreConvertedAndCheckedToo() {
        // given
        Runbook rb = runbook(param("since", ParamType.TIMESTAMP, false, "now-1h", null, List.of(), false),
                param("n", ParamType.INTEGER, false, "x", null, List.of(), false));
        // when / then
        assertThatThrownBy(() -> ParameterBinder.bind(rb, Map.of(), Map.of(), CLOCK))
                .hasMessage("parameter 'n': 'x' is not an integer (expected a whole number such as 12)");
        assertThat(ParameterBinder.bind(runbook(rb.parameters().get("since")), Map.of(), Map.of(), CLOCK))
                .containsEntry("since", "2026-11-22T02:00:00Z");
    }

    @Test
    void secretValuesNeverAppearInMessages() {
        // given
        Parameter token = param("token", ParamType.STRING, false, null, "tok-[0-9]+", List.of(), true);
        Parameter pin = param("pin", ParamType.INTEGER, false, null, null, List.of(1234L), true);
        // then
        assertThatThrownBy(() -> convert(token, "hunter2"))
                .hasMessage("parameter 'token': the value given does not match the pattern tok-[0-9]+")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> convert(pin, "98765x")).satisfies(e -> assertThat(e.getMessage())
                .doesNotContain("98765").contains("the value given is not an integer"));
        assertThatThrownBy(() -> convert(pin, "4321")).satisfies(e -> assertThat(e.getMessage())
                .doesNotContain("4321").contains("the value given is not one of"));
    }

    @Test
    void boundValuesAreImmutable() {
        // given
        Map<String, Object> values = ParameterBinder.bind(runbook(simple("a", ParamType.STRING)), Map.of("a", "x"),
                Map.of(), CLOCK);
        // when / then
        assertThatThrownBy(() -> values.put("a", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
