package dev.runbook.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A span of time between two instants. Totals over parallel steps are measured as unions of intervals (wall-clock
 * time during which something was going on), never as sums, which would count overlapping time twice.
 */
public record Interval(Instant from, Instant to) {

    public Interval {
        if (to.isBefore(from)) {
            to = from;
        }
    }

    public long millis() {
        return to.toEpochMilli() - from.toEpochMilli();
    }

    /** The intervals merged where they overlap or touch, in order. */
    static List<Interval> union(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::from));
        List<Interval> out = new ArrayList<>();
        for (Interval i : sorted) {
            if (!out.isEmpty() && !i.from().isAfter(out.get(out.size() - 1).to())) {
                Interval last = out.remove(out.size() - 1);
                out.add(new Interval(last.from(), i.to().isAfter(last.to()) ? i.to() : last.to()));
            } else {
                out.add(i);
            }
        }
        return out;
    }

    /** The total length of intervals that do not overlap (a {@link #union}). */
    static long length(List<Interval> disjoint) {
        long total = 0;
        for (Interval i : disjoint) {
            total += i.millis();
        }
        return total;
    }

    /** The length of the time in both unions. */
    static long overlap(List<Interval> a, List<Interval> b) {
        long total = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            long from = Math.max(a.get(i).from().toEpochMilli(), b.get(j).from().toEpochMilli());
            long to = Math.min(a.get(i).to().toEpochMilli(), b.get(j).to().toEpochMilli());
            if (to > from) {
                total += to - from;
            }
            if (a.get(i).to().isBefore(b.get(j).to())) {
                i++;
            } else {
                j++;
            }
        }
        return total;
    }
}
