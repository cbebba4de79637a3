package dev.runbook.actions.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;

/**
 * {@code aws.appconfig.set-configuration}: creates a hosted configuration version from the latest one with some
 * top-level JSON keys changed (say {@code tableName} after a restore). The new version names the one it was made
 * from ({@code Latest-Version-Number}), so a concurrent edit makes AWS refuse rather than be overwritten. Nothing is
 * created when every key already has its value.
 */
final class SetConfigurationAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.appconfig.set-configuration",
            "Creates a new hosted AppConfig configuration version: the latest one with the given JSON keys set "
                    + "(before and after shown); deploy it with aws.appconfig.start-deployment.",
            Kind.MUTATING,
            List.of(IoSpec.required("application", ValueType.STRING, "the application id"),
                    IoSpec.required("profile", ValueType.STRING, "the configuration profile id"),
                    IoSpec.required("set", ValueType.MAP, "top-level keys and their new values, e.g. "
                            + "{ tableName: orders-restored }"),
                    IoSpec.optional("description", ValueType.STRING, "the new version's description")),
            List.of(IoSpec.output("version", ValueType.INTEGER, "the new version (the latest one when nothing "
                    + "changed)"),
                    IoSpec.output("previousVersion", ValueType.INTEGER, "the version it was made from"),
                    IoSpec.output("changes", ValueType.LIST, "one line per changed key: before and after")),
            false);

    private static final String READ_AT_RUN_TIME = "<read at run time>";

    SetConfigurationAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        String app = inputs.string("application");
        String profile = inputs.string("profile");
        return List.of(AppConfigHosted.listCall(app, profile), AppConfigHosted.getCall(app, profile),
                ApiCall.of("appconfig", "CreateHostedConfigurationVersion", "ApplicationId", app,
                        "ConfigurationProfileId", profile, "ContentType", "application/json",
                        "LatestVersionNumber", "<the latest>", "Description", inputs.string("description"),
                        "Content", "<the latest version's JSON, with the keys below changed>")
                        .note("only when a key changes"));
    }

    /** The keys that change, as the run reports them ({@code key: before -> after}), the before read at run time. */
    @Override
    List<String> notes(Inputs inputs) {
        Object set = inputs.get("set");
        if (!(set instanceof Map)) {
            return List.of("the keys to set: " + AwsJson.write(set) + " (known at run time)");
        }
        List<String> lines = new ArrayList<>();
        inputs.map("set").forEach((k, v) -> lines.add(change(k, READ_AT_RUN_TIME, v)));
        return lines;
    }

    private static String change(String key, String before, Object after) {
        return key + ": " + before + " -> " + AwsJson.write(after);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String app = required(inputs, "application");
        String profile = required(inputs, "profile");
        Map<String, Object> set = inputs.map("set");
        if (set.isEmpty()) {
            throw new ActionFailedException("set is empty: give the keys to change");
        }
        AppConfigHosted.Latest latest = AppConfigHosted.latest(this, app, profile, context);
        Map<String, Object> document = document(latest, profile);
        List<String> changes = new ArrayList<>();
        Map<String, Object> changed = new LinkedHashMap<>(document);
        set.forEach((k, v) -> {
            if (!same(document.get(k), v)) {
                changes.add(change(k, document.containsKey(k) ? AwsJson.write(document.get(k)) : "(absent)", v));
                changed.put(k, v);
            }
        });
        for (String c : changes) {
            context.output("stdout", c);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("previousVersion", latest.version());
        out.put("changes", changes);
        if (changes.isEmpty()) {
            out.put("version", latest.version());
            return Outputs.of(out);
        }
        byte[] content = AwsJson.pretty(changed).getBytes(StandardCharsets.UTF_8);
        int version = call(calls(inputs).get(2), "configuration profile '" + profile + "' of application '" + app
                + "'", () -> aws().appConfig().createHostedConfigurationVersion(b -> b.applicationId(app)
                        .configurationProfileId(profile).contentType("application/json")
                        .latestVersionNumber(latest.version()).description(inputs.string("description"))
                        .content(SdkBytes.fromByteArray(content))
                        .overrideConfiguration(AwsClients.within(context))).versionNumber());
        out.put("version", version);
        return Outputs.of(out);
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        AppConfigHosted.Latest latest = AppConfigHosted.latest(this, required(inputs, "application"),
                required(inputs, "profile"), context);
        Map<String, Object> document = document(latest, inputs.string("profile"));
        for (Map.Entry<String, Object> e : inputs.map("set").entrySet()) {
            if (!same(document.get(e.getKey()), e.getValue())) {
                return Optional.empty();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", latest.version());
        out.put("previousVersion", latest.version());
        out.put("changes", List.of());
        return Optional.of(Outputs.of(out));
    }

    /** Equal as JSON: a YAML 5 (a Long) and a JSON 5 (an Integer) are the same value. */
    private static boolean same(Object a, Object b) {
        return AwsJson.write(a).equals(AwsJson.write(b));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(AppConfigHosted.Latest latest, String profile)
            throws ActionFailedException {
        Object parsed;
        try {
            parsed = AwsJson.parse(latest.content());
        } catch (JsonProcessingException e) {
            throw new ActionFailedException("version " + latest.version() + " of configuration profile '" + profile
                    + "' is not JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): its keys cannot be set");
        }
        if (!(parsed instanceof Map)) {
            throw new ActionFailedException("version " + latest.version() + " of configuration profile '" + profile
                    + "' is JSON but not an object: its keys cannot be set");
        }
        return (Map<String, Object>) parsed;
    }
}
