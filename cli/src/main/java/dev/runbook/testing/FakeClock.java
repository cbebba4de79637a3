package dev.runbook.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a sleep advances it, so runbook tests never wait for real time. Also the fake clock
 * of the project's own unit tests.
 */
public final class FakeClock extends Clock {
    private final AtomicReference<Instant> now;

    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves time forward; a null or negative duration changes nothing. */
    public void advance(Duration d) {
        if (d != null && !d.isNegative()) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
