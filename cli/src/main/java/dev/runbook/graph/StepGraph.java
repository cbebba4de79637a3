package dev.runbook.graph;

import dev.runbook.model.Located;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Immutable DAG of a runbook's steps: explicit {@code needs} edges plus the implicit "follows the step above" rule
 * (a step without a {@code needs} field depends on the step written just before it; {@code needs: []} means no
 * dependency). Built tolerantly so that it can describe an invalid runbook: unknown ids in {@code needs} and a step
 * naming itself are left out, and a repeated id stands for its first occurrence (the checker reports all three).
 *
 * <p>Every algorithm here is iterative and linear (or {@code n log n} for the stable topological order) in steps
 * plus edges, so that a 50,000-step chain neither overflows the stack nor takes quadratic time. Ancestor queries
 * run on the graph's strongly connected components with three labels computed once (topological rank, a
 * depth-first spanning tree's intervals and GRAIL-style reachability intervals): most queries are answered from the
 * labels alone, and the rest by a search pruned to the steps that can lie between the two.
 */
public final class StepGraph {
    private final List<String> ids;
    private final Map<String, Integer> index;
    private final int[][] deps;
    private final int[][] succ;
    private final List<Set<String>> depSets;
    private final List<Set<String>> succSets;

    /** The component of each step; components are numbered in a reverse topological order (sinks first). */
    private final int[] comp;
    private final int[] compSize;
    private final int[][] compSucc;
    private final int[][] compPreds;
    /** Spanning-forest intervals over the component DAG: {@code pre} and {@code post} of a depth-first search. */
    private final int[] pre;
    private final int[] post;
    /** The smallest {@code post} among the components a component reaches (itself included). */
    private final int[] low;
    private final List<List<String>> cycles;

    private List<String> topo;
    private List<List<String>> layers;
    private int[] depth;

    private StepGraph(List<String> ids, Map<String, Integer> index, int[][] deps) {
        this.ids = List.copyOf(ids);
        this.index = index;
        this.deps = deps;
        int n = ids.size();
        this.succ = invert(deps, n);
        this.depSets = namedSets(deps);
        this.succSets = namedSets(succ);
        this.comp = new int[n];
        int count = strongComponents();
        this.compSize = new int[count];
        for (int v = 0; v < n; v++) {
            compSize[comp[v]]++;
        }
        this.compSucc = componentEdges(count, succ);
        this.compPreds = componentEdges(count, deps);
        this.pre = new int[count];
        this.post = new int[count];
        this.low = new int[count];
        label();
        this.cycles = findCycles();
    }

    /**
     * The graph of a runbook's steps, its clean-up steps after them. Tolerant: unknown ids in {@code needs} are
     * ignored here. A clean-up step runs after every main step: each depends on the main steps that no main step
     * needs (so every main step is its ancestor), and within the clean-up on its {@code needs} or the clean-up step
     * above it.
     */
    public static StepGraph of(Runbook runbook) {
        List<Step> steps = runbook.allSteps();
        int mainCount = runbook.steps().size();
        List<String> ids = new ArrayList<>(steps.size());
        Map<String, Integer> index = new HashMap<>(steps.size() * 2);
        int[] stepNode = new int[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            String id = steps.get(i).idValue();
            Integer known = index.get(id);
            if (known == null) {
                known = ids.size();
                index.put(id, known);
                ids.add(id);
            }
            stepNode[i] = known;
        }
        List<LinkedHashSet<Integer>> edges = new ArrayList<>(ids.size());
        for (int v = 0; v < ids.size(); v++) {
            edges.add(new LinkedHashSet<>());
        }
        BitSet defined = new BitSet(ids.size());
        List<Integer> sinks = mainCount < steps.size() ? mainSinks(steps, mainCount, stepNode, index) : List.of();
        for (int i = 0; i < steps.size(); i++) {
            int v = stepNode[i];
            if (defined.get(v)) {
                continue; // a repeated id: its first occurrence defines the node
            }
            defined.set(v);
            List<Located<String>> needs = steps.get(i).needs();
            if (i >= mainCount) {
                for (int m : sinks) {
                    if (m != v) {
                        edges.get(v).add(m);
                    }
                }
                if (needs == null && i > mainCount && stepNode[i - 1] != v) {
                    edges.get(v).add(stepNode[i - 1]);
                }
                if (needs == null) {
                    continue;
                }
            }
            if (needs == null) {
                if (i > 0 && stepNode[i - 1] != v) {
                    edges.get(v).add(stepNode[i - 1]);
                }
                continue;
            }
            for (Located<String> need : needs) {
                Integer u = need == null || need.value() == null ? null : index.get(need.value());
                if (u != null && u != v) {
                    edges.get(v).add(u);
                }
            }
        }
        int[][] deps = new int[ids.size()][];
        for (int v = 0; v < ids.size(); v++) {
            deps[v] = edges.get(v).stream().mapToInt(Integer::intValue).toArray();
        }
        return new StepGraph(ids, index, deps);
    }

