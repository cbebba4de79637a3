package dev.runbook.exec;

import dev.runbook.action.CreatedResource;

/** A resource registered by the action of {@code step} ({@code resource-created}), probed after the clean-up. */
public record StepResource(String step, CreatedResource resource) {
}
