package dev.runbook.model;

import java.time.Duration;

/**
 * How often a failing step is tried: {@code attempts} in all (1 means no retry), waiting {@code delay} before
 * the second attempt and multiplying the wait by {@code backoff} each time, up to {@code maxDelay}.
 */
public record Retry(Location location, int attempts, Duration delay, double backoff, Duration maxDelay) {
    public static final Retry NONE = new Retry(null, 1, Duration.ZERO, 1.0, Duration.ZERO);

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    public Duration delayBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        double millis = delay.toMillis() * Math.pow(backoff, attempt - 2);
        long capped = maxDelay.isZero() ? (long) millis : Math.min((long) millis, maxDelay.toMillis());
        return Duration.ofMillis(Math.max(0, capped));
    }
}
