package dev.runbook.bench;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import dev.runbook.audit.HashChainedAuditLog;
import dev.runbook.audit.RunOrigin;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Executor;
import dev.runbook.exec.RunJournal;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.exec.RunStatus;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the executor's own cost per step: runbooks of 1,000 and 10,000 steps of an in-memory action that does
 * nothing, through {@link Executor} with {@link RunJournal#NONE} and a listener that ignores every event. Two
 * shapes: bare steps (no inputs), and steps whose one input is an expression reading the previous step's output.
 * Each figure is the median of 7 runs after 3 warm-up runs; parsing is outside the timing. Not a test; run it with
 * {@code java -cp target/test-classes:target/classes:DEPS dev.runbook.bench.ExecutorBenchmark [RUNS]}; with
 * {@code RUNS audit [FOLDER]} it times 1,000 steps with the audit log (fsync on and off) against the disk's raw
 * fsync rate.
 */
public final class ExecutorBenchmark {
    private static final int WARMUPS = 3;

    private ExecutorBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        if (args.length > 1 && args[1].equals("audit")) {
            audit(Paths.get(args.length > 2 ? args[2] : "target/bench-audit"), runs);
            return;
        }
        ActionRegistry registry = ActionRegistry.of(List.of(new NoopAction()));
        Executor executor = Executor.builder()
                .registry(registry)
                .journal(RunJournal.NONE)
                .listener(ExecutionListener.NONE)
                .parallelism(4)
                .build();
        RunbookParser parser = new RunbookParser();
        for (boolean withInputs : new boolean[] {false, true}) {
            for (int n : new int[] {1_000, 10_000}) {
                ParseResult parsed = parser.parse("bench.yaml", generate(n, withInputs));
                if (parsed.hasErrors()) {
                    throw new IllegalStateException("generated runbook does not parse: " + parsed.problems().get(0));
                }
                Runbook runbook = parsed.runbook();
                List<Long> times = new ArrayList<>();
                for (int r = 0; r < WARMUPS + runs; r++) {
                    long start = System.nanoTime();
                    RunResult result = executor.run(runbook, Map.of(), RunState.fresh());
                    long took = System.nanoTime() - start;
                    if (result.status() != RunStatus.SUCCEEDED) {
                        throw new IllegalStateException("benchmark run did not succeed: " + result.message());
                    }
                    if (r >= WARMUPS) {
                        times.add(took);
                    }
                }
                double medianMs = median(times);
                System.out.printf(Locale.ROOT, "%-28s %6d steps: run %9.1f ms, %7.3f ms per step (median of %d after"
                                + " %d warm-ups; min %.1f ms, max %.1f ms)%n",
                        withInputs ? "one expression input/step" : "bare steps", n, medianMs, medianMs / n, runs,
                        WARMUPS, Collections.min(times) / 1e6, Collections.max(times) / 1e6);
            }
        }
    }

    /**
     * 1,000 bare no-op mutating steps with the audit log as the journal, with and without its fsync, against the raw
     * rate of one write + force per step of as many bytes as the log holds per step, on the same disk (rounds
     * alternate; medians). Group commit forces once per mutating step (its start, with the previous step's end).
     */
    private static void audit(Path dir, int runs) throws IOException {
        int n = 1_000;
        Files.createDirectories(dir);
        Runbook runbook = new RunbookParser().parse("bench.yaml", generate(n, false).replace("action: noop",
                "action: noop-mutating")).runbook();
        ActionRegistry registry = ActionRegistry.of(List.of(new NoopAction(), new NoopAction(Kind.MUTATING)));
        RunOrigin origin = new RunOrigin("/bench/bench.yaml", "ab".repeat(32), null, "bench", false);
        Path log = dir.resolve("audit.jsonl");
        long lines = 0;
        long bytes = 0;
        List<Double> raw = new ArrayList<>();
        List<Double> synced = new ArrayList<>();
        List<Double> unsynced = new ArrayList<>();
        for (int r = 0; r < 1 + runs; r++) {
            for (boolean fsync : new boolean[] {true, false}) {
                Files.deleteIfExists(log);
                long took;
                try (HashChainedAuditLog journal = HashChainedAuditLog.open(log, origin, fsync, Clock.systemUTC())) {
                    Executor executor = Executor.builder().registry(registry).journal(journal)
                            .listener(ExecutionListener.NONE).parallelism(4).build();
                    long start = System.nanoTime();
                    RunResult result = executor.run(runbook, Map.of(), RunState.fresh());
                    took = System.nanoTime() - start;
                    if (result.status() != RunStatus.SUCCEEDED) {
                        throw new IllegalStateException("benchmark run did not succeed: " + result.message());
                    }
                }
                lines = Files.readAllLines(log).size();
                bytes = Files.size(log);
                if (r > 0) {
                    (fsync ? synced : unsynced).add(took / 1e6 / n);
                }
            }
            int lineSize = (int) Math.max(2, bytes / n);
            double rate = rawRate(dir.resolve("raw.bin"), lineSize, n);
            if (r > 0) {
                raw.add(rate);
            }
        }
        double rawPerS = medianOf(raw);
        double syncedMs = medianOf(synced);
        double unsyncedMs = medianOf(unsynced);
        double recordsPerStep = (double) lines / n;
        double rawStepMs = 1000 / rawPerS;
        System.out.printf(Locale.ROOT, "audit: %d mutating no-op steps, %d records (%.2f per step), mean record %d bytes"
                        + " (%d per step); medians of %d rounds after 1 warm-up, alternating%n", n, lines,
                recordsPerStep, bytes / lines, bytes / n, runs);
        System.out.printf(Locale.ROOT, "raw write+fsync of %d bytes: %.0f per s (%.3f ms each: one per step)%n",
                bytes / n, rawPerS, rawStepMs);
        System.out.printf(Locale.ROOT, "run with fsync: %.3f ms per step (%.0f steps/s) = %.0f%% of the raw rate of one"
                + " fsync per step%n", syncedMs, 1000 / syncedMs, 100 * rawStepMs / syncedMs);
        System.out.printf(Locale.ROOT, "run without fsync: %.3f ms per step (engine + audit records, no disk wait)%n",
                unsyncedMs);
    }

    private static double rawRate(Path file, int lineSize, int n) throws IOException {
        Files.deleteIfExists(file);
        byte[] line = new byte[lineSize];
        Arrays.fill(line, (byte) 'x');
        line[lineSize - 1] = '\n';
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    /** A chain: each step follows the one above it (the default without {@code needs}). */
    static String generate(int n, boolean withInputs) {
        StringBuilder b = new StringBuilder(n * 60);
        b.append("runbook: 1\nname: bench-exec-").append(n).append("\nsteps:\n");
        for (int i = 0; i < n; i++) {
            b.append("- {id: s").append(i).append(", action: noop");
            if (withInputs && i > 0) {
                b.append(", with: {v: '${{ steps.s").append(i - 1).append(".outputs.v }}'}");
            }
            b.append("}\n");
        }
        return b.toString();
    }

    /** Does nothing: returns its input (or 1) as its one output; {@code noop} is read-only, {@code noop-mutating} not. */
    private static final class NoopAction implements Action {
        private final ActionSpec spec;

        NoopAction() {
            this(Kind.READ_ONLY);
        }

        NoopAction(Kind kind) {
            spec = new ActionSpec(kind == Kind.READ_ONLY ? "noop" : "noop-mutating", "does nothing", kind,
                    List.of(IoSpec.optional("v", ValueType.ANY, "passed through")),
                    List.of(IoSpec.output("v", ValueType.ANY, "the input, or 1")), false);
        }

        @Override
        public ActionSpec spec() {
            return spec;
        }

        @Override
        public Preview preview(Inputs inputs) {
            return Preview.of("noop");
        }

        @Override
        public Outputs apply(Inputs inputs, ActionContext context) {
            Object v = inputs.get("v");
            return Outputs.of(Map.of("v", v == null ? 1 : v));
        }
    }
}
