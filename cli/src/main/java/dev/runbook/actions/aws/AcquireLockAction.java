package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code aws.dynamodb.acquire-lock}: takes a named lock with a conditional put, so that two operators cannot run the
 * same recovery at once. It succeeds when the lock is free, expired, or already ours (the TTL is renewed), and fails
 * naming the holder when someone else has it.
 */
final class AcquireLockAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.acquire-lock",
            "Takes a named lock in a DynamoDB table (a conditional put with an owner and a TTL); fails naming the "
                    + "holder when someone else has it.",
            Kind.MUTATING,
            inputs(),
            List.of(IoSpec.output("owner", ValueType.STRING, "the lock's owner (us)"),
                    IoSpec.output("expiresAt", ValueType.TIMESTAMP, "when the lock lapses unless renewed")),
            false);
    private static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private static final String ACQUIRED = "acquiredAt";
    private static final String CONDITION = "attribute_not_exists(#k) OR #o = :o OR #e < :now";

    AcquireLockAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    private static List<IoSpec> inputs() {
        List<IoSpec> all = new ArrayList<>(DynamoLock.INPUTS);
        all.add(IoSpec.optional("ttl", ValueType.DURATION, "how long the lock holds unless released (default 1h)"));
        return all;
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(DynamoLock.keyAttribute(inputs), inputs.get("lock"));
        item.put(DynamoLock.OWNER, DynamoLock.owner(inputs));
        Map<String, Object> wireItem = DynamoValues.wire(item);
        wireItem.put(DynamoLock.EXPIRES, Map.of("N", "<now + " + inputs.string("ttl", "1h") + ", epoch seconds>"));
        wireItem.put(ACQUIRED, Map.of("S", "<now>"));
        Map<String, Object> values = DynamoValues.wire(Map.of(":o", DynamoLock.owner(inputs)));
        values.put(":now", Map.of("N", "<now, epoch seconds>"));
        return List.of(ApiCall.of("dynamodb", "PutItem", "TableName", inputs.string("table"), "Item", wireItem,
                "ConditionExpression", CONDITION, "ExpressionAttributeNames", names(inputs),
                "ExpressionAttributeValues", values));
    }

    private static Map<String, String> names(Inputs inputs) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("#k", DynamoLock.keyAttribute(inputs));
        names.put("#o", DynamoLock.OWNER);
        names.put("#e", DynamoLock.EXPIRES);
        return names;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        String owner = DynamoLock.owner(inputs);
        String keyName = DynamoLock.keyAttribute(inputs);
        Map<String, Object> key = DynamoLock.key(inputs);
        Instant now = context.clock().instant();
        Instant expires = now.plus(inputs.duration("ttl", DEFAULT_TTL));
        Map<String, Object> item = new LinkedHashMap<>(key);
        item.put(DynamoLock.OWNER, owner);
        item.put(DynamoLock.EXPIRES, expires.getEpochSecond());
        item.put(ACQUIRED, now.toString());
        try {
            call(calls(inputs).get(0), "lock '" + key.get(keyName) + "' in table '" + table + "'",
                    () -> aws().dynamoDb().putItem(b -> b.tableName(table).item(DynamoValues.item(item))
                            .conditionExpression(CONDITION)
                            .expressionAttributeNames(names(inputs))
                            .expressionAttributeValues(DynamoValues.item(Map.of(":o", owner,
                                    ":now", now.getEpochSecond())))
                            .overrideConfiguration(AwsClients.within(context))));
        } catch (ActionFailedException e) {
            if (!AwsErrors.hasCode(e, "ConditionalCheckFailedException")) {
                throw e;
            }
            Map<String, Object> holder = GetItemAction.read(this, table, key, true, context);
            throw new ActionFailedException("lock '" + key.get(keyName) + "' in table '" + table + "' is "
                    + (holder == null ? "held by someone else" : DynamoLock.holder(holder))
                    + ", not by '" + owner + "': not acquired", e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("owner", owner);
        out.put("expiresAt", Instant.ofEpochSecond(expires.getEpochSecond()).toString());
        return Outputs.of(out);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        Map<String, Object> held = GetItemAction.read(this, required(inputs, "table"), DynamoLock.key(inputs),
                true, context);
        if (held == null || !DynamoLock.owner(inputs).equals(held.get(DynamoLock.OWNER))) {
            return Optional.empty();
        }
        Object expires = held.get(DynamoLock.EXPIRES);
        if (!(expires instanceof Number)
                || ((Number) expires).longValue() < context.clock().instant().getEpochSecond()) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("owner", held.get(DynamoLock.OWNER));
        out.put("expiresAt", Instant.ofEpochSecond(((Number) expires).longValue()).toString());
        return Optional.of(Outputs.of(out));
    }
}
