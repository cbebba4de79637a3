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
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Executor;
import dev.runbook.exec.RunJournal;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.exec.RunStatus;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the executor's own cost per step: runbooks of 1,000 and 10,000 steps of an in-memory action that does
 * nothing, through {@link Executor} with {@link RunJournal#NONE} and a listener that ignores every event. Two
 * shapes: bare steps (no inputs), and steps whose one input is an expression reading the previous step's output.
 * Each figure is the median of 7 runs after 3 warm-up runs; parsing is outside the timing. Not a test; run it with
 * {@code java -cp target/test-classes:target/classes:DEPS dev.runbook.bench.ExecutorBenchmark [RUNS]}.
 */
public final class ExecutorBenchmark {
    private static final int WARMUPS = 3;

    private ExecutorBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
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

    /** Does nothing: returns its input (or 1) as its one output. */
    private static final class NoopAction implements Action {
        private static final ActionSpec SPEC = new ActionSpec("noop", "does nothing", Kind.READ_ONLY,
                List.of(IoSpec.optional("v", ValueType.ANY, "passed through")),
                List.of(IoSpec.output("v", ValueType.ANY, "the input, or 1")), false);

        @Override
        public ActionSpec spec() {
            return SPEC;
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
