package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@code aws.dynamodb.delete-table}: deletes a table, for the clean-up after a restore drill. */
final class DeleteTableAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.dynamodb.delete-table",
            "Deletes a DynamoDB table and every item in it (for drill clean-up); AWS refuses a table with "
                    + "deletion protection.",
            Kind.MUTATING,
            List.of(IoSpec.required("table", ValueType.STRING, "the table to delete")),
            List.of(IoSpec.output("status", ValueType.STRING, "DELETING, or DELETED when it was already gone")),
            false);

    DeleteTableAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("dynamodb", "DeleteTable", "TableName", inputs.string("table")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        TableDescription t = call(calls(inputs).get(0), "table '" + table + "'", () -> aws().dynamoDb()
                .deleteTable(b -> b.tableName(table).overrideConfiguration(AwsClients.within(context)))
                .tableDescription());
        return Outputs.of(Map.of("status", t.tableStatusAsString() == null ? "DELETING" : t.tableStatusAsString()));
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        String table = required(inputs, "table");
        try {
            TableDescription t = DescribeTableAction.describe(this, table, context);
            return "DELETING".equals(t.tableStatusAsString())
                    ? Optional.of(Outputs.of(Map.of("status", "DELETING"))) : Optional.empty();
        } catch (ActionFailedException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.of(Outputs.of(Map.of("status", "DELETED")));
            }
            throw e;
        }
    }
}
