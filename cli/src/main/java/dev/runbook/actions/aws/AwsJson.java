package dev.runbook.actions.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.runbook.expr.Unknown;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * JSON for previews (request parameters as AWS documents them) and for JSON documents such as AppConfig's. A value
 * not known before the run ({@link Unknown}) is written as its placeholder text, {@code "<steps.x.outputs.y>"}.
 */
final class AwsJson {
    private static final SimpleModule UNKNOWN = new SimpleModule().addSerializer(new StdSerializer<>(Unknown.class) {
        @Override
        public void serialize(Unknown value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    });
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(UNKNOWN);
    private static final ObjectMapper PRETTY = new ObjectMapper().registerModule(UNKNOWN)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private AwsJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Parses JSON text; the exception's message names the line and column of the first problem. */
    static Object parse(String text) throws JsonProcessingException {
        return MAPPER.readValue(text, Object.class);
    }

    /**
     * An SDK request or model object as plain values keyed by the members' names in the AWS API reference
     * ({@code {"Key": {"pk": {"S": "a"}}}}); members left unset are left out, bytes become UTF-8 text and
     * timestamps ISO-8601 text. Previews use it for the wire shapes of values (DynamoDB attribute values), and the
     * preview tests to compare a preview with the request really sent.
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
