package dev.runbook.exec;

import dev.runbook.action.Kind;
import dev.runbook.action.Preview;

/**
 * The step a prompt is about, with what it is going to do, so that a prompt can show it: id, title, action name,
 * kind and the action's preview (secrets already replaced by {@code ***}).
 */
public record StepRef(String id, String title, String action, Kind kind, Preview preview) {
}
