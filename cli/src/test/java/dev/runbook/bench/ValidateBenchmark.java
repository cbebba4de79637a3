package dev.runbook.bench;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ValueType;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.check.RunbookChecker;
import dev.runbook.graph.FakeAction;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times validation of generated runbooks of 500, 5,000 and 50,000 steps (YAML text in memory: a chain with a join
 * every tenth step): parsing and the static checks apart, as medians over several
 * rounds, with the heap in use after each size. Not a test (the suite does not run it); run it with
 * {@code java -cp target/test-classes:target/classes:DEPS dev.runbook.bench.ValidateBenchmark [ROUNDS]}.
 */
public final class ValidateBenchmark {
    private ValidateBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Action> actions = new ArrayList<>(new BuiltinActions().actions());
        actions.add(FakeAction.named("get").required("f", ValueType.STRING).optional("a", ValueType.STRING)
                .output("v").build());
        RunbookChecker checker = new RunbookChecker(ActionRegistry.of(actions));
        RunbookParser parser = new RunbookParser();
        for (int n : new int[] {500, 5_000, 50_000}) {
            String yaml = generate(n);
            List<Long> parseTimes = new ArrayList<>();
            List<Long> checkTimes = new ArrayList<>();
            int problems = -1;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                ParseResult parsed = parser.parse("bench.yaml", yaml);
                long parsedAt = System.nanoTime();
                if (parsed.hasErrors()) {
                    throw new IllegalStateException("generated runbook does not parse: " + parsed.problems().get(0));
                }
                Runbook rb = parsed.runbook();
                List<Problem> found = checker.check(rb);
                long checkedAt = System.nanoTime();
                parseTimes.add(parsedAt - start);
                checkTimes.add(checkedAt - parsedAt);
                problems = found.size();
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heap = rt.totalMemory() - rt.freeMemory();
            System.out.printf(Locale.ROOT, "%6d steps (%5.1f MB of YAML): parse %8.1f ms, check %8.1f ms (medians of %d),"
                            + " %d problems, heap in use %6.1f MB%n",
                    n, yaml.length() / 1048576.0, median(parseTimes), median(checkTimes), rounds, problems,
                    heap / 1048576.0);
        }
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    /**
     * A chain of steps each reading the previous one's output, with explicit needs (and a parameter read) every tenth
     * step. Written in flow style, as short as it goes: the parser refuses files over 4 MiB, and 50,000 steps in
     * block style would be about 10 MB.
     */
    static String generate(int n) {
        StringBuilder b = new StringBuilder(n * 80);
        b.append("runbook: 1\nname: bench-").append(n).append("\nparameters:\n")
                .append("  t: { type: string, default: x }\nsteps:\n");
        b.append("- {id: s0, action: get, with: {f: '${{ params.t }}'}}\n");
        for (int i = 1; i < n; i++) {
            b.append("- {id: s").append(i).append(", action: get, with: {f: '${{ steps.s").append(i - 1)
                    .append(".outputs.v }}'");
            if (i % 10 == 0) {
                b.append(", a: '${{ params.t }}-${{ steps.s").append(i / 2).append(".outputs.v }}'}, needs: [s")
                        .append(i - 1).append(", s").append(i / 2).append("]");
            } else {
                b.append('}');
            }
            b.append("}\n");
        }
        return b.toString();
    }
}
