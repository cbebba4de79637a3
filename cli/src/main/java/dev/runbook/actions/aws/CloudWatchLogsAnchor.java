package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import dev.runbook.audit.Anchor;
import dev.runbook.audit.Checkpoint;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * {@code cloudwatch-logs://GROUP/STREAM}: one log event per checkpoint ({@code PutLogEvents}, the message the
 * checkpoint's canonical JSON, the timestamp its time). The group must exist; a missing stream is created the first
 * time ({@code CreateLogStream}) and the put made again. Read back with {@code GetLogEvents} from the stream's head.
 */
final class CloudWatchLogsAnchor implements Anchor {
    private final String uri;
    private final String group;
    private final String stream;
    private final AwsClients clients;
    private final Clock clock;

    CloudWatchLogsAnchor(String uri, String group, String stream, AwsClients clients, Clock clock) {
        this.uri = uri;
        this.group = group;
        this.stream = stream;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void put(Checkpoint c, Duration within) throws IOException {
        CloudWatchLogsClient logs = client();
        long ts;
        try {
            ts = Instant.parse(c.ts()).toEpochMilli();
        } catch (RuntimeException e) {
            ts = clock.millis();
        }
        InputLogEvent event = InputLogEvent.builder().timestamp(ts).message(c.toJson()).build();
        try {
            try {
                logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(event)
                        .overrideConfiguration(o -> o.apiCallTimeout(within)));
            } catch (ResourceNotFoundException missing) {
                try {
                    logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream)
                            .overrideConfiguration(o -> o.apiCallTimeout(within)));
                } catch (ResourceAlreadyExistsException raced) {
                    // another writer created it meanwhile
                }
                logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(event)
                        .overrideConfiguration(o -> o.apiCallTimeout(within)));
            }
        } catch (RuntimeException e) {
            throw new IOException(AwsErrors.describe(e, "logs:PutLogEvents", "log group '" + group + "' stream '"
                    + stream + "'").getMessage(), e);
        }
    }

    @Override
    public List<Checkpoint> list(String log) throws IOException {
        CloudWatchLogsClient logs = client();
        List<Checkpoint> out = new ArrayList<>();
        String token = null;
        try {
            while (true) {
                String t = token;
                GetLogEventsResponse page = logs.getLogEvents(b -> {
                    b.logGroupName(group).logStreamName(stream).startFromHead(true);
                    if (t != null) {
                        b.nextToken(t);
                    }
                });
                for (OutputLogEvent e : page.events()) {
                    try {
                        Checkpoint c = Checkpoint.parse(e.message());
                        if (log == null || log.equals(c.log())) {
                            out.add(c);
                        }
                    } catch (IllegalArgumentException notOne) {
                        // another program's event in the stream
                    }
                }
                String next = page.nextForwardToken();
                // the stream's end: the token comes back unchanged (or no events came)
                if (next == null || next.equals(token) || page.events().isEmpty()) {
                    break;
                }
                token = next;
            }
        } catch (ResourceNotFoundException e) {
            return out;
        } catch (RuntimeException e) {
            throw new IOException(AwsErrors.describe(e, "logs:GetLogEvents", "log group '" + group + "' stream '"
                    + stream + "'").getMessage(), e);
        }
        return out;
    }

    private CloudWatchLogsClient client() throws IOException {
        try {
            return clients.cloudWatchLogs();
        } catch (ActionFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