    /** The nodes of the main steps that no main step waits for (explicitly or as the step below). */
    private static List<Integer> mainSinks(List<Step> steps, int mainCount, int[] stepNode,
            Map<String, Integer> index) {
        BitSet needed = new BitSet();
        for (int i = 0; i < mainCount; i++) {
            List<Located<String>> needs = steps.get(i).needs();
            if (needs == null) {
                if (i > 0) {
                    needed.set(stepNode[i - 1]);
                }
                continue;
            }
            for (Located<String> need : needs) {
                Integer u = need == null || need.value() == null ? null : index.get(need.value());
                if (u != null && u != stepNode[i]) {
                    needed.set(u);
                }
            }
        }
        List<Integer> sinks = new ArrayList<>();
        BitSet seen = new BitSet();
        for (int i = 0; i < mainCount; i++) {
            int v = stepNode[i];
            if (!needed.get(v) && !seen.get(v)) {
                seen.set(v);
                sinks.add(v);
            }
        }
        return sinks;
    }

    /** Step ids in file order (a repeated id once, at its first place). */
    public List<String> steps() {
        return ids;
    }

    /** Whether a step with this id exists. */
    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /** The steps this one waits for directly, in the order {@code needs} names them. */
    public Set<String> dependencies(String id) {
        return depSets.get(node(id));
    }

    /** The steps that wait for this one directly, in file order. */
    public Set<String> dependents(String id) {
        return succSets.get(node(id));
    }

    /**
     * Whether {@code ancestor} must finish before {@code id} starts, i.e. a path of dependencies leads from it to
     * {@code id}. A step is not its own ancestor unless it lies on a cycle; unknown ids are nobody's ancestors.
     */
    public boolean isAncestor(String ancestor, String id) {
        Integer a = index.get(ancestor);
        Integer b = index.get(id);
        if (a == null || b == null) {
            return false;
        }
        int ca = comp[a];
        int cb = comp[b];
        if (ca == cb) {
            return compSize[ca] > 1;
        }
        return reaches(ca, cb);
    }

