package dev.runbook.actions.aws;

import dev.runbook.action.Action;
import dev.runbook.action.Inputs;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Test helpers: settings with dummy credentials and a stand-in endpoint, inputs, and the actions over them. */
final class Aws {
    static final Map<String, String> DUMMY_KEYS = Map.of("AWS_ACCESS_KEY_ID", "dummy",
            "AWS_SECRET_ACCESS_KEY", "dummy");

    private Aws() {
    }

    /** Every service at this endpoint, us-east-1, dummy keys, two attempts with a 5 ms backoff base. */
    static AwsSettings settings(URI endpoint) {
        return new AwsSettings(null, "us-east-1", endpoint, Map.of(), DUMMY_KEYS, 2, Duration.ofMillis(5));
    }

    static Supplier<AwsClients> clients(AwsSettings settings) {
        AwsClients c = new AwsClients(settings);
        return () -> c;
    }

    /** A supplier that fails the test if anything asks for a client (dry-run must not). */
    static Supplier<AwsClients> noClients() {
        return () -> {
            throw new AssertionError("a client was asked for");
        };
    }

    /** The registered action of this name, over these clients. */
    static Action action(String name, Supplier<AwsClients> clients) {
        return new AwsActions(clients).actions().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no action " + name));
    }

    static Inputs inputs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return new Inputs(m);
    }
}
