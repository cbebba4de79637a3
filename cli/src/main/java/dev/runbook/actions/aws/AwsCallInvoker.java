package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.util.Suggestions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Makes an {@code aws.call} request through the SDK's generic field model: the operation's request class, found by
 * the name the build's model gives, is filled member by member ({@link SdkField#set}) from the parameters, then
 * passed to the client interface's method by reflection; the response is read back the same way, as plain values
 * keyed by the API's member names. Loaded only when an {@code aws.call} step runs.
 */
final class AwsCallInvoker {
    private AwsCallInvoker() {
    }

    /** Sends the call; returns the outputs {@code response} and {@code requestId}. */
    static Map<String, Object> invoke(AwsClients aws, AwsCallModel.Service s, AwsCallModel.Operation op,
            Map<String, Object> parameters, ActionContext context) throws Exception {
        ClassLoader loader = AwsCallInvoker.class.getClassLoader();
        Class<?> requestClass = Class.forName(s.modelPackage() + "." + op.requestClass(), true, loader);
        Class<?> clientInterface = Class.forName(s.client(), true, loader);
        Object builder = requestClass.getMethod("builder").invoke(null);
        fill((SdkPojo) builder, parameters, s.name() + ":" + op.name(), "parameter", "");
        ((AwsRequest.Builder) builder).overrideConfiguration(AwsClients.within(context));
        Object request = ((SdkBuilder<?, ?>) builder).build();
        Method method = clientInterface.getMethod(op.method(), requestClass);
        Object client = aws.forService(s.name());
        Object response;
        try {
            response = method.invoke(client, request);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Object read = read(response, context, false);
        out.put("response", read instanceof Map ? read : Map.of());
        String requestId = response instanceof AwsResponse && ((AwsResponse) response).responseMetadata() != null
                ? ((AwsResponse) response).responseMetadata().requestId() : null;
        out.put("requestId", requestId == null || requestId.equals("UNKNOWN") ? null : requestId);
        return out;
    }

    /** Sets each parameter on a builder; an unknown member fails naming the nearest known one. */
    private static void fill(SdkPojo builder, Map<?, ?> values, String owner, String word, String path)
            throws ActionFailedException {
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        for (SdkField<?> f : builder.sdkFields()) {
            fields.put(f.memberName(), f);
        }
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String key = String.valueOf(e.getKey());
            SdkField<?> f = fields.get(key);
            if (f == null) {
                throw new ActionFailedException(owner + " has no " + word + " '" + key + "'"
                        + Suggestions.closest(key, fields.keySet()).map(x -> ", did you mean '" + x + "'?")
                                .orElse(""));
            }
            if (e.getValue() != null) {
                f.set(builder, convert(f, e.getValue(), path.isEmpty() ? key : path + "." + key));
            }
        }
    }

