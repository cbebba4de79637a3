package dev.runbook.model;

import java.util.List;

/**
 * A declared runbook parameter. {@code defaultValue} is null when none is given; {@code allowed} is empty when
 * any value of the type is accepted; {@code pattern} (a Java regex, matched against the whole value as written)
 * is null when not given.
 */
public record Parameter(
        Location location,
        String name,
        ParamType type,
        boolean required,
        Node defaultValue,
        String pattern,
        List<Object> allowed,
        boolean secret,
        String description) {

    public Parameter {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }
}
