package dev.runbook.action;

import java.util.Locale;

/**
 * The type of an action's input or output. {@code EXPRESSION} inputs are not rendered before the action runs:
 * the action evaluates them itself, possibly many times (e.g. {@code wait.until}). {@code ANY} accepts anything.
 */
public enum ValueType {
    STRING, INTEGER, NUMBER, BOOLEAN, DURATION, TIMESTAMP, LIST, MAP, EXPRESSION, ANY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
