package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code aws.dynamodb.release-lock}: deletes our lock item, on the condition that we hold it. A lock that is already
 * gone counts as released; one held by someone else is left alone and the step fails naming the holder.
 */
final class ReleaseLockAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.release-lock",
            "Releases a lock taken with aws.dynamodb.acquire-lock (a conditional delete); fails when someone else "
                    + "holds it.",
            Kind.MUTATING,
            DynamoLock.INPUTS,
            List.of(IoSpec.output("released", ValueType.BOOLEAN, "true when our lock was deleted, false when it was "
                    + "already gone")),
            false);
    private static final String CONDITION = "#o = :o";

    ReleaseLockAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(DynamoLock.keyAttribute(inputs), inputs.get("lock"));
        return List.of(ApiCall.of("dynamodb", "DeleteItem", "TableName", inputs.string("table"),
                "Key", DynamoValues.wire(key), "ConditionExpression", CONDITION,
                "ExpressionAttributeNames", Map.of("#o", DynamoLock.OWNER),
                "ExpressionAttributeValues", DynamoValues.wire(Map.of(":o", DynamoLock.owner(inputs)))));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        String owner = DynamoLock.owner(inputs);
        Map<String, Object> key = DynamoLock.key(inputs);
        String lock = String.valueOf(key.values().iterator().next());
        try {
            call(calls(inputs).get(0), "lock '" + lock + "' in table '" + table + "'",
                    () -> aws().dynamoDb().deleteItem(b -> b.tableName(table).key(DynamoValues.item(key))
                            .conditionExpression(CONDITION)
                            .expressionAttributeNames(Map.of("#o", DynamoLock.OWNER))
                            .expressionAttributeValues(DynamoValues.item(Map.of(":o", owner)))
                            .overrideConfiguration(AwsClients.within(context))));
            return Outputs.of(Map.of("released", true));
        } catch (ActionFailedException e) {
            if (!AwsErrors.hasCode(e, "ConditionalCheckFailedException")) {
                throw e;
            }
            Map<String, Object> holder = GetItemAction.read(this, table, key, true, context);
            if (holder == null) {
                return Outputs.of(Map.of("released", false));
            }
            throw new ActionFailedException("lock '" + lock + "' in table '" + table + "' is "
                    + DynamoLock.holder(holder) + ", not by '" + owner + "': not released", e);
        }
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        Map<String, Object> held = GetItemAction.read(this, required(inputs, "table"), DynamoLock.key(inputs),
                true, context);
        return held == null ? Optional.of(Outputs.of(Map.of("released", false))) : Optional.empty();
    }
}
