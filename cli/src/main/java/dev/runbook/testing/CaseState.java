package dev.runbook.testing;

import dev.runbook.action.ActionFailedException;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.RunEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of one case while it runs: which fixture answers each step's next call, which steps are being undone
 * (learnt from the run's events, since an undo runs under its step's id), and the first mismatch between the
 * runbook and the test, which fails the case whatever the runbook does with the step's failure.
 */
final class CaseState implements ExecutionListener {
    private final Map<String, StepFixtures> fixtures;
    private final Map<String, int[]> used = new HashMap<>();
    private final Set<String> undoing = ConcurrentHashMap.newKeySet();
    private volatile String mismatch;

    CaseState(Map<String, StepFixtures> fixtures) {
        this.fixtures = fixtures;
    }

    @Override
    public void on(RunEvent event) {
        if (event instanceof RunEvent.UndoStarted) {
            undoing.add(((RunEvent.UndoStarted) event).step());
        } else if (event instanceof RunEvent.UndoFinished) {
            undoing.remove(((RunEvent.UndoFinished) event).step());
        }
    }

    boolean undoing(String step) {
        return undoing.contains(step);
    }

    /** The fixture for the next call of this step (or of its undo): each answers {@code times} calls, the last repeats. */
    synchronized Optional<Fixture> next(String step, boolean undo) {
        StepFixtures sf = fixtures.get(step);
        if (sf == null) {
            return Optional.empty();
        }
        List<Fixture> calls = undo ? sf.undo() : sf.calls();
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        int[] counter = used.computeIfAbsent(step + (undo ? "#undo" : ""), k -> new int[1]);
        int call = counter[0]++;
        for (Fixture f : calls) {
            if (call < f.times()) {
                return Optional.of(f);
            }
            call -= f.times();
        }
        return Optional.of(calls.get(calls.size() - 1));
    }

    /** Records a mismatch between the test and the runbook, and returns it as the step's failure. */
    ActionFailedException fail(String message) {
        if (mismatch == null) {
            mismatch = message;
        }
        return new ActionFailedException(message);
    }

    String mismatch() {
        return mismatch;
    }
}
