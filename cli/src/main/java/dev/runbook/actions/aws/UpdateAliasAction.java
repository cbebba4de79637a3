package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.UpdateAliasResponse;

/**
 * {@code aws.lambda.update-alias}: points an alias at a version, with an optional weighted routing to a second
 * version (a canary). Without {@code routing} any earlier canary routing is cleared: all traffic goes to
 * {@code version}.
 */
final class UpdateAliasAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.lambda.update-alias",
            "Points a Lambda alias at a version, optionally routing a weight of traffic to another (canary); "
                    + "without routing, all traffic goes to the version.",
            Kind.MUTATING,
            List.of(IoSpec.required("function", ValueType.STRING, "the function name or ARN"),
                    IoSpec.required("alias", ValueType.STRING, "the alias name"),
                    IoSpec.required("version", ValueType.STRING, "the version the alias should point at"),
                    IoSpec.optional("routing", ValueType.MAP,
                            "another version and the share of traffic it gets, e.g. { '7': 0.1 }")),
            GetAliasAction.SPEC.outputs(),
            false);

    UpdateAliasAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("lambda", "UpdateAlias", "FunctionName", inputs.string("function"),
                "Name", inputs.string("alias"), "FunctionVersion", inputs.string("version"),
                "RoutingConfig", Map.of("AdditionalVersionWeights", shownWeights(inputs))));
    }

    /** The weights as sent (numbers), or as given when they are not valid (the run then fails saying why). */
    private static Map<String, ?> shownWeights(Inputs inputs) {
        try {
            return weights(inputs);
        } catch (ActionFailedException e) {
            return new TreeMap<>(inputs.map("routing"));
        }
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String function = required(inputs, "function");
        String alias = required(inputs, "alias");
        String version = required(inputs, "version");
        Map<String, Double> weights = weights(inputs);
        UpdateAliasResponse r = call(calls(inputs).get(0), "version " + version + " or alias '" + alias
                + "' of function '" + function + "'", () -> aws().lambda().updateAlias(b -> b.functionName(function)
                        .name(alias).functionVersion(version)
                        .routingConfig(c -> c.additionalVersionWeights(weights))
                        .overrideConfiguration(AwsClients.within(context))));
        Map<String, Object> routing = new TreeMap<>();
        if (r.routingConfig() != null && r.routingConfig().hasAdditionalVersionWeights()) {
            routing.putAll(r.routingConfig().additionalVersionWeights());
        }
        return Outputs.of(Map.of("version", r.functionVersion(), "arn", r.aliasArn(), "routing", routing));
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        GetAliasResponse a = GetAliasAction.read(this, required(inputs, "function"), required(inputs, "alias"),
                context);
        Map<String, Object> now = GetAliasAction.outputs(a);
        return required(inputs, "version").equals(a.functionVersion())
                && new TreeMap<>(weights(inputs)).equals(now.get("routing"))
                ? Optional.of(Outputs.of(now)) : Optional.empty();
    }

    private static Map<String, Double> weights(Inputs inputs) throws ActionFailedException {
        Map<String, Double> weights = new TreeMap<>();
        for (Map.Entry<String, Object> e : inputs.map("routing").entrySet()) {
            double w;
            try {
                w = Double.parseDouble(String.valueOf(e.getValue()));
            } catch (NumberFormatException ex) {
                throw new ActionFailedException("routing weight of version " + e.getKey() + " is not a number: "
                        + e.getValue());
            }
            if (w < 0 || w > 1) {
                throw new ActionFailedException("routing weight of version " + e.getKey()
                        + " must be between 0 and 1, got " + w);
            }
            weights.put(String.valueOf(e.getKey()), w);
        }
        return weights;
    }
}
