package dev.runbook.exec;

/**
 * An operator's answer and who gave it: {@code by} is a person's name, {@code "--yes"} or {@code "--confirm"} for
 * scripted answers, or null for "the operator at the terminal" (the executor records its operator name then).
 */
public record Answer<T>(T value, String by) {

    public static <T> Answer<T> of(T value) {
        return new Answer<>(value, null);
    }
}
