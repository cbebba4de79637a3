package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.apigateway.model.Deployment;
import software.amazon.awssdk.services.apigateway.model.GetDeploymentsResponse;

/**
 * {@code aws.apigateway.previous-deployment}: the deployment of a REST API created just before a given one (the
 * stage's), by creation date, for a rollback. The given deployment must exist; when it is the first one, the
 * outputs are empty (a {@code check} can stop the run there).
 */
final class ApiGatewayPreviousDeploymentAction extends AwsAction {
    private static final int PAGE = 500;

    static final ActionSpec SPEC = new ActionSpec("aws.apigateway.previous-deployment",
            "Finds the deployment of an API Gateway REST API created just before a given one "
                    + "(empty when there is none).",
            Kind.READ_ONLY,
            List.of(ApiGatewayGetStageAction.REST_API,
                    IoSpec.required("before", ValueType.STRING, "the deployment to go back from, e.g. the stage's")),
            List.of(IoSpec.output("deploymentId", ValueType.STRING, "the previous deployment, or \"\" when none"),
                    IoSpec.output("description", ValueType.STRING, "its description (\"\" when none)"),
                    IoSpec.output("createdDate", ValueType.STRING, "when it was created (ISO-8601, or \"\")")),
            false);

    ApiGatewayPreviousDeploymentAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(list(inputs.string("rest-api"), null).note("every page; the deployment created before "
                + inputs.string("before")));
    }

    private static ApiCall list(String restApi, String position) {
        return ApiCall.of("apigateway", "GetDeployments", "restApiId", restApi, "position", position,
                "limit", PAGE);
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String restApi = required(inputs, "rest-api");
        String before = required(inputs, "before");
        List<Deployment> all = new ArrayList<>();
        String position = null;
        do {
            String page = position;
            GetDeploymentsResponse r = call(list(restApi, page), "REST API '" + restApi + "'",
                    () -> aws().apiGateway().getDeployments(b -> b.restApiId(restApi).position(page).limit(PAGE)
                            .overrideConfiguration(AwsClients.within(context))));
            all.addAll(r.items());
            position = r.position();
        } while (position != null && !position.isEmpty());
        // Oldest first; deployments created in the same second keep AWS's order, then their id's.
        all.sort(Comparator.comparing((Deployment d) -> d.createdDate() == null ? Instant.MIN : d.createdDate())
                .thenComparing(Deployment::id));
        int at = -1;
        for (int i = 0; i < all.size(); i++) {
            if (before.equals(all.get(i).id())) {
                at = i;
            }
        }
        if (at < 0) {
            List<String> ids = new ArrayList<>();
            all.forEach(d -> ids.add(d.id()));
            throw new ActionFailedException("deployment '" + before + "' of REST API '" + restApi
                    + "' does not exist (deployments: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Deployment p = at == 0 ? null : all.get(at - 1);
        out.put("deploymentId", p == null ? "" : p.id());
        out.put("description", p == null || p.description() == null ? "" : p.description());
        out.put("createdDate", p == null ? "" : ApiGatewayGetStageAction.text(p.createdDate()));
        return Outputs.of(out);
    }
}
