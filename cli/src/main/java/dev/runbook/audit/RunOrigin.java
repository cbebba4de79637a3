package dev.runbook.audit;

/**
 * What the audit log records about a run besides its events: the runbook file (absolute path and SHA-256 of its
 * bytes, which {@code resume} checks), who ran it, the tool's version, and whether it is a DR drill.
 */
public record RunOrigin(String path, String sha256, Actor actor, String toolVersion, boolean drill) {
}
