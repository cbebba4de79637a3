package dev.runbook.model;

import java.time.Duration;

/**
 * Recovery objectives a run or drill is measured against. Any part may be null when not declared.
 * {@code rpoFrom} is an extension: an expression that yields the achieved RPO in seconds.
 */
public record Objectives(Location location, Duration rto, Duration rpo, Located<String> rpoFrom) {
    public static final Objectives NONE = new Objectives(null, null, null, null);
}
