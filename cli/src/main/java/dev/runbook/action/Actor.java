package dev.runbook.action;

/**
 * Who a run acts as on an outside system, as that system sees it: for AWS the caller identity's ARN, its account
 * and the region. {@code summary} is the one line shown to the operator before anything is asked or applied.
 */
public record Actor(String system, String id, String account, String region, String summary) {
}
