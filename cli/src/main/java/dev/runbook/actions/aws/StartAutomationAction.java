package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code aws.ssm.start-automation}: starts an SSM Automation runbook (document) with its parameters. */
final class StartAutomationAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ssm.start-automation",
            "Starts an SSM Automation execution of a document with parameters; wait for it with "
                    + "aws.ssm.wait-automation.",
            Kind.MUTATING,
            List.of(IoSpec.required("document", ValueType.STRING, "the Automation document name"),
                    IoSpec.optional("parameters", ValueType.MAP, "document parameters: a value or a list of values"),
                    IoSpec.optional("document-version", ValueType.STRING, "the document version (default: the "
                            + "default version)")),
            List.of(IoSpec.output("executionId", ValueType.STRING, "the Automation execution id")),
            false);

    StartAutomationAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("ssm", "StartAutomationExecution", "DocumentName", inputs.string("document"),
                "DocumentVersion", inputs.string("document-version"), "Parameters", parameters(inputs)));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String document = required(inputs, "document");
        Map<String, List<String>> parameters = parameters(inputs);
        String id = call(calls(inputs).get(0), "document '" + document + "'", () -> aws().ssm()
                .startAutomationExecution(b -> b.documentName(document)
                        .documentVersion(inputs.string("document-version")).parameters(parameters)
                        .overrideConfiguration(AwsClients.within(context))).automationExecutionId());
        return Outputs.of(Map.of("executionId", id));
    }

    private static Map<String, List<String>> parameters(Inputs inputs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        inputs.map("parameters").forEach((k, v) -> {
            List<String> values = new ArrayList<>();
            if (v instanceof List) {
                ((List<?>) v).forEach(o -> values.add(String.valueOf(o)));
            } else {
                values.add(String.valueOf(v));
            }
            out.put(k, values);
        });
        return out;
    }
}
