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
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateStageResponse;

/**
 * {@code aws.apigateway.update-stage-deployment}: points a REST API stage at a deployment (UpdateStage, a PATCH
 * replacing {@code /deploymentId}); the stage serves it at once. The deployment it served before is in
 * {@code outputs.before}, for the step's undo. Nothing is sent when the stage already serves it.
 */
final class ApiGatewayUpdateStageDeploymentAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.apigateway.update-stage-deployment",
            "Points an API Gateway REST API stage at a deployment (before and after shown; undo: back to "
                    + "outputs.before).",
            Kind.MUTATING,
            List.of(ApiGatewayGetStageAction.REST_API, ApiGatewayGetStageAction.STAGE,
                    IoSpec.required("deployment", ValueType.STRING, "the deployment id the stage should serve")),
            List.of(IoSpec.output("before", ValueType.STRING, "the deployment the stage served before"),
                    IoSpec.output("after", ValueType.STRING, "the deployment it serves now")),
            false);

    ApiGatewayUpdateStageDeploymentAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        String restApi = inputs.string("rest-api");
        String stage = inputs.string("stage");
        return List.of(ApiGatewayGetStageAction.call(restApi, stage), update(restApi, stage,
                inputs.string("deployment")).note("only when the stage does not already serve "
                        + inputs.string("deployment")));
    }

    private static ApiCall update(String restApi, String stage, String deployment) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "replace");
        op.put("path", "/deploymentId");
        op.put("value", deployment);
        return ApiCall.of("apigateway", "UpdateStage", "restApiId", restApi, "stageName", stage,
                "patchOperations", List.of(op));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String restApi = required(inputs, "rest-api");
        String stage = required(inputs, "stage");
        String deployment = required(inputs, "deployment");
        GetStageResponse s = ApiGatewayGetStageAction.read(this, restApi, stage, context);
        String before = s.deploymentId() == null ? "" : s.deploymentId();
        if (before.equals(deployment)) {
            context.output("stdout", "deployment: already " + before);
            return Outputs.of(outputs(before, before));
        }
        UpdateStageResponse r = call(update(restApi, stage, deployment), "deployment '" + deployment + "' or "
                + ApiGatewayGetStageAction.resource(restApi, stage), () -> aws().apiGateway().updateStage(b -> b
                        .restApiId(restApi).stageName(stage)
                        .patchOperations(p -> p.op(Op.REPLACE).path("/deploymentId").value(deployment))
                        .overrideConfiguration(AwsClients.within(context))));
        String after = r.deploymentId() == null ? "" : r.deploymentId();
        context.output("stdout", "deployment: " + before + " -> " + after);
        return Outputs.of(outputs(before, after));
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        GetStageResponse s = ApiGatewayGetStageAction.read(this, required(inputs, "rest-api"),
                required(inputs, "stage"), context);
        if (!required(inputs, "deployment").equals(s.deploymentId())) {
            return Optional.empty();
        }
        // What the stage served before is not known any more: outputs.before is left out rather than guessed.
        Map<String, Object> out = outputs(null, s.deploymentId());
        out.remove("before");
        return Optional.of(Outputs.of(out));
    }

    private static Map<String, Object> outputs(String before, String after) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", before);
        out.put("after", after);
        return out;
    }
}
