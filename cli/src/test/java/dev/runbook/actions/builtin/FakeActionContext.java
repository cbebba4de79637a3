package dev.runbook.actions.builtin;

import dev.runbook.action.ActionContext;
import dev.runbook.action.Outputs;
import dev.runbook.expr.Expressions;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.testing.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * An ActionContext for tests: a fake clock that {@link #sleep} advances at once, recorded output and progress,
 * scripted acknowledgements and polls, and the project's real expression engine over a scope the test fills.
 */
final class FakeActionContext implements ActionContext {
    static final Instant START = Instant.parse("2026-11-22T04:00:00Z");
    private static final int KEPT_LINES = 10_000;

    final FakeClock clock = new FakeClock(START);
    final Map<String, Object> scope = new LinkedHashMap<>();
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> progress = new ArrayList<>();
    final List<String> acknowledged = new ArrayList<>();
    final Deque<String> acknowledgers = new ArrayDeque<>();
    final List<String> rerunSteps = new ArrayList<>();
    final List<Map<String, Object>> actionCalls = new ArrayList<>();
    final Deque<Object> polls = new ArrayDeque<>();
    final List<String> secrets = new ArrayList<>();
    Duration remaining;
    int interruptOnSleep = -1;

    private final Map<String, List<String>> lines = new HashMap<>();
    private final Map<String, Long> lineCounts = new HashMap<>();
    private Map<String, Object> lastScope = Map.of();

    FakeActionContext() {
        scope.put("params", new LinkedHashMap<String, Object>());
        scope.put("steps", new LinkedHashMap<String, Object>());
    }

    @Override
    public String stepId() {
        return "test-step";
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted() || sleeps.size() + 1 == interruptOnSleep) {
            throw new InterruptedException("interrupted in sleep");
        }
        sleeps.add(duration);
        clock.advance(duration);
    }

    @Override
    public Duration remaining() {
        return remaining;
    }

    @Override
    public synchronized void progress(String message) {
        progress.add(message);
    }

    @Override
    public synchronized void output(String stream, String line) {
        List<String> kept = lines.computeIfAbsent(stream, s -> new ArrayList<>());
        if (kept.size() < KEPT_LINES) {
            kept.add(line);
        }
        lineCounts.merge(stream, 1L, Long::sum);
        notifyAll();
    }

    /** The first lines streamed (at most 10,000 kept). */
    synchronized List<String> lines(String stream) {
        return List.copyOf(lines.getOrDefault(stream, List.of()));
    }

    synchronized long lineCount(String stream) {
        return lineCounts.getOrDefault(stream, 0L);
    }

    /** Waits until {@code n} lines of a stream have arrived; fails the test rather than hang. */
    synchronized List<String> awaitLines(String stream, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lineCount(stream) < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + n + " lines on " + stream + " within 30s: " + lines(stream));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return lines(stream);
    }

    @Override
    public synchronized String acknowledge(String item) {
        acknowledged.add(item);
        return acknowledgers.isEmpty() ? "alice" : acknowledgers.removeFirst();
    }

    @Override
    public Object evaluate(String expression, Map<String, Object> extra) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>(scope);
        s.putAll(extra);
        lastScope = s;
        return Expressions.withClock(clock).evaluate(Template.condition(expression, null), s);
    }

    /** Like the executor's: each name path the expression reads with its value in the last evaluation's scope. */
    @Override
    public String explain(String expression) {
        try {
            StringJoiner j = new StringJoiner(", ");
            for (Reference r : Template.condition(expression, null).references()) {
                j.add(r + " = " + show(lookUp(r)));
            }
            return j.toString();
        } catch (Exception e) {
            return "";
        }
    }

    private Object lookUp(Reference r) {
        Object current = lastScope;
        for (String name : r.path()) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(name);
        }
        return current;
    }

    private static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    @Override
    public Outputs rerunStep(String stepId) throws Exception {
        rerunSteps.add(stepId);
        return nextPoll();
    }

    @Override
    public Outputs runAction(String action, Map<String, Object> with) throws Exception {
        Map<String, Object> call = new LinkedHashMap<>(with);
        call.put("(action)", action);
        actionCalls.add(call);
        return nextPoll();
    }

    private Outputs nextPoll() throws Exception {
        Object next = polls.size() > 1 ? polls.removeFirst() : polls.peekFirst();
        if (next instanceof Exception) {
            throw (Exception) next;
        }
        return (Outputs) next;
    }

    /** Scripts what the next polls return: Outputs, or an Exception to throw; the last one repeats. */
    FakeActionContext polls(Object... answers) {
        polls.addAll(List.of(answers));
        return this;
    }

    @Override
    public void secret(String value) {
        secrets.add(value);
    }

    @Override
    public boolean containsSecret(String text) {
        return text != null && secrets.stream().anyMatch(text::contains);
    }

    @SuppressWarnings("unchecked")
    FakeActionContext step(String id, Map<String, Object> outputs) {
        ((Map<String, Object>) scope.get("steps")).put(id, Map.of("outputs", outputs, "status", "succeeded"));
        return this;
    }

    @SuppressWarnings("unchecked")
    FakeActionContext param(String name, Object value) {
        ((Map<String, Object>) scope.get("params")).put(name, value);
        return this;
    }

}
