package dev.runbook.bench;

import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ValueType;
import dev.runbook.check.RunbookChecker;
import dev.runbook.graph.FakeAction;
import dev.runbook.graph.TestRunbook;
import dev.runbook.model.ParamType;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times the static checks on generated runbooks of 500, 5,000 and 50,000 steps (a chain with a join every tenth
 * step and three expressions per step) and prints the median time and the heap in use for each size. Not a test:
 * run it with {@code java -cp target/test-classes:target/classes:DEPS dev.runbook.bench.ValidateBenchmark [ROUNDS]}.
 * The model is built directly, so the numbers are for graph and checks without YAML parsing.
 */
public final class ValidateBenchmark {
    private ValidateBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ActionRegistry registry = ActionRegistry.of(List.of(
                FakeAction.named("aws.lambda.get-alias").required("function", ValueType.STRING)
                        .optional("alias", ValueType.STRING).output("version").build()));
        RunbookChecker checker = new RunbookChecker(registry);
        for (int n : new int[] {500, 5_000, 50_000}) {
            Runbook rb = generate(n);
            List<Long> times = new ArrayList<>();
            int problems = -1;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                List<Problem> found = checker.check(rb);
                times.add(System.nanoTime() - start);
                problems = found.size();
            }
            Collections.sort(times);
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heap = rt.totalMemory() - rt.freeMemory();
            System.out.printf(Locale.ROOT, "%6d steps: median %8.1f ms over %d rounds, %d problems, heap in use %6.1f MB%n",
                    n, times.get(times.size() / 2) / 1e6, rounds, problems, heap / 1048576.0);
        }
    }

    /** A chain of steps reading the previous step and the first, with explicit needs every tenth step. */
    static Runbook generate(int n) {
        TestRunbook builder = TestRunbook.runbook().param("table", ParamType.STRING, p -> p.defaultValue("t"));
        builder.step("s0", s -> s.action("aws.lambda.get-alias").with("function", "${{ params.table }}"));
        for (int i = 1; i < n; i++) {
            String prev = "s" + (i - 1);
            String half = "s" + (i / 2);
            boolean join = i % 10 == 0;
            builder.step("s" + i, s -> {
                s.action("aws.lambda.get-alias")
                        .with("function", "${{ steps." + prev + ".outputs.version }}-${{ params.table }}",
                                "alias", "${{ steps.s0.outputs.version }}")
                        .when("steps." + prev + ".status == 'ok'");
                if (join) {
                    s.needs(prev, half);
                }
            });
        }
        return builder.build();
    }
}
