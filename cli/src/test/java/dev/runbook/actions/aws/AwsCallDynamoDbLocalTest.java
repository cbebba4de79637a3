package dev.runbook.actions.aws;

import static dev.runbook.actions.aws.Aws.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Outputs;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code aws.call} against DynamoDB Local: a table created, an item written and read back, described, deleted. */
@ExtendWith(DynamoDbLocal.class)
class AwsCallDynamoDbLocalTest {
    private static AwsClients clients;

    @BeforeAll
    static void connect() {
        clients = new AwsClients(Aws.settings(DynamoDbLocal.endpoint()));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(String operation, Object... parameters) throws Exception {
        Action a = Aws.action(AwsCallAction.NAME, () -> clients);
        Outputs out = a.apply(inputs("service", "dynamodb", "operation", operation, "parameters",
                inputs(parameters).values()), new TestContext());
        return (Map<String, Object>) out.values().get("response");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTableIsCreatedWrittenReadDescribedAndDeletedThroughAwsCall() throws Exception {
        String table = "call-" + UUID.randomUUID().toString().substring(0, 8);

        Map<String, Object> created = call("create-table", "TableName", table,
                "AttributeDefinitions", List.of(Map.of("AttributeName", "pk", "AttributeType", "S")),
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST");
        call("PutItem", "TableName", table, "Item", Map.of("pk", Map.of("S", "order-1"), "n", Map.of("N", "7"),
                "tags", Map.of("SS", List.of("a", "b"))));
        Map<String, Object> got = call("GetItem", "TableName", table, "Key", Map.of("pk", Map.of("S", "order-1")),
                "ConsistentRead", true);
        Map<String, Object> described = call("DescribeTable", "TableName", table);
        call("DeleteTable", "TableName", table);

        assertThat((Map<String, Object>) created.get("TableDescription")).containsEntry("TableName", table);
        assertThat(got.get("Item")).isEqualTo(Map.of("pk", Map.of("S", "order-1"), "n", Map.of("N", "7"),
                "tags", Map.of("SS", List.of("a", "b"))));
        Map<String, Object> t = (Map<String, Object>) described.get("Table");
        assertThat(t).containsEntry("TableName", table).containsEntry("TableStatus", "ACTIVE")
                .containsEntry("KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")));
        assertThat((String) t.get("CreationDateTime")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThatThrownBy(() -> call("DescribeTable", "TableName", table))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("TableName '" + table + "' not found (dynamodb:DescribeTable: "
                        + "ResourceNotFoundException");
    }
}
