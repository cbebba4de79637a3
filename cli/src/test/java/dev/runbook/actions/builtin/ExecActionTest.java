package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExecActionTest {
    private static final int MIB = 1024 * 1024;

    private final ExecAction action = new ExecAction();
    private final FakeActionContext context = new FakeActionContext();

    private static Inputs inputs(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return new Inputs(m);
    }

    @Test
    void declaresTheInputsAndOutputsOfTheFormatTable() {
        assertThat(action.spec().name()).isEqualTo("exec");
        assertThat(action.spec().kind()).isEqualTo(Kind.MUTATING);
        assertThat(action.spec().inputs()).extracting(IoSpec::name, IoSpec::type, IoSpec::required).containsExactly(
                tuple("command", ValueType.ANY, true),
                tuple("shell", ValueType.BOOLEAN, false),
                tuple("env", ValueType.MAP, false),
                tuple("cwd", ValueType.STRING, false),
                tuple("read-only", ValueType.BOOLEAN, false),
                tuple("expect-exit", ValueType.LIST, false));
        assertThat(action.spec().outputs()).extracting(IoSpec::name, IoSpec::type).containsExactly(
                tuple("exitCode", ValueType.INTEGER),
                tuple("stdout", ValueType.STRING),
                tuple("stderr", ValueType.STRING));
    }

    @Test
    void isReadOnlyOnlyWhenTheStepSaysSo() {
        assertThat(action.kind(inputs("command", List.of("ls")))).isEqualTo(Kind.MUTATING);
        assertThat(action.kind(inputs("command", List.of("ls"), "read-only", false))).isEqualTo(Kind.MUTATING);
        assertThat(action.kind(inputs("command", List.of("ls"), "read-only", true))).isEqualTo(Kind.READ_ONLY);
    }

    @Test
    void previewQuotesEachArgumentForAPosixShellAndShowsCwdAndEnv() {
        // when
        Preview preview = action.preview(inputs(
                "command", List.of("psql", "-c", "select 1; drop table x", "it's", "", "--port=5432"),
                "cwd", "/srv/db",
                "env", Map.of("PGPASSWORD", "s3cret value")));

        // then
        assertThat(preview.summary()).isEqualTo("psql -c 'select 1; drop table x' 'it'\\''s' '' --port=5432");
        assertThat(preview.details()).containsExactly("cwd: /srv/db", "env: PGPASSWORD='s3cret value'");
    }

    @Test
    void previewOfAShellCommandIsTheShCommandLine() {
        assertThat(action.preview(inputs("command", "echo $HOME | wc -c", "shell", true)).summary())
                .isEqualTo("sh -c 'echo $HOME | wc -c'");
    }

    @Test
    void previewOfAStringWithoutShellSaysHowToFixIt() {
        assertThat(action.preview(inputs("command", "ls -l")).details())
                .containsExactly("invalid: command is one string; give an argv list, or set shell: true");
    }

    @Test
    void runsTheArgvStreamsEachLineAndTrimsTheTrailingNewline() throws Exception {
        // when
        Outputs out = action.apply(inputs("command", List.of("sh", "-c", "printf 'a\\nb\\n'; printf 'oops\\n' >&2")),
                context);

        // then
        assertThat(out.values()).containsEntry("exitCode", 0).containsEntry("stdout", "a\nb")
                .containsEntry("stderr", "oops");
        assertThat(context.lines("stdout")).containsExactly("a", "b");
        assertThat(context.lines("stderr")).containsExactly("oops");
    }

    @Test
    void passesEveryArgumentLiterallyWithNoShellInBetween() throws Exception {
        // when
        Outputs out = action.apply(inputs("command", List.of("printf", "%s|", "; rm -rf /tmp/x", "$(id)", "*")),
                context);

        // then
        assertThat(out.get("stdout")).isEqualTo("; rm -rf /tmp/x|$(id)|*|");
    }

    @Test
    void runsOneStringUnderShWhenShellIsTrue() throws Exception {
        // when
        Outputs out = action.apply(inputs("command", "echo $((1 + 2)) | tr 3 x", "shell", true), context);

        // then
        assertThat(out.get("stdout")).isEqualTo("x");
    }

    @Test
    void aShellScriptReferencesEachValueAsAPositionalParameterQuotedForWhereItStands() throws Exception {
        String evil = "a b; touch /nonexistent/x $(id) '\"";
        List<String> argv = ExecAction.shellArgv(List.of("echo ", evil, " \"in ", evil, "\" 'single ", evil, "'"));

        assertThat(argv).containsExactly("sh", "-c", "echo \"${1}\" \"in ${2}\" 'single '\"${3}\"''", "sh",
                evil, evil, evil);
        Outputs out = action.apply(inputs("command", argv), context);
        assertThat(out.get("stdout")).isEqualTo(evil + " in " + evil + " single " + evil);
    }

    @Test
    void refusesAStringCommandWithoutShellWithAnActionableMessage() {
        assertThatThrownBy(() -> action.apply(inputs("command", "rm -rf /tmp/x"), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("command is one string; give an argv list, or set shell: true");
    }

    @Test
    void refusesAListCommandWithShell() {
        assertThatThrownBy(() -> action.apply(inputs("command", List.of("ls", "-l"), "shell", true), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("command is a list but shell: true runs one string; give one string, "
                        + "or leave out shell to run the list as it is");
    }

    @Test
    void reportsACommandThatIsNotOnThePath() {
        assertThatThrownBy(() -> action.apply(inputs("command", List.of("no-such-command-4711", "x")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("command not found: 'no-such-command-4711' (not on PATH)");
    }

    @Test
    void failsOnAnUnexpectedExitCodeWithTheLastFiveLinesOfStderr() {
        assertThatThrownBy(() -> action.apply(inputs("command", List.of("sh", "-c",
                "for i in 1 2 3 4 5 6 7; do echo line$i >&2; done; exit 3")), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("command exited with 3; stderr ended with:\n  line3\n  line4\n  line5\n  line6\n  line7");
    }

    @Test
    void failsOnAnUnexpectedExitCodeWithoutStderr() {
        assertThatThrownBy(() -> action.apply(inputs("command", List.of("sh", "-c", "exit 4"),
                "expect-exit", List.of(0, 1)), context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("command exited with 4 (expected 0, 1)");
    }

    @Test
    void acceptsTheExitCodesListedInExpectExit() throws Exception {
        // when
        Outputs out = action.apply(inputs("command", List.of("sh", "-c", "exit 1"), "expect-exit", List.of(0, 1)),
                context);

        // then
        assertThat(out.get("exitCode")).isEqualTo(1);
    }

    @Test
    void addsEnvToTheInheritedEnvironmentAndRunsInCwd(@TempDir Path dir) throws Exception {
        // when
        Outputs out = action.apply(inputs(
                "command", List.of("sh", "-c", "printf '%s|%s|%s' \"$GREETING\" \"$(pwd -P)\" \"${PATH:+inherited}\""),
                "env", Map.of("GREETING", "hi there"),
                "cwd", dir.toString()), context);

        // then
        assertThat(out.get("stdout")).isEqualTo("hi there|" + dir.toRealPath() + "|inherited");
    }

    @Test
    void refusesACwdThatIsNotADirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> action.apply(inputs("command", List.of("ls"), "cwd", dir.resolve("nope").toString()),
                context))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("cwd '" + dir.resolve("nope") + "' is not a directory");
    }

    @Test
    void keepsTheFirstMebibyteOfAHundredMegabytesAndCutsTheLongLine() throws Exception {
        // when: one 100 MB line, no newline at all
        Outputs out = action.apply(inputs("command", "head -c 100000000 /dev/zero | tr '\\0' a", "shell", true),
                context);

        // then
        String stdout = (String) out.get("stdout");
        assertThat(stdout).hasSize(MIB + "\n[... 98951424 more bytes not kept]".length())
                .startsWith("aaaa")
                .endsWith("a\n[... 98951424 more bytes not kept]");
        assertThat(context.lines("stdout")).singleElement()
                .isEqualTo("a".repeat(8192) + " [... line cut, 99991808 more bytes]");
    }

    @Test
    void drainsBothStreamsOfAChattyChildToTheEnd() throws Exception {
        // when: ten million short lines on stdout and a long stream on stderr at the same time
        Outputs out = action.apply(inputs("command",
                "(head -c 30000000 /dev/zero | tr '\\0' e >&2) & yes | head -n 10000000; wait", "shell", true),
                context);

        // then
        assertThat(context.lineCount("stdout")).isEqualTo(10_000_000L);
        assertThat((String) out.get("stdout")).startsWith("y\ny\n").endsWith("\n[... 18951424 more bytes not kept]");
        assertThat((String) out.get("stderr")).endsWith("e\n[... 28951424 more bytes not kept]");
    }

    @Test
    void endsTheChildAndItsDescendantsWhenInterrupted() throws Exception {
        // given: a shell with two background sleeps, which prints their pids and its own
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                action.apply(inputs("command", List.of("sh", "-c",
                        "sleep 300 & echo $!; sleep 300 & echo $!; echo $$; wait")), context);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        List<String> pids = context.awaitLines("stdout", 3);

        // when
        runner.interrupt();
        runner.join();

        // then
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        for (String pid : pids) {
            assertThat(ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive))
                    .as("process %s", pid).isEmpty();
        }
    }

    @Test
    void anInterruptAlsoEndsAProcessThatLeftTheTreeInASessionOfItsOwn() throws Exception {
        // given: an orphan in its own session (double fork, then setsid), no longer a descendant of the child
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                action.apply(inputs("command", List.of("sh", "-c",
                        "(setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!); echo ready; sleep 300")), context);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(context.awaitLines("stdout", 2).get(0))).orElseThrow();

        // when
        runner.interrupt();
        runner.join();

        // then
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(orphan.isAlive()).as("the orphan %s", orphan.pid()).isFalse();
    }

    @Test
    void returnsWhenTheShellExitsEvenIfABackgroundJobStillHoldsItsOutput() throws Exception {
        // when: the shell exits at once and leaves a background job behind, as the command asked
        Outputs out = action.apply(inputs("command", "sleep 300 & echo $!", "shell", true), context);

        // then
        ProcessHandle job = ProcessHandle.of(Long.parseLong((String) out.get("stdout"))).orElseThrow();
        try {
            assertThat(out.get("exitCode")).isEqualTo(0);
            assertThat(job.isAlive()).isTrue();
        } finally {
            job.destroyForcibly();
        }
    }

    @Test
    void aLineRewrittenWithCarriageReturnsIsReportedAsProgressWhileItLastsAndShownOnceWhole(@TempDir Path dir)
            throws Exception {
        Path go = dir.resolve("go");
        AtomicReference<Outputs> result = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                result.set(action.apply(inputs("command", List.of("sh", "-c",
                        "printf 'copy 10%%\\rcopy 50%%\\r'; while [ ! -e \"$1\" ]; do sleep 0.02; done; printf 'copy 100%%\\n'",
                        "sh", go.toString()), "read-only", true), context));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        run.start();

        // the progress is there while the command still runs (a bounded wait for it, then the command ends)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!progress().contains("copy 50%")) {
            assertThat(System.nanoTime()).as("progress reported: " + progress()).isLessThan(deadline);
            Thread.sleep(10);
        }
        java.nio.file.Files.createFile(go);
        run.join(30_000);

        assertThat(progress()).doesNotContain("").last().isEqualTo("copy 50%");
        assertThat(context.lines("stdout")).containsExactly("copy 10%\rcopy 50%\rcopy 100%");
        assertThat(result.get().get("stdout")).isEqualTo("copy 10%\rcopy 50%\rcopy 100%");
    }

    private List<String> progress() {
        synchronized (context) {
            return List.copyOf(context.progress);
        }
    }
}
