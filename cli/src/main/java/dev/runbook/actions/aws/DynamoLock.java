package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.ValueType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock item shared by {@code acquire-lock} and {@code release-lock}: one item per lock name, keyed by
 * {@code key-attribute} (default {@code lockId}), with its {@code owner} and {@code expiresAt} (epoch seconds, so
 * that the table's TTL can remove an abandoned lock; an expired lock may be taken over before TTL gets to it).
 */
final class DynamoLock {
    static final String DEFAULT_KEY = "lockId";
    static final String OWNER = "owner";
    static final String EXPIRES = "expiresAt";

    static final List<IoSpec> INPUTS = List.of(
            IoSpec.required("table", ValueType.STRING, "the lock table"),
            IoSpec.required("lock", ValueType.STRING, "the lock's name (the key value)"),
            IoSpec.optional("owner", ValueType.STRING, "who holds it (default: the OS user)"),
            IoSpec.optional("key-attribute", ValueType.STRING, "the table's partition key name (default lockId)"));

    private DynamoLock() {
    }

    static String owner(Inputs inputs) {
        return inputs.string("owner", System.getProperty("user.name", "runbook"));
    }

    static String keyAttribute(Inputs inputs) {
        return inputs.string("key-attribute", DEFAULT_KEY);
    }

    static Map<String, Object> key(Inputs inputs) throws ActionFailedException {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(keyAttribute(inputs), AwsAction.required(inputs, "lock"));
        return key;
    }

    /** "held by 'bob' until 2026-11-22T05:00:00Z" for a lock item as plain values. */
    static String holder(Map<String, Object> item) {
        Object expires = item.get(EXPIRES);
        String until = expires instanceof Number
                ? " until " + Instant.ofEpochSecond(((Number) expires).longValue()) : "";
        return "held by '" + item.get(OWNER) + "'" + until;
    }
}
