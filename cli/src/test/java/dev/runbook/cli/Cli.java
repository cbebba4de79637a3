package dev.runbook.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in-process through {@link Main#execute}, capturing stdout and stderr. */
final class Cli {
    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private boolean terminal;
    private Clock clock = Clock.systemUTC();

    static Cli cli() {
        return new Cli();
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stdin(String text) {
        this.stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Cli terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    Cli clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    Result run(String... args) {
        if (!env.containsKey("RUNBOOK_AUDIT_LOG")) {
            // Runs write an audit log: never the developer's own one in ~/.local/state.
            env.put("RUNBOOK_AUDIT_LOG", System.getProperty("java.io.tmpdir") + "/runbook-test-"
                    + ProcessHandle.current().pid() + "/audit.jsonl");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), stdin,
                Map.copyOf(env), terminal, clock, Main.isDebug(args));
        int code = Main.execute(args, context);
        return new Result(code, out.toString(), err.toString());
    }

    /** The outcome of one command line. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
