package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.model.AutomationExecution;

/**
 * {@code aws.ssm.wait-automation}: polls an Automation execution until it ends: Success succeeds; Failed, TimedOut,
 * Cancelled and the like fail with AWS's failure message. The step's timeout bounds the wait.
 */
final class WaitAutomationAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ssm.wait-automation",
            "Waits for an SSM Automation execution to end, showing its status; fails unless it succeeds.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("execution-id", ValueType.STRING, "the execution id"),
                    IoSpec.optional("interval", ValueType.DURATION, "the pause between polls (default 10s)")),
            List.of(IoSpec.output("status", ValueType.STRING, "Success"),
                    IoSpec.output("outputs", ValueType.MAP, "the execution's outputs")),
            false);
    private static final Set<String> RUNNING = Set.of("Pending", "InProgress", "Waiting", "Cancelling",
            "RunbookInProgress", "PendingApproval", "Approved", "Scheduled", "PendingChangeCalendarOverride",
            "ChangeCalendarOverrideApproved");

    WaitAutomationAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("ssm", "GetAutomationExecution", "AutomationExecutionId",
                inputs.string("execution-id")).note("every " + inputs.string("interval", "10s") + " until it ends"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String id = required(inputs, "execution-id");
        Duration interval = inputs.duration("interval", Duration.ofSeconds(10));
        Instant start = context.clock().instant();
        while (true) {
            AutomationExecution e = call(calls(inputs).get(0), "automation execution '" + id + "'", () -> aws().ssm()
                    .getAutomationExecution(b -> b.automationExecutionId(id)
                            .overrideConfiguration(AwsClients.within(context))).automationExecution());
            String status = e.automationExecutionStatusAsString();
            if ("Success".equals(status) || "CompletedWithSuccess".equals(status)) {
                Map<String, Object> outputs = new LinkedHashMap<>();
                if (e.hasOutputs()) {
                    outputs.putAll(e.outputs());
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("status", status);
                out.put("outputs", outputs);
                return Outputs.of(out);
            }
            if (!RUNNING.contains(status)) {
                throw new ActionFailedException("automation execution " + id + " ended " + status
                        + (e.failureMessage() == null ? "" : ": " + e.failureMessage()));
            }
            context.progress("automation " + id + ": " + status
                    + (e.currentStepName() == null ? "" : " at step " + e.currentStepName()) + ", "
                    + Durations.format(Duration.between(start, context.clock().instant())));
            context.sleep(interval);
        }
    }
}