    /** A plain value as the SDK member takes it. */
    private static Object convert(SdkField<?> f, Object v, String path) throws ActionFailedException {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            if (!(v instanceof Map)) {
                throw bad(path, "is a structure: give a map, got " + AwsCallModel.describe(v));
            }
            SdkPojo nested = f.constructor().get();
            String shape = nested.getClass().getEnclosingClass() == null ? path
                    : nested.getClass().getEnclosingClass().getSimpleName();
            fill(nested, (Map<?, ?>) v, shape, "member", path);
            return ((SdkBuilder<?, ?>) nested).build();
        }
        if (t == MarshallingType.LIST) {
            if (!(v instanceof List)) {
                throw bad(path, "is a list, got " + AwsCallModel.describe(v));
            }
            SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Object item : (List<?>) v) {
                out.add(item == null ? null : convert(member, item, path + "[" + i++ + "]"));
            }
            return out;
        }
        if (t == MarshallingType.MAP) {
            if (!(v instanceof Map)) {
                throw bad(path, "is a map, got " + AwsCallModel.describe(v));
            }
            SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue() == null ? null
                        : convert(value, e.getValue(), path + "." + e.getKey()));
            }
            return out;
        }
        if (t == MarshallingType.DOCUMENT) {
            return document(v);
        }
        try {
            if (t == MarshallingType.STRING) {
                return AwsCallModel.scalar("s", v);
            } else if (t == MarshallingType.INTEGER) {
                return AwsCallModel.scalar("i", v);
            } else if (t == MarshallingType.LONG) {
                return AwsCallModel.scalar("l", v);
            } else if (t == MarshallingType.SHORT) {
                return ((Integer) AwsCallModel.scalar("h", v)).shortValue();
            } else if (t == MarshallingType.BYTE) {
                return ((Integer) AwsCallModel.scalar("o", v)).byteValue();
            } else if (t == MarshallingType.FLOAT) {
                return ((BigDecimal) AwsCallModel.scalar("f", v)).floatValue();
            } else if (t == MarshallingType.DOUBLE) {
                return ((BigDecimal) AwsCallModel.scalar("d", v)).doubleValue();
            } else if (t == MarshallingType.BIG_DECIMAL) {
                return AwsCallModel.scalar("n", v);
            } else if (t == MarshallingType.BOOLEAN) {
                return AwsCallModel.scalar("b", v);
            } else if (t == MarshallingType.INSTANT) {
                return AwsCallModel.timestamp(v);
            } else if (t == MarshallingType.SDK_BYTES) {
                return SdkBytes.fromByteArray(Base64.getDecoder().decode((String) AwsCallModel.scalar("y", v)));
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            throw bad(path, e.getMessage());
        }
        return v;
    }

    private static ActionFailedException bad(String path, String why) {
        return new ActionFailedException("parameter '" + path + "' " + why);
    }

    private static Document document(Object v) {
        if (v == null) {
            return Document.fromNull();
        }
        if (v instanceof Map) {
            Map<String, Document> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), document(x)));
            return Document.fromMap(m);
        }
        if (v instanceof List) {
            List<Document> l = new ArrayList<>();
            ((List<?>) v).forEach(x -> l.add(document(x)));
            return Document.fromList(l);
        }
        if (v instanceof Boolean) {
            return Document.fromBoolean((Boolean) v);
        }
        if (v instanceof Number) {
            return Document.fromNumber(new BigDecimal(v.toString()));
        }
        return Document.fromString(String.valueOf(v));
    }

    /**
     * A response or model object as plain values keyed by the API's member names; members left unset are left
     * out, timestamps are ISO-8601 text and blobs base64 text. A secret member ({@link AwsCallModel#SECRET_MEMBERS},
     * or an SSM SecureString parameter's {@code Value}) is registered as a secret of the run.
     */
    static Object read(Object value, ActionContext context, boolean secret) {
        if (value instanceof SdkPojo) {
            SdkPojo pojo = (SdkPojo) value;
            Map<String, Object> out = new LinkedHashMap<>();
            boolean secureString = false;
            for (SdkField<?> f : pojo.sdkFields()) {
                if (f.memberName().equals("Type") && "SecureString".equals(f.getValueOrDefault(pojo))) {
                    secureString = true;
                }
            }
            for (SdkField<?> f : pojo.sdkFields()) {
                Object v = f.getValueOrDefault(pojo);
                if (v != null && !(v instanceof SdkAutoConstructList) && !(v instanceof SdkAutoConstructMap)) {
                    boolean s = AwsCallModel.SECRET_MEMBERS.contains(f.memberName())
                            || (secureString && f.memberName().equals("Value"));
                    out.put(f.memberName(), read(v, context, s));
                }
            }
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            ((List<?>) value).forEach(v -> out.add(read(v, context, secret)));
            return out;
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), read(v, context, secret)));
            return out;
        }
        Object plain;
        if (value instanceof SdkBytes) {
            plain = Base64.getEncoder().encodeToString(((SdkBytes) value).asByteArrayUnsafe());
        } else if (value instanceof Instant) {
            plain = value.toString();
        } else if (value instanceof Document) {
            plain = plainDocument((Document) value);
        } else if (value instanceof Float || value instanceof Double) {
            plain = ((Number) value).doubleValue();
        } else {
            plain = value;
        }
        if (secret && plain instanceof String && context != null) {
            context.secret((String) plain);
        }
        return plain;
    }

    private static Object plainDocument(Document d) {
        if (d.isNull()) {
            return null;
        }
        if (d.isMap()) {
            Map<String, Object> m = new LinkedHashMap<>();
            d.asMap().forEach((k, v) -> m.put(k, plainDocument(v)));
            return m;
        }
        if (d.isList()) {
            List<Object> l = new ArrayList<>();
            d.asList().forEach(v -> l.add(plainDocument(v)));
            return l;
        }
        if (d.isBoolean()) {
            return d.asBoolean();
        }
        if (d.isNumber()) {
            SdkNumber n = d.asNumber();
            return n.bigDecimalValue();
        }
        return d.asString();
    }
}
