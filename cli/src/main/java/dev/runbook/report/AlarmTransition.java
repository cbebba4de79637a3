package dev.runbook.report;

import java.time.Instant;

/**
 * One state change of a named alarm, as CloudWatch's alarm history records it (a {@code StateUpdate} item whose
 * HistoryData gives {@code newState.stateValue}): at {@code at}, alarm {@code alarm} entered {@code state} (OK, ALARM
 * or INSUFFICIENT_DATA).
 */
public record AlarmTransition(String alarm, Instant at, String state) {
    /** The state a success alarm must reach and keep. */
    public static final String OK = "OK";

    public boolean ok() {
        return OK.equals(state);
    }
}
