package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.model.ListVersionsByFunctionResponse;

/** {@code aws.lambda.list-versions}: a function's published versions, oldest first ($LATEST left out). */
final class ListVersionsAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.lambda.list-versions",
            "Lists the published versions of a Lambda function, oldest first ($LATEST left out).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("function", ValueType.STRING, "the function name or ARN")),
            List.of(IoSpec.output("versions", ValueType.LIST, "the version numbers, as strings, oldest first"),
                    IoSpec.output("latest", ValueType.STRING, "the newest published version, or null")),
            false);

    ListVersionsAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("lambda", "ListVersionsByFunction", "FunctionName", inputs.string("function"))
                .note("every page"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        List<String> versions = versions(this, required(inputs, "function"), context);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("versions", versions);
        out.put("latest", versions.isEmpty() ? null : versions.get(versions.size() - 1));
        return Outputs.of(out);
    }

    /** Every published version number, in numeric order. */
    static List<String> versions(AwsAction action, String function, ActionContext context) throws Exception {
        ApiCall call = ApiCall.of("lambda", "ListVersionsByFunction", "FunctionName", function);
        List<String> versions = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListVersionsByFunctionResponse r = action.call(call, "function '" + function + "'", () -> action.aws()
                    .lambda().listVersionsByFunction(b -> b.functionName(function).marker(from)
                            .overrideConfiguration(AwsClients.within(context))));
            r.versions().forEach(v -> {
                if (!"$LATEST".equals(v.version())) {
                    versions.add(v.version());
                }
            });
            marker = r.nextMarker();
        } while (marker != null && !marker.isEmpty());
        versions.sort(Comparator.comparingLong(ListVersionsAction::number));
        return versions;
    }

    static long number(String version) {
        try {
            return Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
