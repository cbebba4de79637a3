package dev.runbook.bench;

import dev.runbook.action.Action;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ValueType;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.check.RunbookChecker;
import dev.runbook.graph.FakeAction;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Problem;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times validation (parse and static checks) of generated runbooks of 500, 5,000 and 50,000 steps held as YAML text in
 * memory: a chain where each step reads the previous one's output, with a join and a parameter read every tenth step.
 * {@code once N}: one validation in this (fresh) JVM, as {@code runbook validate} does it, with the heap still in use
 * after a full GC. {@code steady ROUNDS}: after a warm-up of every size, the medians per size and a least-squares fit
 * of time against steps + edges. Not a test; {@code bench/run.sh} runs it under {@code -Xmx256m} and smaller caps.
 */
public final class ValidateBenchmark {
    private static final int[] SIZES = {500, 5_000, 50_000};

    private ValidateBenchmark() {
    }

    /** Arguments: {@code once STEPS}, or {@code steady [ROUNDS]} (default 7). */
    public static void main(String[] args) {
        if (args.length > 1 && args[0].equals("once")) {
            once(Integer.parseInt(args[1]));
        } else {
            steady(args.length > 1 ? Integer.parseInt(args[1]) : 7);
        }
    }

    private static RunbookChecker checker() {
        List<Action> actions = new ArrayList<>(new BuiltinActions().actions());
        actions.add(FakeAction.named("get").required("f", ValueType.STRING).optional("a", ValueType.STRING)
                .output("v").build());
        return new RunbookChecker(ActionRegistry.of(actions));
    }

    /** One validation in a fresh JVM: the work a single {@code runbook validate} does after start-up. */
    private static void once(int n) {
        String yaml = generate(n);
        long start = System.nanoTime();
        ParseResult parsed = new RunbookParser().parse("bench.yaml", yaml);
        long parsedAt = System.nanoTime();
        List<Problem> found = checker().check(parsed.runbook());
        long end = System.nanoTime();
        if (parsed.hasErrors() || !found.isEmpty()) {
            throw new IllegalStateException("the generated runbook is not clean: " + found);
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long live = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "%d %.1f %.1f %.1f %.1f%n", n, (end - start) / 1e6, live / 1048576.0,
                (parsedAt - start) / 1e6, (end - parsedAt) / 1e6);
    }

    private static void steady(int rounds) {
        List<Action> actions = new ArrayList<>(new BuiltinActions().actions());
        actions.add(FakeAction.named("get").required("f", ValueType.STRING).optional("a", ValueType.STRING)
                .output("v").build());
        RunbookChecker checker = new RunbookChecker(ActionRegistry.of(actions));
        RunbookParser parser = new RunbookParser();
        for (int n : SIZES) {
            for (int w = 0; w < (n < 50_000 ? 5 : 2); w++) {
                checker.check(parser.parse("warm-up.yaml", generate(n)).runbook());
            }
        }
        System.out.printf(Locale.ROOT, "max heap %d MB, %d processors, Java %s%n",
                Runtime.getRuntime().maxMemory() / 1048576, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("| steps | edges | YAML MB | median parse ms | median check ms"
                + " | median total ms | us per step | problems |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[] xs = new double[SIZES.length];
        double[] ys = new double[SIZES.length];
        for (int s = 0; s < SIZES.length; s++) {
            int n = SIZES[s];
            String yaml = generate(n);
            List<Long> parseTimes = new ArrayList<>();
            List<Long> checkTimes = new ArrayList<>();
            int problems = -1;
            int edges = 0;
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
                edges = edgeCount(rb);
                parseTimes.add(parsedAt - start);
                checkTimes.add(checkedAt - parsedAt);
                problems = found.size();
            }
            double parseMs = median(parseTimes);
            double checkMs = median(checkTimes);
            List<Long> totals = new ArrayList<>();
            for (int i = 0; i < parseTimes.size(); i++) {
                totals.add(parseTimes.get(i) + checkTimes.get(i));
            }
            double totalMs = median(totals);
            xs[s] = n + edges;
            ys[s] = totalMs;
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
                    n, edges, yaml.length() / 1048576.0, parseMs, checkMs, totalMs, totalMs * 1000 / n, problems);
        }
        fit(xs, ys);
    }

    /** Least squares y = a + b x over the sizes, and how far the largest size is from a straight line. */
    private static void fit(double[] xs, double[] ys) {
        int k = xs.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < k; i++) {
            mx += xs[i] / k;
            my += ys[i] / k;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < k; i++) {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
            syy += (ys[i] - my) * (ys[i] - my);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double r2 = sxy * sxy / (sxx * syy);
        System.out.printf(Locale.ROOT, "fit: total ms = %.2f + %.4f * (steps + edges) (%.2f us per step or edge), R^2 = %.4f%n",
                a, b, b * 1000, r2);
        System.out.printf(Locale.ROOT, "growth: 5,000 -> 50,000 steps took x%.1f the time for x%.1f the steps + edges"
                + " (linear: x10)%n", ys[k - 1] / ys[k - 2], xs[k - 1] / xs[k - 2]);
    }

    private static int edgeCount(Runbook rb) {
        StepGraph g = StepGraph.of(rb);
        int edges = 0;
        for (String id : g.steps()) {
            edges += g.dependencies(id).size();
        }
        return edges;
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
