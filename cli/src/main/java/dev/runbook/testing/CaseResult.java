package dev.runbook.testing;

/** How one test case went: the runbook's name, the case's name, passed or not, and why not. */
public record CaseResult(String runbook, String testCase, boolean passed, String message) {

    public String status() {
        return passed ? "passed" : "failed";
    }
}
