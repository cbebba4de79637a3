package dev.runbook.model;

import java.time.Duration;
import java.util.List;

/**
 * Recovery objectives a run or drill is measured against. Any part may be null when not declared.
 * {@code rpoFrom} is an extension: an expression that yields the achieved RPO in seconds. {@code mtpd} (extension)
 * is the maximum tolerable period of disruption, from the disruption start to the service verified again.
 * {@code mbco} (extension) is the minimum business continuity objective; {@code successAlarms} (extension) the
 * CloudWatch alarms that must reach OK within the RTO and stay OK until the drill ends (never null).
 */
public record Objectives(Location location, Duration rto, Duration rpo, Located<String> rpoFrom, Duration mtpd,
        Mbco mbco, List<Located<String>> successAlarms) {
    public static final Objectives NONE = new Objectives(null, null, null, null, null);

    public Objectives {
        successAlarms = successAlarms == null ? List.of() : List.copyOf(successAlarms);
    }

    /** Objectives without an MBCO or success alarms. */
    public Objectives(Location location, Duration rto, Duration rpo, Located<String> rpoFrom, Duration mtpd) {
        this(location, rto, rpo, rpoFrom, mtpd, null, List.of());
    }

    /** Objectives without an MTPD. */
    public Objectives(Location location, Duration rto, Duration rpo, Located<String> rpoFrom) {
        this(location, rto, rpo, rpoFrom, null);
    }

    /** The names of the success alarms, in the order declared. */
    public List<String> successAlarmNames() {
        return successAlarms.stream().map(Located::value).toList();
    }

    /** Every alarm whose history the drill needs: the success alarms and the MBCO's alarm, without repeats. */
    public List<String> alarmsToRead() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(successAlarmNames());
        if (mbco != null && mbco.alarm() != null) {
            names.add(mbco.alarm().value());
        }
        return List.copyOf(names);
    }
}
