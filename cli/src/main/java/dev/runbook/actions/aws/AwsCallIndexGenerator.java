package dev.runbook.actions.aws;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.DefaultValueTrait;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.RequiredTrait;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * Writes, at build time, the compact model {@code aws.call} validates against ({@link AwsCallModel}): per bundled
 * service, its operations (from the client interface's methods), each with its request members, their types and
 * whether they are required, and the structures those members use. Run by the build ({@code process-classes}, in
 * Maven's JVM) so that {@code validate} reads a small text resource and loads no SDK class. The SDK's own generic
 * field model ({@link SdkPojo#sdkFields()}) is the source; nothing is typed by hand.
 *
 * <p>Format, one file per service ({@code SERVICE.txt}): a header line {@code # FORMAT sdk VERSION}, then
 * {@code client FQN}, {@code model PACKAGE}, then {@code op NAME METHOD REQUEST_CLASS FLAGS} lines (flags: {@code -},
 * or {@code p} sent with HTTP PATCH, {@code i} streaming request body, {@code o} streaming response body) and
 * {@code shape NAME} lines, each followed by its member lines {@code  MEMBER TYPE} ({@link AwsCallModel} reads types).
 */
public final class AwsCallIndexGenerator {
    /** The client interface of each service, by the name {@code --endpoint} and {@code aws.call} take. */
    static final Map<String, String> CLIENTS = clients();

    private AwsCallIndexGenerator() {
    }

    private static Map<String, String> clients() {
        Map<String, String> m = new LinkedHashMap<>();
        String p = "software.amazon.awssdk.services.";
        m.put("apigateway", p + "apigateway.ApiGatewayClient");
        m.put("appconfig", p + "appconfig.AppConfigClient");
        m.put("application-autoscaling", p + "applicationautoscaling.ApplicationAutoScalingClient");
        m.put("cloudwatch", p + "cloudwatch.CloudWatchClient");
        m.put("dynamodb", p + "dynamodb.DynamoDbClient");
        m.put("ecs", p + "ecs.EcsClient");
        m.put("lambda", p + "lambda.LambdaClient");
        m.put("logs", p + "cloudwatchlogs.CloudWatchLogsClient");
        m.put("rds", p + "rds.RdsClient");
        m.put("route53", p + "route53.Route53Client");
        m.put("s3", p + "s3.S3Client");
        m.put("secretsmanager", p + "secretsmanager.SecretsManagerClient");
        m.put("ssm", p + "ssm.SsmClient");
        m.put("sts", p + "sts.StsClient");
        return m;
    }

    /** {@code main(OUTPUT_CLASSES_DIR)}: writes the index under it, skipping files already written by this SDK. */
    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args.length > 0 ? args[0] : "target/classes").resolve(AwsCallModel.DIR);
        Files.createDirectories(root);
        String header = header();
        int written = 0;
        for (Map.Entry<String, String> e : CLIENTS.entrySet()) {
            Path file = root.resolve(e.getKey() + ".txt");
            if (Files.isRegularFile(file) && firstLine(file).equals(header)) {
                continue;
            }
            Files.writeString(file, index(e.getKey(), Class.forName(e.getValue())), StandardCharsets.UTF_8);
            written++;
        }
        if (written > 0) {
            System.out.println("aws.call index: " + written + " service file(s) written to " + root);
        }
    }

    static String header() {
        return "# " + AwsCallModel.FORMAT + " sdk " + VersionInfo.SDK_VERSION;
    }

    private static String firstLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** The index text of one service. */
    static String index(String service, Class<?> client) throws Exception {
        Map<String, Method> operations = new TreeMap<>();
        Map<String, String> flags = new TreeMap<>();
        for (Method m : client.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0
                    || !AwsRequest.class.isAssignableFrom(m.getParameterTypes()[0])
                    || Modifier.isAbstract(m.getParameterTypes()[0].getModifiers())) {
                continue;
            }
            String name = Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1);
            boolean plain = m.getParameterCount() == 1 && AwsResponse.class.isAssignableFrom(m.getReturnType());
            if (plain) {
                operations.put(name, m);
                flags.putIfAbsent(name, "");
            } else if (m.getParameterCount() == 2 && !m.getName().endsWith("Paginator")) {
                // an operation with a streaming body: putObject(request, RequestBody), getObject(request,
                // ResponseTransformer); the overloads taking a Path say nothing of the direction
                String second = m.getParameterTypes()[1].getSimpleName();
                String flag = second.equals("RequestBody") ? "i" : second.equals("ResponseTransformer") ? "o" : "";
                if (!flag.isEmpty()) {
                    operations.putIfAbsent(name, m);
                    flags.merge(name, flag, (a, b) -> a.contains(b) ? a : a + b);
                }
            }
        }
        String modelPackage = null;
        StringBuilder ops = new StringBuilder();
        Deque<SdkPojo> pending = new ArrayDeque<>();
        for (Map.Entry<String, Method> e : operations.entrySet()) {
            Class<?> request = e.getValue().getParameterTypes()[0];
            modelPackage = request.getPackageName();
            String f = flags.get(e.getKey()) + (isPatch(request) ? "p" : "");
            ops.append("op ").append(e.getKey()).append(' ').append(e.getValue().getName()).append(' ')
                    .append(request.getSimpleName()).append(' ').append(f.isEmpty() ? "-" : f).append('\n');
            SdkPojo builder = (SdkPojo) request.getMethod("builder").invoke(null);
            members(builder, ops, pending);
        }
        StringBuilder shapeText = new StringBuilder();
        java.util.Set<String> done = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            SdkPojo p = pending.pop();
            String name = shapeName(p);
            if (!done.add(name)) {
                continue;
            }
            StringBuilder one = new StringBuilder();
            members(p, one, pending);
            shapeText.append("shape ").append(name).append('\n').append(one);
        }
        return header() + "\nclient " + client.getName() + "\nmodel " + modelPackage + "\n" + ops + shapeText;
    }

    private static void members(SdkPojo pojo, StringBuilder out, Deque<SdkPojo> pending) {
        for (SdkField<?> f : pojo.sdkFields()) {
            out.append(' ').append(f.memberName()).append(' ')
                    .append(f.containsTrait(RequiredTrait.class) ? "!" : "")
                    .append(f.getOptionalTrait(DefaultValueTrait.class).isPresent() ? "~" : "")
                    .append(type(f, pending)).append('\n');
        }
    }

    /** The type code of a member ({@link AwsCallModel}); structures it uses are queued for their own lines. */
    private static String type(SdkField<?> f, Deque<SdkPojo> pending) {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.STRING) {
            return "s";
        } else if (t == MarshallingType.INTEGER) {
            return "i";
        } else if (t == MarshallingType.LONG) {
            return "l";
        } else if (t == MarshallingType.SHORT) {
            return "h";
        } else if (t == MarshallingType.BYTE) {
            return "o";
        } else if (t == MarshallingType.FLOAT) {
            return "f";
        } else if (t == MarshallingType.DOUBLE) {
            return "d";
        } else if (t == MarshallingType.BIG_DECIMAL) {
            return "n";
        } else if (t == MarshallingType.BOOLEAN) {
            return "b";
        } else if (t == MarshallingType.INSTANT) {
            return "t";
        } else if (t == MarshallingType.SDK_BYTES) {
            return "y";
        } else if (t == MarshallingType.DOCUMENT) {
            return "j";
        } else if (t == MarshallingType.SDK_POJO) {
            SdkPojo nested = f.constructor().get();
            pending.push(nested);
            return "@" + shapeName(nested);
        } else if (t == MarshallingType.LIST) {
            return "[" + type(f.getRequiredTrait(ListTrait.class).memberFieldInfo(), pending);
        } else if (t == MarshallingType.MAP) {
            return "{" + type(f.getRequiredTrait(MapTrait.class).valueFieldInfo(), pending);
        }
        return "j";
    }

    /** A structure's name: the model class its builder builds ({@code ProvisionedThroughput}). */
    private static String shapeName(SdkPojo builder) {
        Class<?> c = builder.getClass();
        return c.getEnclosingClass() != null ? c.getEnclosingClass().getSimpleName() : c.getSimpleName();
    }

    /** Whether the SDK sends this operation with HTTP PATCH (its marshaller's operation binding says so). */
    private static boolean isPatch(Class<?> request) {
        try {
            Class<?> marshaller = Class.forName(request.getPackageName().replace(".model", ".transform") + "."
                    + request.getSimpleName() + "Marshaller");
            Field binding = marshaller.getDeclaredField("SDK_OPERATION_BINDING");
            binding.setAccessible(true);
            Object info = binding.get(null);
            Object method = info.getClass().getMethod("httpMethod").invoke(info);
            return "PATCH".equals(String.valueOf(method));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
