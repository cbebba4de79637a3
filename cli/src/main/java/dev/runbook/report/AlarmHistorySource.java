package dev.runbook.report;

import java.time.Instant;
import java.util.List;

/**
 * Where a drill reads the state changes of its alarms from (CloudWatch's alarm history, in the AWS actions). The
 * engine only needs the transitions; how they are fetched, and with which credentials, is the caller's.
 */
public interface AlarmHistorySource {
    /** The transitions of every named alarm in [{@code from}, {@code to}], oldest first. */
    List<AlarmTransition> read(List<String> alarms, Instant from, Instant to) throws Exception;
}
