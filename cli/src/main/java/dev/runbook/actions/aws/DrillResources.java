package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.CreatedResource;
import dev.runbook.action.ResourceProbe;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The AWS side of resource registration ({@link CreatedResource}): what the creating actions register (a restored
 * DynamoDB table, with the exact {@code aws} command that deletes it) and the probe that tells after a run's
 * clean-up whether it is still there ({@code DescribeTable}: ResourceNotFound or DELETING means gone).
 */
final class DrillResources implements ResourceProbe {
    static final String DYNAMODB_TABLE = "dynamodb-table";
    private static final Set<String> KINDS = Set.of(DYNAMODB_TABLE);

    private final Supplier<AwsClients> clients;

    DrillResources(Supplier<AwsClients> clients) {
        this.clients = clients;
    }

    /** Registers a table an action created (restored) with the command that deletes it. */
    static void registerTable(AwsAction action, String table, ActionContext context) {
        String region = regionOf(action);
        context.register(new CreatedResource(DYNAMODB_TABLE, table, region,
                "aws dynamodb delete-table --table-name " + table + (region == null ? "" : " --region " + region)));
    }

    private static String regionOf(AwsAction action) {
        try {
            return action.aws().region();
        } catch (ActionFailedException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean handles(String kind) {
        return KINDS.contains(kind);
    }

    @Override
    public boolean exists(CreatedResource resource, Duration timeout) throws Exception {
        return Sdk.tableExists(clients.get(), resource.id(), timeout);
    }

    /** The SDK calls, in a class of their own: a registry (and a dry-run) loads this probe, never an SDK class. */
    private static final class Sdk {
        static boolean tableExists(AwsClients aws, String table, Duration timeout) throws Exception {
            try {
                String status = aws.dynamoDb().describeTable(b -> b.tableName(table)
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout))).table().tableStatusAsString();
                return !"DELETING".equals(status);
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
                return false;
            }
        }
    }
}
