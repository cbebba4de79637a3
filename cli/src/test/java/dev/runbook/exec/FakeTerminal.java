package dev.runbook.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/** A terminal operator with answers given in advance; records every question asked, as "kind:step". */
class FakeTerminal implements Confirmer {
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());
    final Deque<Boolean> yesNo = new ArrayDeque<>();
    final Deque<String> typed = new ArrayDeque<>();
    final Deque<List<String>> approvals = new ArrayDeque<>();
    boolean defaultYes = true;
    boolean abort = true;

    @Override
    public Answer<Boolean> yesNo(StepRef step, String question) {
        asked.add("yes-no:" + step.id() + ":" + question);
        Boolean next;
        synchronized (yesNo) {
            next = yesNo.poll();
        }
        return Answer.of(next == null ? defaultYes : next);
    }

    @Override
    public Answer<String> typed(StepRef step, String expected, int attempt) {
        asked.add("typed:" + step.id() + ":" + expected + ":" + attempt);
        synchronized (typed) {
            return Answer.of(typed.poll());
        }
    }

    public List<String> approvals(StepRef step, int count) {
        asked.add("approval:" + step.id() + ":" + count);
        synchronized (approvals) {
            List<String> next = approvals.poll();
            return next == null ? List.of() : next;
        }
    }

    @Override
    public String acknowledge(StepRef step, String item) {
        asked.add("acknowledge:" + step.id() + ":" + item);
        return null;
    }

    @Override
    public boolean abortOnInterrupt() {
        asked.add("interrupt");
        return abort;
    }

    List<String> asked() {
        synchronized (asked) {
            return List.copyOf(asked);
        }
    }
}
