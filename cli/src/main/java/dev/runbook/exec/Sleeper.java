package dev.runbook.exec;

import java.time.Duration;

/**
 * Waiting, as a seam: retries and actions sleep through it so that tests can use a fake that only advances a fake
 * clock. Must throw InterruptedException when interrupted.
 */
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Really sleeps. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis());
        }
    };
}
