package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.Outputs;
import dev.runbook.testing.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An ActionContext for AWS action tests: a fake clock that sleep advances at once, recorded progress and secrets. */
final class TestContext implements ActionContext {
    static final Instant START = Instant.parse("2026-11-22T04:00:00Z");

    final FakeClock clock = new FakeClock(START);
    final List<String> progress = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> secrets = new ArrayList<>();
    /** The action's output lines ({@link #output}), as shown to the operator. */
    final List<String> lines = new ArrayList<>();
    Duration remaining;
    private boolean endAtFirstSleep;

    /** A context whose first sleep interrupts the action: a polling action makes its first round of calls only. */
    TestContext endAtFirstSleep() {
        this.endAtFirstSleep = true;
        return this;
    }

    TestContext remaining(Duration d) {
        this.remaining = d;
        return this;
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
        if (Thread.interrupted() || endAtFirstSleep) {
            throw new InterruptedException();
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
        lines.add(line);
    }

    @Override
    public String acknowledge(String item) {
        return "alice";
    }

    @Override
    public Object evaluate(String expression, Map<String, Object> extra) {
        throw new UnsupportedOperationException("AWS actions evaluate no expression");
    }

    @Override
    public String explain(String expression) {
        return "";
    }

    @Override
    public Outputs rerunStep(String stepId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Outputs runAction(String action, Map<String, Object> with) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void secret(String value) {
        secrets.add(value);
    }

}
