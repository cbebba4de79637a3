package dev.runbook.exec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A fake clock and sleeper, and a listener that keeps every event, for executor tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** A clock that only moves when told to. */
    static final class FakeClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-22T03:00:00Z");

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
            return now;
        }

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** Sleeps instantly: records the duration and advances the fake clock by it. */
    static final class FakeSleeper implements Sleeper {
        private final FakeClock clock;
        private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

        FakeSleeper(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            clock.advance(duration);
        }

        List<Duration> sleeps() {
            synchronized (sleeps) {
                return List.copyOf(sleeps);
            }
        }
    }

    /** Keeps every event it is shown. */
    static final class Recorder implements ExecutionListener, RunJournal {
        private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void on(RunEvent event) {
            events.add(event);
        }

        @Override
        public void append(RunEvent event) {
            events.add(event);
        }

        List<RunEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        <T extends RunEvent> List<T> of(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (RunEvent e : events()) {
                if (type.isInstance(e)) {
                    out.add(type.cast(e));
                }
            }
            return out;
        }
    }
}
