package dev.runbook.model;

/** A value read from a runbook together with where it was written. */
public record Located<T>(T value, Location location) {
}
