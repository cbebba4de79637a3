package dev.runbook.actions.aws;

import dev.runbook.audit.Anchor;
import java.time.Clock;
import java.time.Duration;

/**
 * The anchors kept in AWS, built only when one is named (so that a command without one loads no SDK class). Each
 * has its own clients, built with the run's {@link AwsSettings} ({@code --profile}, {@code --region},
 * {@code --endpoint s3=URL} / {@code logs=URL}) the first time it writes.
 */
public final class AwsAnchors {
    private AwsAnchors() {
    }

    public static Anchor s3(String uri, String bucket, String prefix, Duration retention, AwsSettings settings,
            Clock clock) {
        return new S3Anchor(uri, bucket, prefix, retention, new AwsClients(settings), clock);
    }

    public static Anchor cloudWatchLogs(String uri, String group, String stream, AwsSettings settings, Clock clock) {
        return new CloudWatchLogsAnchor(uri, group, stream, new AwsClients(settings), clock);
    }
}
