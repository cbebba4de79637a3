package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runbook.model.Location;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tries to escape the expression sandbox; every attempt must be an error, never a value, and change nothing. */
class ExpressionSandboxTest {
    private static final Location AT = new Location("rb.yaml", 1, 1);

    private static Map<String, Object> scope() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("s", "text");
        params.put("list", new ArrayList<>(List.of("a", "b")));
        params.put("m", new HashMap<>(Map.of("k", "v")));
        Map<String, Object> scope = new HashMap<>();
        scope.put("params", params);
        scope.put("steps", new HashMap<>());
        scope.put("run", Map.of("id", "r-1"));
        return scope;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "''.class",
        "params.s.class",
        "params.list.class",
        "params.m.class",
        "x.getClass()",
        "params.s.getClass()",
        "''.getClass().forName('java.lang.Runtime')",
        "java.lang.System.exit(1)",
        "System",
        "Runtime",
        "new('java.io.File','/etc/passwd')",
        "new java.io.File('/etc/passwd')",
        "params.s.bytes",
        "params.s.length()",
        "params.s.empty",
        "params.x = 1",
        "params.s = 'changed'",
        "params.m.k = 'changed'",
        "params['s'] = 'changed'",
        "x = 1",
        "var x = 1",
        "params.list += 'c'",
        "for (x : params.list) { x }",
        "while (true) { 1 }",
        "x -> x",
        "(x) -> x",
        "function(x) { x }",
        "#pragma jexl.namespace.java java.lang.System",
        "import java.lang",
        "import java.lang; 1",
        "java:exit()",
        "java.lang.System:exit(0)",
        "params.m.entrySet()",
        "params.m.put('k', 'changed')",
        "params.m.clear()",
        "params.list.add('c')",
        "params.list.remove(0)",
        "env.HOME",
        "'/etc/passwd'.text",
        "params.s.toString()",
        "now().class",
        "1; 2",
        "`${params.s}`",
        "@silent params.s",
        "params.s.hashCode",
        "params.m.getClass().getClassLoader()",
        "this"
    })
    void rejectsEscapeAttempt(String source) {
        // given
        Map<String, Object> scope = scope();
        Map<String, Object> before = deepCopy(scope);
        Expressions expressions = Expressions.shared();
        // when
        Object[] result = new Object[1];
        Throwable thrown = catchThrowable(() -> result[0] = expressions.evaluate(expressions.compile(source, AT), scope));
        // then
        assertThat(thrown).as("%s gave %s", source, result[0]).isInstanceOf(ExpressionException.class);
        assertThat(thrown.getMessage()).contains(source.strip()).doesNotContain("org.apache");
        assertThat(scope).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"${{ params.s.class }}", "x ${{ ''.getClass() }}", "${{ new('java.io.File', 'x') }}"})
    void rejectsEscapeAttemptInsideTemplates(String text) {
        // when
        Throwable thrown = catchThrowable(() -> Expressions.shared().evaluate(Template.parse(text, AT), scope()));
        // then
        assertThat(thrown).isInstanceOf(ExpressionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"new('java.io.File', '" + "/tmp/runbook-sandbox-probe" + "').createNewFile()",
        "new('java.io.FileOutputStream', '/tmp/runbook-sandbox-probe')"})
    void cannotCreateFiles(String source) {
        // given
        File probe = new File("/tmp/runbook-sandbox-probe");
        boolean existed = probe.exists();
        // when
        Throwable thrown = catchThrowable(() -> Expressions.shared().evaluate(
                Expressions.shared().compile(source, AT), scope()));
        // then
        assertThat(thrown).isInstanceOf(ExpressionException.class);
        assertThat(probe.exists()).isEqualTo(existed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v)
                : v instanceof List ? new ArrayList<>((List<Object>) v) : v));
        return copy;
    }
}
