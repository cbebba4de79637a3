package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code exec}: runs a program. The {@code command} is an argv list handed to the operating system as it is, so no
 * value is ever spliced into a shell string; only {@code shell: true} runs one string under {@code sh -c}, and
 * then each {@code ${{ }}} of the string reaches the shell as a positional parameter ({@code "$1"}, ...), never as
 * code. Output is streamed line by line while the child runs and kept up to 1 MiB per stream. The child runs in a
 * session of its own (so the terminal's Ctrl-C reaches runbook, not the command), with {@code RUNBOOK_STEP_TOKEN}
 * in its environment and the run's AWS settings as {@code AWS_*} variables. Interruption (timeout, abort) ends the
 * child, all its descendants and every process carrying its token.
 *
 * <p>Extension to the format's table: {@code expect-exit}, the list of exit codes that count as success (default
 * {@code [0]}), e.g. {@code [0, 1]} for {@code grep} or {@code diff}.
 */
public final class ExecAction implements Action {
    static final String COMMAND_IS_STRING = "command is one string; give an argv list, or set shell: true";
    static final String COMMAND_IS_LIST = "command is a list but shell: true runs one string; give one string, "
            + "or leave out shell to run the list as it is";

    private static final ActionSpec SPEC = new ActionSpec(
            "exec",
            "Runs a program from an argv list (no shell), or one string under sh -c with shell: true.",
            Kind.MUTATING,
            List.of(
                    IoSpec.required("command", ValueType.ANY,
                            "the program and its arguments as a list (passed as is, no shell); "
                                    + "one string when shell is true"),
                    IoSpec.optional("shell", ValueType.BOOLEAN,
                            "true: run command, one string, with sh -c (default false)"),
                    IoSpec.optional("env", ValueType.MAP,
                            "environment variables added to the inherited environment (name: value)"),
                    IoSpec.optional("cwd", ValueType.STRING, "the working directory (default: the current one)"),
                    IoSpec.optional("read-only", ValueType.BOOLEAN,
                            "true when the command changes nothing, so the step needs no confirmation "
                                    + "and runs in preflight (default false)"),
                    IoSpec.optional("expect-exit", ValueType.LIST,
                            "exit codes that count as success (default [0])")),
            List.of(
                    IoSpec.output("exitCode", ValueType.INTEGER, "the exit code of the command"),
                    IoSpec.output("stdout", ValueType.STRING,
                            "standard output, trailing newline trimmed, at most 1 MiB kept"),
                    IoSpec.output("stderr", ValueType.STRING,
                            "standard error, trailing newline trimmed, at most 1 MiB kept")),
            false);

    private static final long WATCH_MILLIS = 250;

    /** util-linux setsid, which starts the command in a new session; null where there is none. */
    private static final String SETSID = findSetsid();

    private final int captureLimit;

    private final Map<String, String> runEnvironment;

    public ExecAction() {
        this(BoundedCapture.DEFAULT_LIMIT, Map.of());
    }

    /** @param runEnvironment variables every child gets unless its step's {@code env} sets them (the AWS settings) */
    public ExecAction(Map<String, String> runEnvironment) {
        this(BoundedCapture.DEFAULT_LIMIT, runEnvironment);
    }

    /** For tests: a smaller capture limit. */
    ExecAction(int captureLimit) {
        this(captureLimit, Map.of());
    }

