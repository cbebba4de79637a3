package dev.runbook.actions.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.ActionFailedException;
import dev.runbook.report.AlarmHistorySource;
import dev.runbook.report.AlarmTransition;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryResponse;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Reads the state changes of named CloudWatch alarms over a drill window with {@code DescribeAlarmHistory}
 * ({@code StateUpdate} items, every page), for the success-alarm pass rule and the evidence pack. The new state of
 * each item is {@code newState.stateValue} of its HistoryData JSON.
 */
public final class AlarmHistoryReader implements AlarmHistorySource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;

    public AlarmHistoryReader(AwsClients clients) {
        this.clients = clients;
    }

    /** The transitions of {@code alarm} in [{@code from}, {@code to}], oldest first. */
    public List<AlarmTransition> read(String alarm, Instant from, Instant to) throws ActionFailedException {
        CloudWatchClient cw = clients.cloudWatch();
        List<AlarmTransition> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeAlarmHistoryResponse r;
            try {
                r = cw.describeAlarmHistory(b -> b.alarmName(alarm).historyItemType(HistoryItemType.STATE_UPDATE)
                        .startDate(from).endDate(to).scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(next));
            } catch (RuntimeException e) {
                throw AwsErrors.describe(e, "cloudwatch:DescribeAlarmHistory", "alarm " + alarm);
            }
            for (AlarmHistoryItem item : r.alarmHistoryItems()) {
                String state = newState(item.historyData());
                if (state != null && item.timestamp() != null) {
                    out.add(new AlarmTransition(item.alarmName() == null ? alarm : item.alarmName(), item.timestamp(),
                            state));
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        out.sort(java.util.Comparator.comparing(AlarmTransition::at));
        return List.copyOf(out);
    }

    /** The transitions of every named alarm, oldest first. */
    @Override
    public List<AlarmTransition> read(List<String> alarms, Instant from, Instant to) throws ActionFailedException {
        List<AlarmTransition> out = new ArrayList<>();
        for (String a : alarms) {
            out.addAll(read(a, from, to));
        }
        out.sort(java.util.Comparator.comparing(AlarmTransition::at));
        return List.copyOf(out);
    }

    /** {@code newState.stateValue} of a StateUpdate item's HistoryData, null when absent or not JSON. */
    static String newState(String historyData) {
        if (historyData == null) {
            return null;
        }
        try {
            JsonNode v = JSON.readTree(historyData).path("newState").path("stateValue");
            return v.isTextual() ? v.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
