package dev.runbook.report;

import java.time.Instant;

/**
 * Whether one success alarm passed a drill: it reached OK within the RTO and stayed OK until the drill ended.
 *
 * @param okFrom when the alarm last entered OK and stayed there until the end; null when it was not OK at the end
 * @param reason why it failed (null when it passed)
 */
public record AlarmVerdict(String alarm, boolean passed, Instant okFrom, String reason) {
}
