package dev.runbook.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pass rule of a drill, in the style of AWS Resilience Hub's recovery tests: every named success alarm must
 * reach OK within the RTO (counted from the disruption start) and stay OK until the drill ends. An alarm that
 * recovers and then fires again fails, however early it first recovered; an alarm with no history in or before the
 * drill window fails as not evidenced.
 */
public final class SuccessAlarmRule {
    private SuccessAlarmRule() {
    }

    /**
     * Evaluates one alarm over the drill window [{@code disruption}, {@code end}] from its history (any order; items
     * of other alarms are ignored). The state at the disruption start is that of the last transition before it.
     */
    public static AlarmVerdict evaluate(String alarm, List<AlarmTransition> history, Instant disruption,
            Duration rto, Instant end) {
        List<AlarmTransition> own = new ArrayList<>();
        for (AlarmTransition t : history) {
            if (t.alarm().equals(alarm) && !t.at().isAfter(end)) {
                own.add(t);
            }
        }
        own.sort(Comparator.comparing(AlarmTransition::at));
        if (own.isEmpty()) {
            return new AlarmVerdict(alarm, false, null, "no state history up to the end of the drill");
        }
        AlarmTransition last = own.get(own.size() - 1);
        if (!last.ok()) {
            Instant recovered = null;
            for (AlarmTransition t : own) {
                if (t.ok() && !t.at().isBefore(disruption)) {
                    recovered = t.at();
                }
            }
            String why = "in " + last.state() + " from " + last.at() + " to the end of the drill";
            if (recovered != null) {
                why = "recovered to OK at " + recovered + ", then " + last.state() + " again at " + last.at()
                        + ": it did not stay OK until the end";
            }
            return new AlarmVerdict(alarm, false, null, why);
        }
        // the start of the final OK stretch: the earliest OK after the last non-OK state
        Instant okFrom = last.at();
        for (int i = own.size() - 1; i >= 0 && own.get(i).ok(); i--) {
            okFrom = own.get(i).at();
        }
        Instant effective = okFrom.isBefore(disruption) ? disruption : okFrom;
        if (rto != null && effective.isAfter(disruption.plus(rto))) {
            return new AlarmVerdict(alarm, false, okFrom, "reached OK at " + okFrom + ", "
                    + Texts.human(Duration.between(disruption, okFrom)) + " after the disruption start: later than"
                    + " the RTO of " + Texts.human(rto));
        }
        return new AlarmVerdict(alarm, true, okFrom, null);
    }

    /** Every named alarm, in the order named. */
    public static List<AlarmVerdict> evaluate(List<String> alarms, List<AlarmTransition> history,
            Instant disruption, Duration rto, Instant end) {
        List<AlarmVerdict> out = new ArrayList<>();
        for (String a : alarms) {
            out.add(evaluate(a, history, disruption, rto, end));
        }
        return List.copyOf(out);
    }
}
