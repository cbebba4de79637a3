package dev.runbook.actions.aws;

import dev.runbook.action.Preview;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AWS API call as a dry-run shows it: the service, the operation and its parameters named as in the AWS API
 * reference, and a note on when it is made. Previews are built from these alone: no client, no request.
 *
 * @param note when the call is made ("only when the target table does not exist"), or null
 */
record ApiCall(String service, String operation, Map<String, Object> parameters, String note) {

    ApiCall {
        Map<String, Object> kept = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        parameters = Collections.unmodifiableMap(kept);
    }

    static ApiCall of(String service, String operation, Object... keyValues) {
        return new ApiCall(service, operation, map(keyValues), null);
    }

    /**
     * A structure of a request in the order given (as the SDK marshals its members), for nested shapes: never
     * {@code Map.of}, whose order changes from one JVM to the next, so that two dry-runs of one plan are the same text.
     */
    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            params.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return params;
    }

    ApiCall note(String note) {
        return new ApiCall(service, operation, parameters, note);
    }

    /**
     * The IAM action of this call, e.g. {@code dynamodb:DescribeTable}. API Gateway's REST API management is
     * authorised by HTTP method instead ({@code apigateway:GET}, {@code apigateway:PATCH}).
     */
    String iamAction() {
        if (service.equals("apigateway")) {
            return "apigateway:" + (operation.startsWith("Get") ? "GET" : operation.startsWith("Update") ? "PATCH"
                    : operation.startsWith("Delete") ? "DELETE" : operation.startsWith("Put") ? "PUT" : "POST");
        }
        return service + ":" + operation;
    }

    /** {@code dynamodb:DescribeTable {"TableName":"orders"}}: the API operation as the AWS API reference names it. */
    String render() {
        return service + ":" + operation + " " + AwsJson.write(parameters) + (note == null ? "" : "  (" + note + ")");
    }

    /** The preview of an action making these calls in order: the first is the summary, the rest follow it. */
    static Preview preview(List<ApiCall> calls, List<String> extra) {
        List<String> details = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            details.add("then " + calls.get(i).render());
        }
        details.addAll(extra);
        return new Preview(calls.get(0).render(), details);
    }
}
