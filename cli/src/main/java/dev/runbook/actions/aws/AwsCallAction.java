package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import dev.runbook.util.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code aws.call}: any operation of a bundled service, {@code { service, operation, parameters }}, for the long tail
 * the typed actions do not cover (as SSM Automation's {@code aws:executeAwsApi}). Read-only when the operation's name
 * says so ({@link AwsCallModel#readOnly}); {@code mutating: true} makes any call mutating, never the other way.
 * Validation and the preview read the build's compact model ({@link AwsCallModel}); only {@code apply} touches the
 * SDK ({@link AwsCallInvoker}), through its generic field model.
 */
final class AwsCallAction extends AwsAction {
    static final String NAME = "aws.call";
    static final ActionSpec SPEC = new ActionSpec(NAME,
            "Calls any operation of a bundled AWS service with parameters in the API's own shapes; the response "
                    + "is outputs.response. Read-only when the operation is named Describe/Get/List/Head/Query/Scan/"
                    + "BatchGet/Test/Search/Lookup..., mutating otherwise.",
            Kind.MUTATING,
            List.of(IoSpec.required("service", ValueType.STRING, "the service, as --endpoint names it: "
                            + String.join(", ", AwsSettings.SERVICES)),
                    IoSpec.required("operation", ValueType.STRING,
                            "the operation as the API names it (DescribeTable), or the AWS CLI's form (describe-table)"),
                    IoSpec.optional("parameters", ValueType.MAP,
                            "the request members, named and shaped as in the API reference (TableName: orders)"),
                    IoSpec.optional("mutating", ValueType.BOOLEAN,
                            "true: treat a read-named operation as a change (confirm, audit); false is refused for "
                                    + "an operation that is not read-named")),
            List.of(IoSpec.output("response", ValueType.MAP,
                            "the response members, named as in the API reference (timestamps ISO-8601, blobs base64)"),
                    IoSpec.output("requestId", ValueType.STRING, "the AWS request id")),
            false);

    AwsCallAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    public Kind kind(Inputs inputs) {
        Object op = inputs.get("operation");
        Object mutating = inputs.get("mutating");
        if (!(op instanceof String) || AwsCallModel.isUnknown(op) || ((String) op).isBlank()
                || AwsCallModel.isUnknown(mutating) || inputs.bool("mutating", false)) {
            return Kind.MUTATING;
        }
        String service = inputs.string("service") == null ? "" : inputs.string("service").trim();
        return AwsCallModel.readOnly(service, operationName(inputs)) ? Kind.READ_ONLY : Kind.MUTATING;
    }

    /** The operation's API name: the model's when known, else the given one in PascalCase. */
    private static String operationName(Inputs inputs) {
        String given = inputs.string("operation");
        if (given == null) {
            return "";
        }
        AwsCallModel.Service s = knownService(inputs);
        AwsCallModel.Operation op = s == null ? null : s.operation(given);
        return op != null ? op.name() : AwsCallModel.pascal(given);
    }

    private static AwsCallModel.Service knownService(Inputs inputs) {
        Object s = inputs.get("service");
        return s instanceof String && !AwsCallModel.isUnknown(s) ? AwsCallModel.service((String) s) : null;
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Object given = inputs.get("service");
        String service = given == null ? "<service>" : String.valueOf(given).trim();
        AwsCallModel.Service s = knownService(inputs);
        AwsCallModel.Operation op = s == null ? null : s.operation(inputs.string("operation"));
        String operation = op != null ? op.name() : String.valueOf(inputs.get("operation"));
        Map<String, Object> shown = op != null ? AwsCallModel.members(s, op.members(), inputs.map("parameters"))
                : new LinkedHashMap<>(inputs.map("parameters"));
        ApiCall call = new ApiCall(service, operation, shown, null);
        return List.of(inputs.bool("mutating", false) && kindByName(service, operation) == Kind.READ_ONLY
                ? call.note("treated as mutating") : call);
    }

    private static Kind kindByName(String service, String operation) {
        return AwsCallModel.readOnly(service, operation) ? Kind.READ_ONLY : Kind.MUTATING;
    }

    /**
     * The service, the operation and the parameters as written, against the build's model: unknown names with the
     * nearest known one, values of the wrong type, missing required members, {@code mutating: false} on an
     * operation that changes things, and operations this client cannot send (streaming bodies, HTTP PATCH).
     */
    @Override
    public Map<String, String> writtenProblems(Inputs written) {
        Map<String, String> problems = new LinkedHashMap<>();
        Object service = written.get("service");
        if (!(service instanceof String) || AwsCallModel.isUnknown(service)) {
            return problems;
        }
        String name = ((String) service).trim();
        AwsCallModel.Service s = AwsCallModel.service(name);
        if (s == null) {
            problems.put("service", "unknown AWS service '" + name + "'"
                    + Suggestions.closest(name.toLowerCase(java.util.Locale.ROOT), AwsSettings.SERVICES)
                            .map(x -> ", did you mean '" + x + "'?").orElse("")
                    + " (aws.call calls: " + String.join(", ", AwsSettings.SERVICES) + ")");
            return problems;
        }
        Object operation = written.get("operation");
        if (!(operation instanceof String) || AwsCallModel.isUnknown(operation)) {
            return problems;
        }
        AwsCallModel.Operation op = s.operation((String) operation);
        if (op == null) {
            problems.put("operation", name + " has no operation '" + operation + "'"
                    + s.closestOperation((String) operation).map(x -> ", did you mean '" + x + "'?").orElse("")
                    + " (operations as in the " + name + " API reference, or the AWS CLI's kebab form)");
            return problems;
        }
        String unsupported = unsupported(name, op);
        if (unsupported != null) {
            problems.put("operation", unsupported);
            return problems;
        }
        Object mutating = written.get("mutating");
        if (Boolean.FALSE.equals(mutating) || "false".equals(mutating)) {
            if (!AwsCallModel.readOnly(name, op.name())) {
                problems.put("mutating", name + ":" + op.name() + " changes things (only operations named "
                        + String.join("/", AwsCallModel.READ_ONLY_PREFIXES) + "... are read-only): mutating: false "
                        + "cannot make it read-only; leave mutating out");
            }
        }
        AwsCallModel.check(s, op, written.get("parameters"), "parameters", problems);
        return problems;
    }

    /** Why this build cannot send an operation, or null when it can. */
    static String unsupported(String service, AwsCallModel.Operation op) {
        if (op.streaming()) {
            return service + ":" + op.name() + " streams its " + (op.flags().contains("i") ? "request" : "response")
                    + " body, which aws.call does not handle: use an exec step with the AWS CLI";
        }
        if (op.patch()) {
            return service + ":" + op.name() + " is sent with HTTP PATCH, which runbook's HTTP client (the URL "
                    + "connection one, chosen for start-up time) cannot send: use an exec step with the AWS CLI";
        }
        return null;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String service = required(inputs, "service");
        String operation = required(inputs, "operation");
        AwsCallModel.Service s = AwsCallModel.service(service);
        if (s == null) {
            throw new ActionFailedException("unknown AWS service '" + service + "' (aws.call calls: "
                    + String.join(", ", AwsSettings.SERVICES) + ")");
        }
        AwsCallModel.Operation op = s.operation(operation);
        if (op == null) {
            throw new ActionFailedException(service + " has no operation '" + operation + "'"
                    + s.closestOperation(operation).map(x -> ", did you mean '" + x + "'?").orElse(""));
        }
        String unsupported = unsupported(service, op);
        if (unsupported != null) {
            throw new ActionFailedException(unsupported);
        }
        if (!inputs.bool("mutating", true) && !AwsCallModel.readOnly(service, op.name())) {
            throw new ActionFailedException(service + ":" + op.name() + " changes things: mutating: false cannot "
                    + "make it read-only");
        }
        Map<String, Object> parameters = inputs.map("parameters");
        for (String secret : AwsCallModel.secrets(parameters)) {
            context.secret(secret);
        }
        ApiCall call = new ApiCall(service, op.name(), Map.of(), null);
        Map<String, Object> out = call(call, resource(parameters), () -> AwsCallInvoker.invoke(aws(), s, op,
                parameters, context));
        return Outputs.of(out);
    }

    /** What the call is about, for error messages: its first name, id or ARN parameter ({@code TableName 'orders'}). */
    static String resource(Map<String, Object> parameters) {
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            String k = e.getKey();
            if (e.getValue() instanceof String && (k.endsWith("Name") || k.endsWith("Id") || k.endsWith("Arn")
                    || k.endsWith("Identifier") || k.equals("Bucket") || k.equals("Key") || k.equals("Cluster")
                    || k.equals("Service") || k.equals("SecretId"))) {
                return k + " '" + e.getValue() + "'";
            }
        }
        return null;
    }
}
