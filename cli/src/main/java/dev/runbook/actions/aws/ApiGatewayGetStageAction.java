package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;

/** {@code aws.apigateway.get-stage}: the deployment a REST API stage serves. */
final class ApiGatewayGetStageAction extends AwsAction {
    static final IoSpec REST_API = IoSpec.required("rest-api", ValueType.STRING, "the REST API id, e.g. a1b2c3d4e5");
    static final IoSpec STAGE = IoSpec.required("stage", ValueType.STRING, "the stage name, e.g. prod");

    static final ActionSpec SPEC = new ActionSpec("aws.apigateway.get-stage",
            "Reads an API Gateway REST API stage: the deployment it serves, its description and last update.",
            Kind.READ_ONLY,
            List.of(REST_API, STAGE),
            List.of(IoSpec.output("deploymentId", ValueType.STRING, "the deployment the stage serves"),
                    IoSpec.output("description", ValueType.STRING, "the stage's description (\"\" when none)"),
                    IoSpec.output("lastUpdated", ValueType.STRING, "when the stage last changed (ISO-8601, or \"\")")),
            false);

    ApiGatewayGetStageAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(call(inputs.string("rest-api"), inputs.string("stage")));
    }

    static ApiCall call(String restApi, String stage) {
        return ApiCall.of("apigateway", "GetStage", "restApiId", restApi, "stageName", stage);
    }

    static String resource(String restApi, String stage) {
        return "stage '" + stage + "' of REST API '" + restApi + "'";
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        return Outputs.of(outputs(read(this, required(inputs, "rest-api"), required(inputs, "stage"), context)));
    }

    static GetStageResponse read(AwsAction action, String restApi, String stage, ActionContext context)
            throws Exception {
        return action.call(call(restApi, stage), resource(restApi, stage), () -> action.aws().apiGateway()
                .getStage(b -> b.restApiId(restApi).stageName(stage)
                        .overrideConfiguration(AwsClients.within(context))));
    }

    static Map<String, Object> outputs(GetStageResponse s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deploymentId", s.deploymentId() == null ? "" : s.deploymentId());
        out.put("description", s.description() == null ? "" : s.description());
        out.put("lastUpdated", text(s.lastUpdatedDate()));
        return out;
    }

    static String text(Instant i) {
        return i == null ? "" : i.toString();
    }
}
