package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.cli.RepoPaths;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    private static final Location AT = new Location("rb.yaml", 3, 7);
    private final Expressions expressions = Expressions.withClock(
            Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC));

    private static Map<String, Object> scope() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("table", "orders");
        params.put("count", 5L);
        params.put("flag", true);
        params.put("nothing", null);
        params.put("list", List.of("a", "b"));
        params.put("class", "a key named class");
        Map<String, Object> pitr = new LinkedHashMap<>();
        pitr.put("status", "succeeded");
        pitr.put("outputs", Map.of("status", "ENABLED", "minutes", 35L));
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("pitr-check", pitr);
        steps.put("later", Map.of("status", "pending", "outputs", new Unknown("steps.later.outputs")));
        Map<String, Object> scope = new HashMap<>();
        scope.put("params", params);
        scope.put("steps", steps);
        scope.put("run", Map.of("id", "r-1", "started", "2026-11-22T02:50:00Z", "dry", false));
        return scope;
    }

    private Object eval(String source) throws ExpressionException {
        return expressions.evaluate(expressions.compile(source, AT), scope());
    }

    private Object render(String template) throws ExpressionException {
        return expressions.evaluate(Template.parse(template, AT), scope());
    }

    @Test
    void readsParametersAndHyphenatedStepIds() throws Exception {
        // given / when / then
        assertThat(eval("params.table")).isEqualTo("orders");
        assertThat(eval("steps.pitr-check.outputs.status")).isEqualTo("ENABLED");
        assertThat(eval("steps.pitr-check.status == 'succeeded'")).isEqualTo(true);
        assertThat(eval("steps['pitr-check'].outputs['minutes'] > 30")).isEqualTo(true);
        assertThat(eval("params.class")).isEqualTo("a key named class");
    }

    /**
     * A plain name path is compiled without JEXL (its parse waits for the first evaluation): its reference and its
     * value must be exactly JEXL's. Parenthesised, the same text always goes through JEXL's parser.
     */
    @Test
    void aPlainNamePathReadsAndEvaluatesExactlyAsJexlWouldHaveIt() throws Exception {
        List<String> sources = new ArrayList<>(List.of("params.table", "params.count", "params.nothing",
                "params.list", "params.class", "steps.pitr-check.outputs.status", "steps.pitr-check.status",
                "steps['pitr-check'].outputs.minutes", "steps.later.outputs.arn", "run.id", "run.dry",
                "params.list.0", "params.size", "params.empty", "steps.pitr-check.outputs.minutes_1",
                "params.Table", "params._x", "params.table.length"));
        // and every expression of the shipped runbooks that is a plain path
        Pattern expression = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
        try (Stream<Path> files = Files.list(RepoPaths.repo().resolve("runbooks-yaml"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = expression.matcher(Files.readString(f));
                while (m.find()) {
                    sources.add(m.group(1));
                }
            }
        }
        int plain = 0;
        for (String source : sources) {
            CompiledExpression fast = expressions.compile(source, AT);
            CompiledExpression jexl = expressions.compile("(" + source + ")", AT);
            assertThat(fast.references()).as(source).containsExactlyElementsOf(jexl.references());
            if (fast.references().size() == 1 && !source.contains("(") && !source.contains(" ")) {
                plain++;
                Object viaJexl;
                try {
                    viaJexl = expressions.evaluate(jexl, scope());
                } catch (ExpressionException e) {
                    viaJexl = e.getMessage().replace("(" + source + ")", source);
                }
                Object viaPath;
                try {
                    viaPath = expressions.evaluate(fast, scope());
                } catch (ExpressionException e) {
                    viaPath = e.getMessage();
                }
                assertThat(viaPath).as(source).isEqualTo(viaJexl);
            }
        }
        assertThat(plain).isGreaterThan(100);
    }

    @Test
    void anExpressionWithNothingToEvaluateIsRefusedAndOneThatReadsAVariableIsNot() throws Exception {
        for (String empty : new String[] {"/* nothing */", "// nothing", "/* a */ /* b */"}) {
            assertThatThrownBy(() -> expressions.compile(empty, AT))
                    .as(empty)
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("it has no value");
        }
        assertThat(eval("params.count /* a comment */")).isEqualTo(5L);
        assertThat(eval("/* a comment */ 1 + 1")).isEqualTo(2L);
    }

    @Test
    void supportsTheOperatorsRunbooksUse() throws Exception {
        assertThat(eval("params.count * 2 + 1")).isEqualTo(11L);
        assertThat(eval("params.count > 3 && !params.flag || params.count == 5")).isEqualTo(true);
        assertThat(eval("params.count != 5")).isEqualTo(false);
        assertThat(eval("params.count >= 5 ? 'big' : 'small'")).isEqualTo("big");
        assertThat(eval("params.nothing ?: 'fallback'")).isEqualTo("fallback");
        assertThat(eval("'table-' + params.table")).isEqualTo("table-orders");
        assertThat(eval("params.table =~ 'ord.*'")).isEqualTo(true);
        assertThat(eval("7 / 2")).isEqualTo(3L);
        assertThat(eval("1.5 * 2")).isEqualTo(3.0);
        assertThat(eval("[1, 'a', null]")).isEqualTo(Arrays.asList(1L, "a", null));
        assertThat(eval("{'a': 1, 'b': [true]}")).isEqualTo(Map.of("a", 1L, "b", List.of(true)));
        assertThat(eval("size(params.list)")).isEqualTo(2L);
        assertThat(eval("empty(params.nothing)")).isEqualTo(true);
        assertThat(eval("run.dry")).isEqualTo(false);
    }

    @Test
    void evaluatesEveryFunction() throws Exception {
        assertThat(eval("now()")).isEqualTo("2026-11-22T03:00:00Z");
        assertThat(eval("format-time(run.started, 'yyyy-MM-dd-HHmm')")).isEqualTo("2026-11-22-0250");
        assertThat(eval("duration('15m')")).isEqualTo(900L);
        assertThat(eval("duration('500ms')")).isEqualTo(0.5);
        assertThat(eval("seconds-between(run.started, now())")).isEqualTo(600L);
        assertThat(eval("add-time(now(), '-10m')")).isEqualTo("2026-11-22T02:50:00Z");
        assertThat(eval("add-time('2026-11-22T04:00:00+01:00', '1h')")).isEqualTo("2026-11-22T04:00:00Z");
        assertThat(eval("lower('AbC') + upper('x') + trim('  y ')")).isEqualTo("abcXy");
        assertThat(eval("contains(params.table, 'der') && contains(params.list, 'b')")).isEqualTo(true);
        assertThat(eval("starts-with(params.table, 'ord') && ends-with(params.table, 'ers')")).isEqualTo(true);
        assertThat(eval("replace('a.b.c', '.', '-')")).isEqualTo("a-b-c");
        assertThat(eval("to-int('42') + to-int(3.9)")).isEqualTo(45L);
        assertThat(eval("to-number('2.5')")).isEqualTo(2.5);
        assertThat(eval("to-number('7')")).isEqualTo(7L);
        assertThat(eval("to-string(3.0) + to-string(true)")).isEqualTo("3true");
        assertThat(eval("json({'a': [1, 2]})")).isEqualTo("{\"a\":[1,2]}");
        assertThat(eval("join(params.list, ', ')")).isEqualTo("a, b");
        assertThat(eval("default(params.nothing, 'n/a') + default(params.table, 'n/a')")).isEqualTo("n/aorders");
        assertThat(Expressions.functionNames()).contains("format-time", "default", "size", "empty");
    }

    @Test
    void singleExpressionTemplateKeepsItsTypeAndMixedTextBecomesText() throws Exception {
        assertThat(render("${{ params.count }}")).isEqualTo(5L);
        assertThat(render("${{ params.list }}")).isEqualTo(List.of("a", "b"));
        assertThat(render("  ${{ params.flag }}")).isEqualTo("  true");
        assertThat(render("n=${{ params.count / 1.0 }} none=${{ params.nothing }} l=${{ params.list }}"))
                .isEqualTo("n=5 none= l=[\"a\",\"b\"]");
        assertThat(render("plain text")).isEqualTo("plain text");
    }

    @Test
    void templateFindsDelimitersOutsideQuotes() throws Exception {
        // given
        Template t = Template.parse("a ${{ 'x }}' + \"}}\" }} b ${{params.table}}", AT);
        // then
        assertThat(t.isLiteral()).isFalse();
        assertThat(t.isSingleExpression()).isFalse();
        assertThat(t.expressions()).extracting(CompiledExpression::source)
                .containsExactly("'x }}' + \"}}\"", "params.table");
        assertThat(expressions.evaluate(t, scope())).isEqualTo("a x }}}} b orders");
        assertThat(Template.hasExpression("no ${ here")).isFalse();
        assertThat(Template.parse("just text", AT).isLiteral()).isTrue();
        assertThat(Template.parse("${{ 1 }}", AT).isSingleExpression()).isTrue();
    }

    @Test
    void templateWithoutClosingDelimiterIsAnError() {
        assertThatThrownBy(() -> Template.parse("x ${{ params.a ", AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("no closing '}}'");
        assertThatThrownBy(() -> Template.parse("${{ }}", AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void conditionAcceptsDelimitedAndBareForms() throws Exception {
        // given
        Template delimited = Template.condition("${{ params.count > 1 }}", AT);
        Template bare = Template.condition("params.count > 1", AT);
        // then
        assertThat(expressions.evaluate(delimited, scope())).isEqualTo(true);
        assertThat(expressions.evaluate(bare, scope())).isEqualTo(true);
        assertThat(bare.isSingleExpression()).isTrue();
        assertThat(bare.references()).containsExactly(new Reference(List.of("params", "count")));
        assertThatThrownBy(() -> Template.condition("x ${{ true }}", AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("must be one expression");
    }

    @Test
    void referencesAreTheNamePathsReadIncludingHyphenatedIdsAndBrackets() throws Exception {
        // given
        CompiledExpression dotted = expressions.compile("steps.pitr-check.outputs.status == 'ENABLED'", AT);
        CompiledExpression bracket = expressions.compile("steps['x'].outputs['y'] + params.count", AT);
        CompiledExpression computed = expressions.compile("steps.a.outputs[params.key]", AT);
        // then
        assertThat(dotted.references()).containsExactly(
                new Reference(List.of("steps", "pitr-check", "outputs", "status")));
        assertThat(bracket.references()).containsExactly(
                new Reference(List.of("steps", "x", "outputs", "y")), new Reference(List.of("params", "count")));
        assertThat(computed.references()).containsExactly(
                new Reference(List.of("steps", "a", "outputs")), new Reference(List.of("params", "key")));
        assertThat(dotted.source()).isEqualTo("steps.pitr-check.outputs.status == 'ENABLED'");
        assertThat(dotted.location()).isEqualTo(AT);
    }

    @Test
    void hyphensElsewhereStaySubtraction() throws Exception {
        assertThat(eval("params.count-1")).isEqualTo(4L);
        assertThat(eval("params.count - size(params.list)")).isEqualTo(3L);
        assertThat(eval("'steps.a-b'")).isEqualTo("steps.a-b");
    }

    @Test
    void readingAnUnknownGivesAnUnknownNamedAfterTheReference() throws Exception {
        // when
        Object single = eval("steps.later.outputs.version + 1");
        Object text = render("version ${{ steps.later.outputs.version }} of ${{ params.table }}");
        // then
        assertThat(single).isEqualTo(new Unknown("steps.later.outputs.version"));
        assertThat(text).isEqualTo("version <steps.later.outputs.version> of orders");
        assertThat(eval("steps.later.status")).isEqualTo("pending");
    }

    @Test
    void aMapLiteralReadingAnUnknownKeepsItsKeysAndOnlyTheUnknownValuesAreUnknown() throws Exception {
        // when
        Object map = eval("{ params.table : steps.later.outputs.version, 'count, with: signs' : 1 + 1 }");
        Object unknownKey = eval("{ steps.later.outputs.key : 1 }");
        Object notAMap = eval("{ 'a' : 1 }.a + steps.later.outputs.version");
        Object ternaryKey = eval("{ params.table == 'x' ? 'a' : 'b' : steps.later.outputs.version }");
        // then
        assertThat(map).isEqualTo(Map.of("orders", new Unknown("steps.later.outputs.version"),
                "count, with: signs", 2L));
        assertThat(unknownKey).isEqualTo(new Unknown("steps.later.outputs.key"));
        assertThat(notAMap).isInstanceOf(Unknown.class);
        assertThat(ternaryKey).isInstanceOf(Unknown.class);
    }

    @Test
    void renderWalksAWithTreeKeepingKeys() throws Exception {
        // given
        Node with = new Node.Mapping(AT, List.of(
                new Node.Entry("table-name", AT, new Node.Scalar(AT, "${{ params.table }}", true)),
                new Node.Entry("count", AT, new Node.Scalar(AT, 3L, false)),
                new Node.Entry("items", AT, new Node.Sequence(AT, List.of(
                        new Node.Scalar(AT, "v${{ params.count }}", true),
                        new Node.Scalar(AT, "${{ steps.later.outputs.x }}", true))))));
        // when
        Object rendered = expressions.render(with, scope());
        // then
        assertThat(rendered).isEqualTo(Map.of("table-name", "orders", "count", 3L,
                "items", List.of("v5", new Unknown("steps.later.outputs.x"))));
    }

    @Test
    void parseErrorsNameTheExpressionAndColumn() {
        assertThatThrownBy(() -> expressions.compile("steps.a.outputs.x +", AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression 'steps.a.outputs.x +' does not parse: unexpected end after '+' at column 20")
                .satisfies(e -> assertThat(((ExpressionException) e).location()).isEqualTo(AT))
                .satisfies(e -> assertThat(((ExpressionException) e).expression()).isEqualTo("steps.a.outputs.x +"));
        assertThatThrownBy(() -> expressions.compile("params.a ) 1", AT))
                .hasMessageStartingWith("expression 'params.a ) 1' does not parse: unexpected ')' at column 10");
    }

    @Test
    void unknownFunctionsAreRejectedAtCompileTimeWithASuggestion() {
        assertThatThrownBy(() -> expressions.compile("fromat-time(now(), 'HH')", AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression 'fromat-time(now(), 'HH')' is not valid: unknown function 'fromat-time' at column 1"
                        + " (did you mean 'format-time'?)");
        assertThatThrownBy(() -> expressions.compile("lowr('A')", AT))
                .hasMessageContaining("unknown function 'lowr' at column 1 (did you mean 'lower'?)");
    }

    @Test
    void runtimeFailuresAreExplainedInPlainWords() {
        assertThatThrownBy(() -> eval("params.count / 0"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression 'params.count / 0' failed: division by zero");
        assertThatThrownBy(() -> eval("params.missing == 1"))
                .hasMessage("expression 'params.missing == 1' failed: 'params.missing' is not defined"
                        + " (params has no 'missing')");
        assertThatThrownBy(() -> eval("steps.nope.status"))
                .hasMessageContaining("(steps has no 'nope')");
        assertThatThrownBy(() -> eval("'x' < 3"))
                .hasMessage("expression ''x' < 3' failed: "
                        + "cannot compare values of different types (e.g. text with a number)");
        assertThatThrownBy(() -> eval("duration('soon')"))
                .hasMessageContaining("duration: 'soon' is not a duration");
        assertThatThrownBy(() -> eval("format-time('yesterday', 'HH')"))
                .hasMessageContaining("format-time: 'yesterday' is not a timestamp");
        assertThatThrownBy(() -> eval("lower('a', 'b')"))
                .hasMessageContaining("function 'lower' cannot take these arguments");
        assertThatThrownBy(() -> eval("'a' - 1"))
                .hasMessage("expression ''a' - 1' failed: a text that is not a number is used as a number");
        assertThatThrownBy(() -> eval("params.table =~ '['"))
                .hasMessageStartingWith("expression 'params.table =~ '['' failed: '[' is not a valid regular expression");
        assertThatThrownBy(() -> eval("params.list[5]"))
                .hasMessage("expression 'params.list[5]' failed: index 5 is out of range");
        assertThatThrownBy(() -> eval("params.nothing * 2"))
                .hasMessage("expression 'params.nothing * 2' failed: a value used with '*' is null");
        assertThatThrownBy(() -> eval("outputs.x"))
                .hasMessageContaining("'outputs' is not defined here");
    }

    @Test
    void runtimeMessagesNeverShowJexlClassNames() {
        for (String src : List.of("params.count / 0", "'x' < 3", "params.list[5]", "params.nothing.x",
                "to-int('abc')", "params.table.length", "lower(params.list)")) {
            assertThatThrownBy(() -> eval(src))
                    .as(src)
                    .isInstanceOf(ExpressionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("jexl")
                            .doesNotContain("Exception").startsWith("expression '" + src + "' failed: "));
        }
    }
}
