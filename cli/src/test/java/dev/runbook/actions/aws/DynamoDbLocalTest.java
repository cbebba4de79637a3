package dev.runbook.actions.aws;

import static dev.runbook.actions.aws.Aws.inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Outputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The DynamoDB actions against DynamoDB Local, for every call it supports. */
@ExtendWith(DynamoDbLocal.class)
class DynamoDbLocalTest {
    private static AwsClients clients;
    private static Supplier<AwsClients> supplier;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void connect() throws Exception {
        clients = new AwsClients(Aws.settings(DynamoDbLocal.endpoint()));
        supplier = () -> clients;
        dynamo = clients.dynamoDb();
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static String table(String keyName, int items) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(keyName)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(keyName).keyType(KeyType.HASH).build()));
        for (int i = 0; i < items; i++) {
            int n = i;
            dynamo.putItem(b -> b.tableName(name).item(DynamoValues.item(Map.of(keyName, "k" + n, "n", n,
                    "status", "open"))));
        }
        return name;
    }

    private static Action action(String name) {
        return Aws.action(name, supplier);
    }

    @Test
    void describeTableReturnsStatusCountAndKeys() throws Exception {
        String t = table("pk", 3);

        Outputs out = action("aws.dynamodb.describe-table").apply(inputs("table", t), new TestContext());

        assertThat(out.values()).containsEntry("table", t).containsEntry("status", "ACTIVE")
                .containsEntry("keys", Map.of("pk", "HASH")).containsEntry("restoredFrom", null);
        assertThat((String) out.get("arn")).endsWith(":table/" + t);
    }

    @Test
    void describeTableOfAMissingTableNamesTheTable() {
        assertThatThrownBy(() -> action("aws.dynamodb.describe-table").apply(inputs("table", "no-such-table"),
                new TestContext()))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageStartingWith("table 'no-such-table' not found (dynamodb:DescribeTable");
    }

    @Test
    void countItemsScansEveryPage() throws Exception {
        String t = table("pk", 25);
        TestContext ctx = new TestContext();

        Outputs out = action("aws.dynamodb.count-items").apply(inputs("table", t, "page-size", 10), ctx);

        assertThat(out.values()).containsEntry("count", 25L).containsEntry("pages", 3).containsEntry("complete", true);
        assertThat(ctx.progress).last().asString().contains("counted 25 items");
    }

    @Test
    void countItemsStopsAtThePageLimitAndSaysSo() throws Exception {
        String t = table("pk", 25);

        Outputs out = action("aws.dynamodb.count-items").apply(inputs("table", t, "page-size", 10, "page-limit", 2),
                new TestContext());

        assertThat(out.values()).containsEntry("count", 20L).containsEntry("pages", 2)
                .containsEntry("complete", false);
    }

    @Test
    void countItemsCanReadTheTablesApproximateCount() throws Exception {
        String t = table("pk", 2);

        Outputs out = action("aws.dynamodb.count-items").apply(inputs("table", t, "method", "describe"),
                new TestContext());

        assertThat(out.values()).containsEntry("pages", 0).containsEntry("complete", false).containsKey("count");
    }

    @Test
    void getItemReturnsTheItemAsPlainValuesOrNotFound() throws Exception {
        String t = table("pk", 2);

        Outputs found = action("aws.dynamodb.get-item").apply(inputs("table", t, "key", Map.of("pk", "k1")),
                new TestContext());
        Outputs missing = action("aws.dynamodb.get-item").apply(inputs("table", t, "key", Map.of("pk", "zz")),
                new TestContext());

        assertThat(found.values()).containsEntry("found", true)
                .containsEntry("item", Map.of("pk", "k1", "n", 1L, "status", "open"));
        assertThat(missing.values()).containsEntry("found", false).containsEntry("item", null);
    }

    @Test
    void compareItemsReportsEqualTablesAndEachDifference() throws Exception {
        String a = table("pk", 3);
        String b = table("pk", 3);
        Action compare = action("aws.dynamodb.compare-items");
        List<Object> keys = List.of(Map.of("pk", "k0"), Map.of("pk", "k1"));

        Outputs same = compare.apply(inputs("source", a, "target", b, "keys", keys), new TestContext());
        dynamo.putItem(r -> r.tableName(b).item(DynamoValues.item(Map.of("pk", "k1", "n", 1, "status", "closed"))));
        dynamo.deleteItem(r -> r.tableName(b).key(DynamoValues.item(Map.of("pk", "k0"))));
        Outputs differ = compare.apply(inputs("source", a, "target", b, "keys", keys), new TestContext());

        assertThat(same.values()).containsEntry("equal", true).containsEntry("compared", 2)
                .containsEntry("differences", List.of());
        assertThat(differ.values()).containsEntry("equal", false);
        assertThat(differ.get("differences")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(
                "{\"pk\":\"k0\"}: only in " + a,
                "{\"pk\":\"k1\"}: status is \"open\" in " + a + ", \"closed\" in " + b);
    }

    @Test
    void deleteTableDeletesAndThenCountsAsAlreadyDone() throws Exception {
        String t = table("pk", 1);
        Action delete = action("aws.dynamodb.delete-table");

        assertThat(delete.alreadyDone(inputs("table", t), new TestContext())).isEmpty();
        Outputs out = delete.apply(inputs("table", t), new TestContext());

        assertThat(out.get("status")).isIn("DELETING", "ACTIVE");
        assertThat(delete.alreadyDone(inputs("table", t), new TestContext())).get()
                .extracting(o -> o.get("status")).isEqualTo("DELETED");
        assertThat(dynamo.listTables().tableNames()).doesNotContain(t);
    }

    @Test
    void waitTableReturnsOnceTheTableIsActiveOrDeleted() throws Exception {
        String t = table("pk", 0);
        Action wait = action("aws.dynamodb.wait-table");

        Outputs active = wait.apply(inputs("table", t), new TestContext());
        dynamo.deleteTable(b -> b.tableName(t));
        Outputs deleted = wait.apply(inputs("table", t, "until", "deleted"), new TestContext());

        assertThat(active.values()).containsEntry("status", "ACTIVE").containsEntry("polls", 1);
        assertThat(deleted.values()).containsEntry("status", "DELETED");
    }

    @Test
    void waitTableForAMissingTableToBeActiveFailsAtOnce() {
        assertThatThrownBy(() -> action("aws.dynamodb.wait-table").apply(inputs("table", "never"), new TestContext()))
                .hasMessage("table 'never' does not exist: it will never be ACTIVE");
    }

    @Test
    void aLockIsTakenOnceAndRefusedToOthersNamingTheHolder() throws Exception {
        String t = table("lockId", 0);
        Action acquire = action("aws.dynamodb.acquire-lock");
        TestContext ctx = new TestContext();

        Outputs mine = acquire.apply(inputs("table", t, "lock", "restore-orders", "owner", "alice", "ttl", "30m"), ctx);
        Outputs again = acquire.apply(inputs("table", t, "lock", "restore-orders", "owner", "alice"), ctx);

        assertThat(mine.values()).containsEntry("owner", "alice")
                .containsEntry("expiresAt", "2026-11-22T04:30:00Z");
        assertThat(again.get("owner")).isEqualTo("alice");
        assertThatThrownBy(() -> acquire.apply(inputs("table", t, "lock", "restore-orders", "owner", "bob"), ctx))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("lock 'restore-orders' in table '" + t + "' is held by 'alice' until "
                        + "2026-11-22T05:00:00Z, not by 'bob': not acquired");
        assertThat(acquire.alreadyDone(inputs("table", t, "lock", "restore-orders", "owner", "alice"), ctx))
                .isPresent();
    }

    @Test
    void anExpiredLockIsTakenOver() throws Exception {
        String t = table("lockId", 0);
        Action acquire = action("aws.dynamodb.acquire-lock");
        TestContext ctx = new TestContext();
        acquire.apply(inputs("table", t, "lock", "l", "owner", "alice", "ttl", "10m"), ctx);

        ctx.clock.advance(Duration.ofMinutes(11));
        Outputs bobs = acquire.apply(inputs("table", t, "lock", "l", "owner", "bob"), ctx);

        assertThat(bobs.get("owner")).isEqualTo("bob");
    }

    @Test
    void releaseLockDeletesOnlyOurLock() throws Exception {
        String t = table("lockId", 0);
        Action acquire = action("aws.dynamodb.acquire-lock");
        Action release = action("aws.dynamodb.release-lock");
        acquire.apply(inputs("table", t, "lock", "l", "owner", "alice"), new TestContext());

        assertThatThrownBy(() -> release.apply(inputs("table", t, "lock", "l", "owner", "bob"), new TestContext()))
                .hasMessageContaining("is held by 'alice'").hasMessageEndingWith("not by 'bob': not released");
        Outputs released = release.apply(inputs("table", t, "lock", "l", "owner", "alice"), new TestContext());
        Outputs again = release.apply(inputs("table", t, "lock", "l", "owner", "alice"), new TestContext());

        assertThat(released.get("released")).isEqualTo(true);
        assertThat(again.get("released")).isEqualTo(false);
        assertThat(release.alreadyDone(inputs("table", t, "lock", "l", "owner", "alice"), new TestContext()))
                .isPresent();
    }

    @Test
    void describeContinuousBackupsIsNotSupportedByDynamoDbLocalSoWireMockCoversIt() {
        // DynamoDB Local answers UnknownOperationException: the message keeps AWS's code so it is recognisable.
        assertThatThrownBy(() -> action("aws.dynamodb.describe-continuous-backups").apply(
                inputs("table", table("pk", 0)), new TestContext()))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("dynamodb:DescribeContinuousBackups");
    }
}
