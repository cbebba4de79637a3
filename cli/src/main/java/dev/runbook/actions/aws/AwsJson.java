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
}
