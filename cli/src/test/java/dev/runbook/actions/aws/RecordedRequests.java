package dev.runbook.actions.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A global SDK interceptor (registered for the tests in {@code software/amazon/awssdk/global/handlers/
 * execution.interceptors}) that, while {@link #start}ed, records every request an SDK client is about to marshal:
 * its service, operation and parameters in the API reference's shapes ({@link AwsJson#wire}). Idle otherwise.
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
                recording.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
                        .toLowerCase(Locale.ROOT), attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        AwsJson.wire(context.request())));
            }
        }
    }
}
