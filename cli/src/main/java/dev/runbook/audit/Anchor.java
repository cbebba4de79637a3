package dev.runbook.audit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A place off the machine that keeps an audit log's {@link Checkpoint}s where the log's writer cannot change them
 * (an S3 bucket with Object Lock, a CloudWatch Logs stream, a file on a mounted share). Implementations must be safe
 * to call from two threads (a step's end and the heartbeat).
 */
public interface Anchor extends AutoCloseable {

    /** The anchor as the user named it ({@code s3://bucket/prefix}). */
    String uri();

    /** Writes one checkpoint durably, within {@code within} (one attempt; the caller retries). */
    void put(Checkpoint checkpoint, Duration within) throws IOException;

    /** Every checkpoint of the log {@code log} (or of every log, when null), in any order. */
    List<Checkpoint> list(String log) throws IOException;

    @Override
    default void close() {
    }
}