    private ExecAction(int captureLimit, Map<String, String> runEnvironment) {
        this.captureLimit = captureLimit;
        this.runEnvironment = Map.copyOf(runEnvironment);
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public Kind kind(Inputs inputs) {
        return inputs.bool("read-only", false) ? Kind.READ_ONLY : Kind.MUTATING;
    }

    @Override
    public Preview preview(Inputs inputs) {
        List<String> details = new ArrayList<>();
        String summary;
        try {
            summary = Texts.shellLine(argv(inputs));
        } catch (ActionFailedException e) {
            summary = String.valueOf(inputs.get("command"));
            details.add("invalid: " + e.getMessage());
        }
        if (inputs.has("cwd")) {
            details.add("cwd: " + inputs.string("cwd"));
        }
        Map<String, Object> env = inputs.map("env");
        if (!env.isEmpty()) {
            StringJoiner j = new StringJoiner(" ", "env: ", "");
            env.forEach((k, v) -> j.add(k + "=" + Texts.shellQuote(String.valueOf(v))));
            details.add(j.toString());
        }
        if (inputs.has("expect-exit")) {
            details.add("expect exit: " + inputs.list("expect-exit"));
        }
        return new Preview(summary, details);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        List<String> argv = argv(inputs, context);
        Set<Integer> expected = expectedExit(inputs);
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(runEnvironment);
        configure(builder, inputs);
        String token = UUID.randomUUID().toString();
        builder.environment().put(ProcessTree.TOKEN, token);
        if (SETSID != null) {
            // setsid reports a program it cannot start with an exit code; found here it gets the plain message
            checkProgram(argv.get(0), builder);
            List<String> inSession = new ArrayList<>(List.of(SETSID, "--wait"));
            inSession.addAll(argv);
            builder.command(inSession);
        }

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw notStarted(argv.get(0), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The child may already be gone; it gets end-of-file on stdin either way.
        }
        StreamPump out = new StreamPump("stdout", process.getInputStream(), context::output, captureLimit,
                context::maskCutEnd, context::progress);
        StreamPump err = new StreamPump("stderr", process.getErrorStream(), context::output, captureLimit,
                context::maskCutEnd, context::progress);
        Thread outThread = pumpThread(out, "stdout", context);
        Thread errThread = pumpThread(err, "stderr", context);

        Set<ProcessHandle> seen = new LinkedHashSet<>();
        int code;
        try {
            // Noting descendants while waiting lets an interrupt also end background jobs whose parent has exited.
            while (!process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
                seen.removeIf(h -> !h.isAlive());
                process.descendants().forEach(seen::add);
            }
            code = process.exitValue();
            // A background job the command left running may still hold its output pipes open, and a reader blocked
            // in read() then keeps the JDK from draining and closing them at exit. So the readers get a bounded
            // grace to reach end-of-file; after it the step ends with what was written, and a reader still waiting
            // is detached (a daemon that ends with its pipe) so nothing more is shown for a finished step.
            awaitOrDetach(outThread, out);
            awaitOrDetach(errThread, err);
        } catch (InterruptedException e) {
            ProcessTree.destroy(process, seen, token);
            joinBriefly(outThread);
            joinBriefly(errThread);
            throw e;
        }

        if (!expected.contains(code)) {
            throw new ActionFailedException(exitMessage(code, expected, err.tail()));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("exitCode", code);
        values.put("stdout", out.capture().text(StandardCharsets.UTF_8));
        values.put("stderr", err.capture().text(StandardCharsets.UTF_8));
        return Outputs.of(values);
    }

    /**
     * The argv to start: the list as it is, or {@code sh -c SCRIPT sh VALUE...}, where the script is the string as
     * written with each {@code ${{ }}} replaced by a positional parameter and the values follow as arguments.
     */
    static List<String> argv(Inputs inputs, ActionContext context) throws ActionFailedException {
        List<String> argv = argv(inputs);
        if (!inputs.bool("shell", false)) {
            return argv;
        }
        Optional<List<String>> parts = context.templateParts("command", argv.get(2));
        return parts.isPresent() ? shellArgv(parts.get()) : argv;
    }

    /**
     * {@code sh -c} with the literal parts (even indexes) as the script and each value (odd indexes) as a
     * positional parameter. The reference is written for where it stands: {@code "${1}"} outside quotes,
     * {@code ${1}} inside double quotes, {@code '"${1}"'} inside single quotes (the quote is closed around it), so
     * that the value stays one word, is not split or globbed, and is never read as code.
     */
    static List<String> shellArgv(List<String> parts) {
        StringBuilder script = new StringBuilder();
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "", "sh"));
        char quote = 0;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                quote = scanQuotes(part, quote);
                script.append(part);
                continue;
            }
            argv.add(part);
            int n = argv.size() - 4;
            String ref = "${" + n + "}";
            script.append(quote == '\'' ? "'\"" + ref + "\"'" : quote == '"' ? ref : "\"" + ref + "\"");
        }
        argv.set(2, script.toString());
        return List.copyOf(argv);
    }

    /** The quoting state ({@code 0}, {@code '} or {@code "}) after {@code text}, starting in {@code quote}. */
    private static char scanQuotes(String text, char quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
            } else if (c == '\\') {
                i++;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote;
    }

    /** What {@link #argv} and {@link #expectedExit} refuse at run time, found before: the same checks. */
    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (literal.has("command") && !computed.contains("shell")) {
            try {
                argv(literal);
            } catch (ActionFailedException e) {
                problems.put("command", e.getMessage());
            }
        }
        if (literal.has("expect-exit")) {
            try {
                expectedExit(literal);
            } catch (ActionFailedException e) {
                problems.put("expect-exit", e.getMessage());
            }
        }
        return problems;
    }

    /** The argv to start: the list as it is, or {@code sh -c STRING}. */
    static List<String> argv(Inputs inputs) throws ActionFailedException {
        Object command = inputs.get("command");
        boolean shell = inputs.bool("shell", false);
        if (command == null) {
            throw new ActionFailedException("command is missing");
        }
        if (shell) {
            if (command instanceof List) {
                throw new ActionFailedException(COMMAND_IS_LIST);
            }
            if (command instanceof Map) {
                throw new ActionFailedException("command is a map; give one string to run with sh -c");
            }
            String line = String.valueOf(command);
            if (line.isBlank()) {
                throw new ActionFailedException("command is empty");
            }
            return List.of("sh", "-c", line);
        }
        if (command instanceof CharSequence) {
            throw new ActionFailedException(COMMAND_IS_STRING);
        }
        if (!(command instanceof List)) {
            throw new ActionFailedException("command is " + Texts.describe(command)
                    + "; give an argv list, e.g. [systemctl, restart, nginx]");
        }
        List<?> list = (List<?>) command;
        if (list.isEmpty()) {
            throw new ActionFailedException("command is an empty list; give at least the program to run");
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object a = list.get(i);
            if (a == null || a instanceof Map || a instanceof List) {
                throw new ActionFailedException("command element " + (i + 1) + " is " + Texts.describe(a)
                        + "; each element of the argv list must be one string");
            }
            argv.add(String.valueOf(a));
        }
        if (argv.get(0).isEmpty()) {
            throw new ActionFailedException("command starts with an empty program name");
        }
        return List.copyOf(argv);
    }

    private static Set<Integer> expectedExit(Inputs inputs) throws ActionFailedException {
        if (!inputs.has("expect-exit")) {
            return Set.of(0);
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (Object o : inputs.list("expect-exit")) {
            try {
                codes.add(o instanceof Number ? ((Number) o).intValue() : Integer.parseInt(String.valueOf(o).trim()));
            } catch (NumberFormatException e) {
                throw new ActionFailedException("expect-exit: " + Texts.describe(o) + " is not an exit code");
            }
        }
        if (codes.isEmpty()) {
            throw new ActionFailedException("expect-exit is empty; give the exit codes that count as success");
        }
        return codes;
    }

    private static void configure(ProcessBuilder builder, Inputs inputs) throws ActionFailedException {
        Map<String, String> environment = builder.environment();
        for (Map.Entry<String, Object> e : inputs.map("env").entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                throw new ActionFailedException("env: '" + name + "' is not a valid variable name");
            }
            if (e.getValue() == null) {
                environment.remove(name);
            } else {
                environment.put(name, String.valueOf(e.getValue()));
            }
        }
        String cwd = inputs.string("cwd");
        if (cwd != null) {
            File dir = new File(cwd);
            if (!dir.isDirectory()) {
                throw new ActionFailedException("cwd '" + cwd + "' is not a directory");
            }
            builder.directory(dir);
        }
    }

    private static String findSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    /** Fails as a direct start would when the program cannot be found or run (PATH of the child's environment). */
    private static void checkProgram(String program, ProcessBuilder builder) throws ActionFailedException {
        if (program.contains("/")) {
            File file = new File(program);
            if (!file.isAbsolute() && builder.directory() != null) {
                file = new File(builder.directory(), program);
            }
            if (!file.exists()) {
                throw new ActionFailedException("command not found: '" + program + "' (no such file)");
            }
            if (file.isDirectory() || !file.canExecute()) {
                throw new ActionFailedException("command cannot be run: '" + program + "' (permission denied)");
            }
            return;
        }
        String path = builder.environment().getOrDefault("PATH", "");
        boolean exists = false;
        for (String dir : path.split(File.pathSeparator, -1)) {
            File file = new File(dir.isEmpty() ? "." : dir, program);
            if (file.isFile() && file.canExecute()) {
                return;
            }
            exists |= file.exists();
        }
        throw exists ? new ActionFailedException("command cannot be run: '" + program + "' (permission denied)")
                : new ActionFailedException("command not found: '" + program + "' (not on PATH)");
    }

    private static ActionFailedException notStarted(String program, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("error=2,")) {
            return new ActionFailedException(program.contains("/")
                    ? "command not found: '" + program + "' (no such file)"
                    : "command not found: '" + program + "' (not on PATH)", e);
        }
        if (message.contains("error=13,")) {
            return new ActionFailedException("command cannot be run: '" + program + "' (permission denied)", e);
        }
        return new ActionFailedException("cannot start '" + program + "': " + message, e);
    }

    private static String exitMessage(int code, Set<Integer> expected, List<String> stderrTail) {
        StringBuilder b = new StringBuilder("command exited with ").append(code);
        if (!expected.equals(Set.of(0))) {
            StringJoiner j = new StringJoiner(", ");
            expected.forEach(c -> j.add(String.valueOf(c)));
            b.append(" (expected ").append(j).append(')');
        }
        if (!stderrTail.isEmpty()) {
            b.append("; stderr ended with:");
            stderrTail.forEach(line -> b.append("\n  ").append(line));
        }
        return b.toString();
    }

    /** How long readers may take to reach end-of-file after the command exited. */
    private static final long OUTPUT_GRACE_MILLIS = 2_000;

    private static Thread pumpThread(StreamPump pump, String stream, ActionContext context) {
        Thread t = new Thread(pump, "exec-" + stream + "-" + context.stepId());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitOrDetach(Thread t, StreamPump pump) throws InterruptedException {
        t.join(OUTPUT_GRACE_MILLIS);
        if (t.isAlive()) {
            pump.detach();
        }
    }

    private static void joinBriefly(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            // Cleaning up after an interrupt already; a reader left running is a daemon that ends with its pipe.
        }
    }
}
