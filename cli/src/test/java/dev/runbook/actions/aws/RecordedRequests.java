package dev.runbook.actions.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * A global SDK interceptor (registered for the tests in {@code software/amazon/awssdk/global/handlers/
 * execution.interceptors}) that, while {@link #start}ed, records every request an SDK client is about to marshal:
 * its service, operation and parameters in the API reference's shapes ({@link #wire}). Idle otherwise.
 */
public final class RecordedRequests implements ExecutionInterceptor {
    /** One request as sent: the service as in IAM (dynamodb), the operation (GetItem) and its parameters. */
    record Sent(String service, String operation, Object parameters) {
    }

    private static List<Sent> recording;

    static synchronized void start() {
        recording = new ArrayList<>();
    }

    /** The requests recorded since {@link #start}, and stops recording. */
    static synchronized List<Sent> stop() {
        List<Sent> out = recording == null ? List.of() : List.copyOf(recording);
        recording = null;
        return out;
    }

    @Override
    public void beforeMarshalling(Context.BeforeMarshalling context, ExecutionAttributes attributes) {
        synchronized (RecordedRequests.class) {
            if (recording != null) {
                recording.add(new Sent(iam(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)), attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        wire(context.request())));
            }
        }
    }

    /** The service's name as IAM actions spell it: the SDK's ApplicationAutoScaling is application-autoscaling. */
    private static String iam(String sdkName) {
        String lower = sdkName.toLowerCase(Locale.ROOT);
        return lower.equals("applicationautoscaling") ? "application-autoscaling" : lower;
    }

    /**
     * An SDK request or model object as plain values keyed by the members' names in the AWS API reference
     * ({@code {"Key": {"pk": {"S": "a"}}}}); members left unset are left out, bytes become UTF-8 text and
     * timestamps ISO-8601 text.
     */
    static Object wire(Object value) {
        if (value instanceof SdkPojo) {
            SdkPojo pojo = (SdkPojo) value;
            Map<String, Object> out = new LinkedHashMap<>();
            for (SdkField<?> f : pojo.sdkFields()) {
                Object v = f.getValueOrDefault(pojo);
                if (v != null && !(v instanceof SdkAutoConstructList) && !(v instanceof SdkAutoConstructMap)) {
                    out.put(f.memberName(), wire(v));
                }
            }
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            ((List<?>) value).forEach(v -> out.add(wire(v)));
            return out;
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), wire(v)));
            return out;
        }
        if (value instanceof SdkBytes) {
            return ((SdkBytes) value).asUtf8String();
        }
        if (value instanceof Instant) {
            return value.toString();
        }
        return value;
    }
}
