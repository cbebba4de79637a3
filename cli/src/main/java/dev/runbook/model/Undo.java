package dev.runbook.model;

/** How to reverse a step: another action with its own inputs. */
public record Undo(Location location, Located<String> action, Node.Mapping with) {
}
