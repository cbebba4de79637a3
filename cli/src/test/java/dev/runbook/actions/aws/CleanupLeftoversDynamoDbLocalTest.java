package dev.runbook.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionRegistry;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.CreatedResource;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.Preview;
import dev.runbook.action.ValueType;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.exec.Executor;
import dev.runbook.exec.Mode;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunResult;
import dev.runbook.exec.RunState;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.ScriptedConfirmer;
import dev.runbook.exec.StepStatus;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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

/**
 * {@code cleanup:} end to end in the engine, against DynamoDB Local: the clean-up runs after a failed main step,
 * and of two registered tables the one the clean-up did not delete is reported as a leftover, with its removal.
 */
@ExtendWith(DynamoDbLocal.class)
class CleanupLeftoversDynamoDbLocalTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private static AwsClients clients;
    private static Supplier<AwsClients> supplier;
    private static DynamoDbClient dynamo;

    private final List<RunEvent> events = new ArrayList<>();

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

    /** A stand-in for a restore (DynamoDB Local has none): creates the table and registers it as the restores do. */
    private static final class CreateTable implements Action {
        @Override
        public ActionSpec spec() {
            return new ActionSpec("test.create-table", "creates a table", Kind.MUTATING,
                    List.of(IoSpec.required("table", ValueType.STRING, "the table")),
                    List.of(IoSpec.output("table", ValueType.STRING, "the table")), false);
        }

        @Override
        public Preview preview(Inputs inputs) {
            return Preview.of("create " + inputs.string("table"));
        }

        @Override
        public Outputs apply(Inputs inputs, ActionContext context) {
            String name = inputs.string("table");
            dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            context.register(new CreatedResource(DrillResources.DYNAMODB_TABLE, name, "us-east-1",
                    "aws dynamodb delete-table --table-name " + name + " --region us-east-1"));
            return Outputs.of(Map.of("table", name));
        }
    }

    private static Runbook runbook(String a, String b) {
        return runbook(a, b, "");
    }

    private static Runbook runbook(String a, String b, String moreCleanup) {
        ParseResult parsed = new RunbookParser().parse("drill.yaml", String.join("\n",
                "runbook: 1",
                "name: cleanup-drill",
                "steps:",
                "  - id: restore-a",
                "    action: test.create-table",
                "    with: { table: " + a + " }",
                "  - id: restore-b",
                "    action: test.create-table",
                "    with: { table: " + b + " }",
                "  - id: verify",
                "    action: assert",
                "    with: { that: '${{ 1 == 2 }}', message: the scratch table is wrong }",
                "  - id: never",
                "    action: assert",
                "    with: { that: '${{ true }}' }",
                "cleanup:",
                "  - id: delete-a",
                "    action: aws.dynamodb.delete-table",
                "    with: { table: '${{ steps.restore-a.outputs.table }}' }",
                moreCleanup,
                ""));
        assertThat(parsed.problems()).isEmpty();
        return parsed.runbook();
    }

    private RunResult run(Runbook rb, Mode mode, boolean yes) {
        return run(rb, mode, yes, RunState.fresh());
    }

    private RunResult run(Runbook rb, Mode mode, boolean yes, RunState state) {
        List<Action> all = new ArrayList<>(new BuiltinActions().actions());
        all.addAll(new AwsActions(supplier).actions());
        all.add(new CreateTable());
        ActionRegistry registry = ActionRegistry.of(all, List.of(), new AwsActions(supplier).resourceProbes());
        return Executor.builder().registry(registry).clock(CLOCK).listener(events::add).mode(mode)
                .confirmer(ScriptedConfirmer.noTerminal(yes, Map.of())).operator("alice").build()
                .run(rb, Map.of(), state);
    }

    private <T extends RunEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    private static String name() {
        return "drill-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void cleanupRunsAfterAFailedStepAndTheTableItDidNotDeleteIsALeftover() {
        // given: two restored tables, a failing verification, and a clean-up that deletes only the first
        String a = name();
        String b = name();

        // when
        RunResult result = run(runbook(a, b), Mode.RUN, true);

        // then: the run stays failed (its main step failed), the clean-up ran anyway and succeeded
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.message()).contains("step 'verify' failed").doesNotContain("clean-up");
        assertThat(result.step("never").status()).isEqualTo(StepStatus.NOT_RUN);
        assertThat(result.step("delete-a").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(of(RunEvent.CleanupStarted.class)).singleElement()
                .satisfies(c -> assertThat(c.steps()).containsExactly("delete-a"))
                .satisfies(c -> assertThat(c.after()).isEqualTo("failed"));
        assertThat(of(RunEvent.CleanupFinished.class)).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("succeeded"));
        // the order: verify fails, then the clean-up's prompt, its step, its end, then the probes
        List<String> order = events.stream().map(e -> e instanceof RunEvent.StepFinished
                ? "finished " + ((RunEvent.StepFinished) e).step() : e.getClass().getSimpleName())
                .filter(s -> s.startsWith("finished") || s.startsWith("Cleanup") || s.startsWith("Resource")
                        || s.startsWith("RunFinished"))
                .collect(Collectors.toList());
        // (a resource is recorded while its step runs, before the step's end; a step not run has no end record)
        assertThat(order).containsExactly("ResourceCreated", "finished restore-a", "ResourceCreated",
                "finished restore-b", "finished verify", "CleanupStarted", "finished delete-a",
                "CleanupFinished", "ResourceChecked", "ResourceChecked", "RunFinished");
        assertThat(of(RunEvent.ResourceChecked.class)).extracting(RunEvent.ResourceChecked::id,
                RunEvent.ResourceChecked::state).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a, "gone"),
                        org.assertj.core.groups.Tuple.tuple(b, "leftover"));
        RunEvent.ResourceChecked left = of(RunEvent.ResourceChecked.class).get(1);
        assertThat(left.removal()).isEqualTo("aws dynamodb delete-table --table-name " + b + " --region us-east-1");
        assertThat(left.step()).isEqualTo("restore-b");
        assertThat(dynamo.listTables().tableNames()).contains(b).doesNotContain(a);
    }

    @Test
    void aDeclinedCleanupRunsNothingAndLeavesBothTables() {
        // given: no terminal and no --yes: the clean-up's question has no answer
        String a = name();
        String b = name();

        // when
        RunResult result = run(runbook(a, b), Mode.RUN, false);

        // then
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("delete-a").status()).isEqualTo(StepStatus.NOT_RUN);
        assertThat(of(RunEvent.CleanupFinished.class)).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("declined"));
        assertThat(of(RunEvent.ResourceChecked.class)).extracting(RunEvent.ResourceChecked::state)
                .containsExactly("leftover", "leftover");
        assertThat(result.message()).contains("clean-up declined");
    }

    @Test
    void aDryRunShowsTheCleanupInASectionOfItsOwnAndProbesNothing() {
        // when
        RunResult result = run(runbook(name(), name()), Mode.DRY_RUN, false);

        // then
        assertThat(result.status()).isEqualTo(RunStatus.PLANNED);
        assertThat(of(RunEvent.CleanupStarted.class)).singleElement()
                .satisfies(c -> assertThat(c.steps()).containsExactly("delete-a"));
        List<String> planned = of(RunEvent.StepPlanned.class).stream().map(RunEvent.StepPlanned::step)
                .collect(Collectors.toList());
        assertThat(planned).containsExactly("restore-a", "restore-b", "verify", "never", "delete-a");
        int section = events.indexOf(of(RunEvent.CleanupStarted.class).get(0));
        int cleanupStep = events.indexOf(of(RunEvent.StepPlanned.class).get(4));
        assertThat(section).isLessThan(cleanupStep);
        assertThat(of(RunEvent.ResourceChecked.class)).isEmpty();
        assertThat(of(RunEvent.PromptAsked.class)).isEmpty();
    }

    @Test
    void aResumeRunsOnlyTheCleanupStepsThatDidNotCompleteAndProbesTheEarlierRunsResources() {
        // given: an earlier run restored both tables, failed, and its clean-up deleted a, then stopped before b
        String a = name();
        String b = name();
        Runbook rb = runbook(a, b, String.join("\n",
                "  - id: delete-b",
                "    action: aws.dynamodb.delete-table",
                "    with: { table: '${{ steps.restore-b.outputs.table }}' }"));
        RunResult first = run(rb, Mode.RUN, true);
        assertThat(first.step("delete-b").status()).isEqualTo(StepStatus.SUCCEEDED);
        // (recreate b as the earlier run's state: its delete-b never ran)
        new CreateTable().apply(Aws.inputs("table", b), new dev.runbook.action.ActionContext() {
            public String stepId() { return "x"; }
            public Clock clock() { return CLOCK; }
            public void sleep(java.time.Duration d) { }
            public java.time.Duration remaining() { return null; }
            public void progress(String m) { }
            public void output(String s, String l) { }
            public String acknowledge(String i) { return null; }
            public Object evaluate(String e, Map<String, Object> x) { return null; }
            public String explain(String e) { return ""; }
            public Outputs rerunStep(String s) { return null; }
            public Outputs runAction(String a2, Map<String, Object> w) { return null; }
            public void secret(String v) { }
        });
        Map<String, dev.runbook.exec.StepResult> completed = new java.util.LinkedHashMap<>();
        for (String id : List.of("restore-a", "restore-b", "delete-a")) {
            completed.put(id, first.step(id));
        }
        List<dev.runbook.exec.StepResource> registered = List.of(
                new dev.runbook.exec.StepResource("restore-a", new CreatedResource(DrillResources.DYNAMODB_TABLE, a,
                        "us-east-1", "aws dynamodb delete-table --table-name " + a)),
                new dev.runbook.exec.StepResource("restore-b", new CreatedResource(DrillResources.DYNAMODB_TABLE, b,
                        "us-east-1", "aws dynamodb delete-table --table-name " + b)));
        events.clear();

        // when
        RunResult resumed = run(rb, Mode.RUN, true, RunState.resume(first.runId(), CLOCK.instant(), completed,
                java.util.Set.of()).withResources(registered));

        // then: verify runs again (and fails), the clean-up runs only delete-b, and both tables are gone
        assertThat(resumed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(of(RunEvent.CleanupStarted.class)).singleElement()
                .satisfies(c -> assertThat(c.steps()).containsExactly("delete-b"));
        assertThat(of(RunEvent.StepStarted.class)).extracting(RunEvent.StepStarted::step)
                .containsExactly("verify", "delete-b");
        assertThat(of(RunEvent.ResourceChecked.class)).extracting(RunEvent.ResourceChecked::state)
                .containsExactly("gone", "gone");
    }
}
