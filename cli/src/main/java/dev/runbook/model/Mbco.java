package dev.runbook.model;

/**
 * The minimum business continuity objective of a drill (extension): the lowest level of service that is acceptable
 * during the disruption, as a text for the report, and how it is checked: by a step of the runbook (met when that
 * step succeeded) or by a CloudWatch alarm watching that level (met when the alarm stayed OK over the drill window).
 * Exactly one of {@code step} and {@code alarm} is set.
 */
public record Mbco(Location location, String level, Located<String> step, Located<String> alarm) {
}
