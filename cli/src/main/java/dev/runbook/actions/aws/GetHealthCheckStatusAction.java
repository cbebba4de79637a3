package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.model.GetHealthCheckStatusResponse;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;

/**
 * {@code aws.route53.get-health-check-status}: what Route 53's checkers report for a health check, counted and per
 * region. Route 53 considers an endpoint healthy when more than 18% of its checkers do, and so does this action.
 */
final class GetHealthCheckStatusAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.route53.get-health-check-status",
            "Reads what Route 53's checkers report for a health check: healthy and unhealthy counts, per region.",
            Kind.READ_ONLY,
            List.of(IoSpec.required("health-check", ValueType.STRING, "the health check id")),
            List.of(IoSpec.output("healthy", ValueType.BOOLEAN, "more than 18% of checkers report success (Route "
                    + "53's own rule)"),
                    IoSpec.output("healthyCheckers", ValueType.INTEGER, "checkers reporting success"),
                    IoSpec.output("unhealthyCheckers", ValueType.INTEGER, "checkers reporting failure"),
                    IoSpec.output("regions", ValueType.MAP, "region: healthy and unhealthy checker counts")),
            false);

    GetHealthCheckStatusAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("route53", "GetHealthCheckStatus", "HealthCheckId", inputs.string("health-check")));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String id = required(inputs, "health-check");
        GetHealthCheckStatusResponse r = call(calls(inputs).get(0), "health check '" + id + "'", () -> aws()
                .route53().getHealthCheckStatus(b -> b.healthCheckId(id)
                        .overrideConfiguration(AwsClients.within(context))));
        int healthy = 0;
        int unhealthy = 0;
        Map<String, Map<String, Integer>> regions = new TreeMap<>();
        for (HealthCheckObservation o : r.healthCheckObservations()) {
            boolean ok = o.statusReport() != null && o.statusReport().status() != null
                    && o.statusReport().status().startsWith("Success");
            Map<String, Integer> counts = regions.computeIfAbsent(o.regionAsString(), k -> new TreeMap<>(
                    Map.of("healthy", 0, "unhealthy", 0)));
            counts.merge(ok ? "healthy" : "unhealthy", 1, Integer::sum);
            if (ok) {
                healthy++;
            } else {
                unhealthy++;
            }
        }
        int total = healthy + unhealthy;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("healthy", total > 0 && healthy * 100 > total * 18);
        out.put("healthyCheckers", healthy);
        out.put("unhealthyCheckers", unhealthy);
        out.put("regions", regions);
        return Outputs.of(out);
    }
}