    /** Every step that must finish before this one starts, in file order. */
    public Set<String> ancestors(String id) {
        int start = node(id);
        BitSet seen = new BitSet(ids.size());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int u : deps[v]) {
                if (!seen.get(u)) {
                    seen.set(u);
                    queue.add(u);
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (int v = seen.nextSetBit(0); v >= 0; v = seen.nextSetBit(v + 1)) {
            out.add(ids.get(v));
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * A cycle of the graph as a path that ends where it starts, e.g. {@code [a, b, c, a]} where each step is needed
     * by the next; it starts at the cycle's first step in file order. Empty when the graph is acyclic.
     */
    public Optional<List<String>> cycle() {
        return cycles.isEmpty() ? Optional.empty() : Optional.of(cycles.get(0));
    }

    /**
     * One cycle per group of steps that wait for each other (strongly connected component), each as in
     * {@link #cycle()}, ordered by their first step in file order.
     */
    public List<List<String>> cycles() {
        return cycles;
    }

    /** Whether this step lies on a cycle. */
    public boolean onCycle(String id) {
        return compSize[comp[node(id)]] > 1;
    }

    /**
     * The steps in an order that respects every dependency; among steps that are ready together the one written
     * first comes first, so a runbook that reads top to bottom keeps its file order.
     *
     * @throws IllegalStateException if the graph has a cycle
     */
    public synchronized List<String> topologicalOrder() {
        if (topo == null) {
            requireAcyclic();
            int n = ids.size();
            int[] pending = new int[n];
            PriorityQueue<Integer> ready = new PriorityQueue<>();
            for (int v = 0; v < n; v++) {
                pending[v] = deps[v].length;
                if (pending[v] == 0) {
                    ready.add(v);
                }
            }
            List<String> order = new ArrayList<>(n);
            while (!ready.isEmpty()) {
                int v = ready.poll();
                order.add(ids.get(v));
                for (int w : succ[v]) {
                    if (--pending[w] == 0) {
                        ready.add(w);
                    }
                }
            }
            topo = List.copyOf(order);
        }
        return topo;
    }

    /**
     * The steps grouped by depth: layer 0 holds the roots, layer k the steps whose longest chain of dependencies
     * has length k. Steps of one layer may run side by side; each layer lists its steps in file order.
     *
     * @throws IllegalStateException if the graph has a cycle
     */
    public synchronized List<List<String>> layers() {
        if (layers == null) {
            requireAcyclic();
            int n = ids.size();
            depth = new int[n];
            int[] pending = new int[n];
            int[] queue = new int[n];
            int head = 0;
            int tail = 0;
            for (int v = 0; v < n; v++) {
                pending[v] = deps[v].length;
                if (pending[v] == 0) {
                    queue[tail++] = v;
                }
            }
            int max = -1;
            while (head < tail) {
                int v = queue[head++];
                max = Math.max(max, depth[v]);
                for (int w : succ[v]) {
                    depth[w] = Math.max(depth[w], depth[v] + 1);
                    if (--pending[w] == 0) {
                        queue[tail++] = w;
                    }
                }
            }
            List<List<String>> out = new ArrayList<>(max + 1);
            for (int i = 0; i <= max; i++) {
                out.add(new ArrayList<>());
            }
            for (int v = 0; v < n; v++) {
                out.get(depth[v]).add(ids.get(v));
            }
            List<List<String>> frozen = new ArrayList<>(out.size());
            for (List<String> layer : out) {
                frozen.add(List.copyOf(layer));
            }
            layers = List.copyOf(frozen);
        }
        return layers;
    }

    /** The layer of a step, as in {@link #layers()}. */
    public synchronized int layerOf(String id) {
        int v = node(id);
        layers();
        return depth[v];
    }

    /** The steps with no dependencies, in file order. */
    public Set<String> roots() {
        Set<String> out = new LinkedHashSet<>();
        for (int v = 0; v < ids.size(); v++) {
            if (deps[v].length == 0) {
                out.add(ids.get(v));
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private int node(String id) {
        Integer v = index.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown step '" + id + "'");
        }
        return v;
    }

    private void requireAcyclic() {
        if (!cycles.isEmpty()) {
            throw new IllegalStateException("the steps form a cycle: " + String.join(" -> ", cycles.get(0)));
        }
    }

    private static int[][] invert(int[][] edges, int n) {
        int[] count = new int[n];
        for (int[] targets : edges) {
            for (int u : targets) {
                count[u]++;
            }
        }
        int[][] out = new int[n][];
        for (int v = 0; v < n; v++) {
            out[v] = new int[count[v]];
        }
        int[] fill = new int[n];
        for (int v = 0; v < n; v++) { // ascending v: successor lists come out in file order
            for (int u : edges[v]) {
                out[u][fill[u]++] = v;
            }
        }
        return out;
    }

    private List<Set<String>> namedSets(int[][] edges) {
        List<Set<String>> out = new ArrayList<>(edges.length);
        for (int[] targets : edges) {
            if (targets.length == 0) {
                out.add(Set.of());
                continue;
            }
            Set<String> s = new LinkedHashSet<>();
            for (int u : targets) {
                s.add(ids.get(u));
            }
            out.add(Collections.unmodifiableSet(s));
        }
        return List.copyOf(out);
    }

    /**
     * Tarjan's algorithm without recursion, following successor edges. Components are completed sinks first, so
     * their numbers form a reverse topological order of the component DAG.
     */
    private int strongComponents() {
        int n = ids.size();
        int[] order = new int[n];
        int[] lowLink = new int[n];
        int[] edgePos = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(order, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] call = new int[n];
        int cp = 0;
        int counter = 0;
        int components = 0;
        for (int root = 0; root < n; root++) {
            if (order[root] >= 0) {
                continue;
            }
            call[cp++] = root;
            order[root] = counter;
            lowLink[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (cp > 0) {
                int v = call[cp - 1];
                if (edgePos[v] < succ[v].length) {
                    int w = succ[v][edgePos[v]++];
                    if (order[w] < 0) {
                        order[w] = counter;
                        lowLink[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        call[cp++] = w;
                    } else if (onStack[w]) {
                        lowLink[v] = Math.min(lowLink[v], order[w]);
                    }
                    continue;
                }
                cp--;
                if (lowLink[v] == order[v]) {
                    int w;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        comp[w] = components;
                    } while (w != v);
                    components++;
                }
                if (cp > 0) {
                    int parent = call[cp - 1];
                    lowLink[parent] = Math.min(lowLink[parent], lowLink[v]);
                }
            }
        }
        return components;
    }

    private int[][] componentEdges(int count, int[][] edges) {
        List<LinkedHashSet<Integer>> sets = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            sets.add(null);
        }
        for (int v = 0; v < edges.length; v++) {
            for (int u : edges[v]) {
                if (comp[u] != comp[v]) {
                    LinkedHashSet<Integer> s = sets.get(comp[v]);
                    if (s == null) {
                        s = new LinkedHashSet<>();
                        sets.set(comp[v], s);
                    }
                    s.add(comp[u]);
                }
            }
        }
        int[][] out = new int[count][];
        for (int c = 0; c < count; c++) {
            LinkedHashSet<Integer> s = sets.get(c);
            out[c] = s == null ? new int[0] : s.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /**
     * One iterative depth-first search over the component DAG, from its sources, numbering each component on entry
     * ({@code pre}) and exit ({@code post}); then {@code low} = the smallest {@code post} reachable. If X reaches Y
     * then {@code post[Y] < post[X]} and {@code low[X] <= low[Y]}: a failed test proves Y unreachable from X, and
     * tree-interval containment proves it reachable.
     */
    private void label() {
        int count = compSucc.length;
        Arrays.fill(pre, -1);
        int[] edgePos = new int[count];
        int[] call = new int[count];
        int clock = 0;
        int postClock = 0;
        // Components are numbered sinks first: the highest numbers are sources, visit them first.
        for (int root = count - 1; root >= 0; root--) {
            if (pre[root] >= 0) {
                continue;
            }
            int cp = 0;
            call[cp++] = root;
            pre[root] = clock++;
            while (cp > 0) {
                int c = call[cp - 1];
                if (edgePos[c] < compSucc[c].length) {
                    int d = compSucc[c][edgePos[c]++];
                    if (pre[d] < 0) {
                        pre[d] = clock++;
                        call[cp++] = d;
                    }
                    continue;
                }
                cp--;
                post[c] = postClock++;
            }
        }
        // Sinks first is a reverse topological order: successors are final before their predecessors.
        for (int c = 0; c < count; c++) {
            int m = post[c];
            for (int d : compSucc[c]) {
                m = Math.min(m, low[d]);
            }
            low[c] = m;
        }
    }

    /**
     * Exact reachability between two components of the DAG. The labels settle most queries; otherwise a search runs
     * from both ends at once, always growing the side with less to look at (so a join of 25,000 branches is crossed
     * from the branch, and a fan-out from the leaf), and visits only components the labels cannot rule out.
     */
    private boolean reaches(int from, int to) {
        if (!mayReach(from, to)) {
            return false;
        }
        if (treeAncestor(from, to)) {
            return true;
        }
        ArrayDeque<Integer> forward = new ArrayDeque<>();
        ArrayDeque<Integer> backward = new ArrayDeque<>();
        Set<Integer> forwardSeen = new HashSet<>();
        Set<Integer> backwardSeen = new HashSet<>();
        forward.push(from);
        forwardSeen.add(from);
        backward.push(to);
        backwardSeen.add(to);
        while (!forward.isEmpty() && !backward.isEmpty()) {
            if (compSucc[forward.peek()].length <= compPreds[backward.peek()].length) {
                for (int x : compSucc[forward.pop()]) {
                    if (backwardSeen.contains(x) || treeAncestor(x, to)) {
                        return true;
                    }
                    if (mayReach(x, to) && forwardSeen.add(x)) {
                        forward.push(x);
                    }
                }
            } else {
                for (int p : compPreds[backward.pop()]) {
                    if (forwardSeen.contains(p) || treeAncestor(from, p)) {
                        return true;
                    }
                    if (mayReach(from, p) && backwardSeen.add(p)) {
                        backward.push(p);
                    }
                }
            }
        }
        return false;
    }

    private boolean mayReach(int from, int to) {
        return post[to] < post[from] && low[from] <= low[to];
    }

    private boolean treeAncestor(int from, int to) {
        return pre[from] < pre[to] && post[to] < post[from];
    }

    /** For each component of several steps, the shortest cycle through its first step in file order. */
    private List<List<String>> findCycles() {
        int n = ids.size();
        List<List<String>> out = new ArrayList<>();
        BitSet done = new BitSet();
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        for (int start = 0; start < n; start++) {
            int c = comp[start];
            if (compSize[c] < 2 || done.get(c)) {
                continue;
            }
            done.set(c);
            // Breadth-first along successors inside the component, back to 'start'.
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            List<Integer> touched = new ArrayList<>();
            queue.add(start);
            parent[start] = start;
            touched.add(start);
            int last = -1;
            while (!queue.isEmpty() && last < 0) {
                int v = queue.poll();
                for (int w : succ[v]) {
                    if (comp[w] != c) {
                        continue;
                    }
                    if (w == start) {
                        last = v;
                        break;
                    }
                    if (parent[w] < 0) {
                        parent[w] = v;
                        touched.add(w);
                        queue.add(w);
                    }
                }
            }
            List<String> path = new ArrayList<>();
            path.add(ids.get(start));
            for (int v = last; v != start; v = parent[v]) {
                path.add(ids.get(v));
            }
            path.add(ids.get(start));
            Collections.reverse(path);
            out.add(List.copyOf(path));
            for (int v : touched) {
                parent[v] = -1;
            }
        }
        return List.copyOf(out);
    }
}
