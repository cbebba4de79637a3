package dev.runbook.action;

import java.util.Objects;

/**
 * A resource an action created that outlives the run unless something removes it (a restored table, a backup, a
 * restored DB instance, a configuration version): registered with {@link ActionContext#register}, recorded in the
 * audit log ({@code resource-created}) and, after the run's clean-up, probed ({@link ResourceProbe}): one still
 * there is a leftover. {@code kind} names what it is ({@code dynamodb-table}, {@code dynamodb-backup},
 * {@code rds-db-instance}, {@code appconfig-configuration-version}); {@code id} is its name or ARN; {@code region}
 * may be null; {@code removal} is the exact command that deletes it ({@code aws dynamodb delete-table ...}).
 */
public record CreatedResource(String kind, String id, String region, String removal) {

    public CreatedResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    /** {@code table orders-restored (aws dynamodb delete-table --table-name orders-restored)}: how it is listed. */
    public String describe() {
        String what = kind.contains("-") ? kind.substring(kind.lastIndexOf('-') + 1) : kind;
        if (kind.endsWith("configuration-version")) {
            what = "configuration version";
        } else if (kind.endsWith("db-instance")) {
            what = "DB instance";
        }
        return what + " " + id + (removal == null || removal.isBlank() ? "" : " (" + removal + ")");
    }
}
