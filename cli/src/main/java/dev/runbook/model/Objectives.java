package dev.runbook.model;

import java.time.Duration;

/**
 * Recovery objectives a run or drill is measured against. Any part may be null when not declared.
 * {@code rpoFrom} is an extension: an expression that yields the achieved RPO in seconds. {@code mtpd} (extension)
 * is the maximum tolerable period of disruption, from the disruption start to the service verified again.
 */
public record Objectives(Location location, Duration rto, Duration rpo, Located<String> rpoFrom, Duration mtpd) {
    public static final Objectives NONE = new Objectives(null, null, null, null, null);

    /** Objectives without an MTPD. */
    public Objectives(Location location, Duration rto, Duration rpo, Located<String> rpoFrom) {
        this(location, rto, rpo, rpoFrom, null);
    }
}
