package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.model.Location;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile expressions from issue 21: each is answered with an ExpressionException naming it, never a hang or a wrong value. */
class ExpressionHardeningTest {
    private static final Location AT = new Location("rb.yaml", 3, 7);
    /** A hang detector only: each of these finishes in milliseconds; the old engine took minutes or forever. */
    private static final Duration HANG = Duration.ofSeconds(30);
    private final Expressions expressions = Expressions.withClock(
            Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC));

    private Object eval(String source) throws ExpressionException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("a", "a".repeat(60) + "!");
        params.put("s", "secret");
        params.put("list", List.of("x", "y"));
        return expressions.evaluate(expressions.compile(source, AT), Map.of("params", params));
    }

    @Test
    void catastrophicBacktrackingRegexAnswersAtOnce() throws Exception {
        // java.util.regex backtracks on this for far longer than the test waits (Java 17 copes with (a+)+b)
        Object result = assertTimeoutPreemptively(HANG, () -> eval("params.a =~ '(.*a){20}'"));
        assertThat(result).isEqualTo(false);
        assertThat(assertTimeoutPreemptively(HANG, () -> eval("params.a =~ '(a|aa)+$'"))).isEqualTo(false);
        assertThat(eval("'abc' =~ 'a.c'")).isEqualTo(true);
        assertThat(eval("'abcd' =~ 'a.c'")).isEqualTo(false);
        assertThat(eval("'b' =~ ['a', 'b']")).isEqualTo(true);
    }

    @Test
    void regexSyntaxOutsideRe2IsRefusedWithAPlainSentence() {
        assertThatThrownBy(() -> eval("'aa' =~ '(a)\\\\1'"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("expression ''aa' =~ '(a)\\\\1'' failed: '(a)\\1' is not a valid regular expression")
                .hasMessageContaining("RE2");
        assertThatThrownBy(() -> eval("'ab' =~ 'a(?=b)'"))
                .hasMessageContaining("look-ahead")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception"));
    }

    @Test
    void resultsThatGrowWithoutBoundAreRefusedNamingTheExpression() {
        String nested = "json(".repeat(30) + "params.a" + ")".repeat(30);
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> eval(nested)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("expression '" + nested + "' failed: json: the text would be longer than");
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> eval("join(1..100000000, ',')")))
                .hasMessageContaining("more than 100000 elements");
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> eval("size(json(1..100000000))")))
                .hasMessageContaining("more than 100000 elements");
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> eval("contains(1..100000000000, -1)")))
                .hasMessageContaining("more than 100000 elements");
        String doubling = "replace(replace(replace(replace(params.a, 'a', params.a), 'a', params.a), 'a', params.a),"
                + " 'a', params.a)";
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> eval(doubling)))
                .hasMessageContaining("replace: the text would be longer than");
    }

    @Test
    void manyLargeButAllowedOperationsInOneExpressionAreBoundedToo() throws Exception {
        String many = String.join(" + ", java.util.Collections.nCopies(200, "size(json(1..99999))"));
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> eval(many)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("the expression does too much work");
        assertThat(eval("size(json(1..99999)) > 0")).isEqualTo(true);
    }

    @Test
    void deeplyNestedBracketsAreADiagnosticNotAStackOverflow() throws Exception {
        String deep = "(".repeat(400) + "1" + ")".repeat(400) + " == 1";
        assertThatThrownBy(() -> expressions.compile(deep, AT))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("nested more than 64 deep");
        // JEXL's parser takes time exponential in unclosed braces (found by FuzzTest): 12 took seconds
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG, () -> expressions.compile("{[".repeat(16), AT)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("maps are nested more than 6 deep, or a '{' is not closed");
        assertThat(eval("{'a': {'b': 1}}.a.b")).isEqualTo(1L);
        for (String unary : List.of("!".repeat(20000) + "true", "!".repeat(3000) + "params.s",
                "-".repeat(5000) + "1", "- ".repeat(3000) + "params.list[0]", "1" + " + 1".repeat(20000),
                "params.s" + " + params.s".repeat(5000), "true" + " && params.s == ''".repeat(5000))) {
            // on a thread of the default stack size, as steps run: a value is fine (an even number of '-'), a
            // StackOverflowError is not
            assertTimeoutPreemptively(HANG, () -> {
                try {
                    eval(unary);
                } catch (ExpressionException e) {
                    assertThat(e.getMessage()).startsWith("expression '");
                }
            });
        }
    }

    @Test
    void sizeAndEmptyPropagateErrorsInsteadOfAnsweringZero() throws Exception {
        assertThatThrownBy(() -> eval("size(params.s.bytes)")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("cannot be read here");
        assertThatThrownBy(() -> eval("empty(params.s.class)")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("size(1 / 0)")).hasMessageContaining("division by zero");
        assertThatThrownBy(() -> eval("size(12)")).hasMessageContaining("size: expected text, a list or a map");
        assertThat(eval("size(params.s)")).isEqualTo(6L);
        assertThat(eval("size(params.list)")).isEqualTo(2L);
        assertThat(eval("size(null)")).isEqualTo(0L);
        assertThat(eval("empty('')")).isEqualTo(true);
        assertThat(eval("empty(params.list)")).isEqualTo(false);
        assertThat(eval("empty(null)")).isEqualTo(true);
    }

    @Test
    void numericOverflowIsAnErrorNotAWrongNumber() throws Exception {
        for (String src : List.of("9223372036854775807 + 1", "-9223372036854775807 - 2", "4611686018427387904 * 2",
                "1 << 70", "1 << 63", "1 >> 64", "1e308 * 10")) {
            assertThatThrownBy(() -> eval(src)).as(src)
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("is out of range");
        }
        assertThatThrownBy(() -> eval("to-int('NaN')")).hasMessageContaining("to-int: 'NaN' is not a whole number");
        assertThatThrownBy(() -> eval("to-int('1e30')")).hasMessageContaining("is not a whole number in range");
        assertThatThrownBy(() -> eval("to-int(1e30)")).hasMessageContaining("is not a whole number in range");
        assertThatThrownBy(() -> eval("to-number('Infinity')")).hasMessageContaining("not a finite number");
        assertThat(eval("9223372036854775806 + 1")).isEqualTo(Long.MAX_VALUE);
        assertThat(eval("1 << 62")).isEqualTo(1L << 62);
        assertThat(eval("to-int('42.9')")).isEqualTo(42L);
        assertThat(eval("'a' + 'b'")).isEqualTo("ab");
    }

    @Test
    void timesOutOfRangeAreErrorsWithoutJavaWords() {
        assertThatThrownBy(() -> eval("add-time('+999999999-12-31T00:00:00Z', '36500d')"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("add-time: the time is out of range")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("long overflow"));
        assertThatThrownBy(() -> eval("add-time(now(), '999999999999d')"))
                .hasMessageContaining("is out of range: a duration is at most 36500d");
        assertThatThrownBy(() -> eval("duration('99999999999999999999999h')"))
                .hasMessageContaining("is out of range");
    }
}
