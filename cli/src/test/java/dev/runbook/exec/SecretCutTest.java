package dev.runbook.exec;

import static dev.runbook.exec.TestRunbooks.runbook;
import static dev.runbook.exec.TestRunbooks.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionRegistry;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.model.Runbook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output cut at a limit must not end with the first characters of a secret whose rest was cut off. */
class SecretCutTest {
    private static final String TOKEN = "TOPSECRET-value-1234";
    private final TestSupport.Recorder shown = new TestSupport.Recorder();

    private RunResult run(Runbook rb) {
        return Executor.builder().registry(ActionRegistry.of(new BuiltinActions().actions())).listener(shown)
                .journal(shown).build().run(rb, Map.of("token", TOKEN), RunState.fresh());
    }

    private static TestRunbooks.StepBuilder sh(String id, String script) {
        return step(id, "exec").with("command", List.of("sh", "-c", script, "${{ params.token }}"), "read-only", true);
    }

    @Test
    void aStreamedLineCutAt8KiBDoesNotEndWithTheStartOfASecret() {
        // given: 8188 spaces, then the secret: the line is cut 4 characters into it
        Runbook rb = runbook().param("token", true).step(sh("long", "printf '%8188s%s\\n' '' \"$0\"")).build();

        // when
        RunResult result = run(rb);

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        String line = shown.of(RunEvent.StepOutput.class).get(0).line();
        assertThat(line).endsWith(" ".repeat(10) + "*** [... line cut, 16 more bytes]")
                .doesNotContain("TOPS");
    }

    @Test
    void aCaptureCutAt1MiBDoesNotEndWithTheStartOfASecret() {
        // given: 1 MiB minus 6 bytes of 'a', then the secret: the capture keeps its first 6 characters
        Runbook rb = runbook().param("token", true)
                .step(sh("flood", "head -c 1048570 /dev/zero | tr '\\0' a; printf '%s' \"$0\"")).build();

        // when
        RunResult result = run(rb);

        // then
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        Object stdout = shown.of(RunEvent.StepFinished.class).get(0).outputs().get("stdout");
        assertThat((String) stdout).endsWith("aaa***\n[... 14 more bytes not kept]").doesNotContain("TOPSEC");
        assertThat(shown.events().toString()).doesNotContain("TOPSEC");
    }
}
