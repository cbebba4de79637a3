package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** {@code aws.sts.get-caller-identity}: who the run's credentials are (account, ARN, user id). */
final class GetCallerIdentityAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.sts.get-caller-identity",
            "Returns the AWS account, ARN and user id of the credentials the run uses.",
            Kind.READ_ONLY,
            List.of(),
            List.of(IoSpec.output("account", ValueType.STRING, "the 12-digit account id"),
                    IoSpec.output("arn", ValueType.STRING, "the ARN of the caller"),
                    IoSpec.output("userId", ValueType.STRING, "the unique id of the caller"),
                    IoSpec.output("region", ValueType.STRING, "the region the run's calls go to")),
            false);

    GetCallerIdentityAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        return List.of(ApiCall.of("sts", "GetCallerIdentity"));
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        ApiCall call = calls(inputs).get(0);
        GetCallerIdentityResponse r = call(call, null,
                () -> aws().sts().getCallerIdentity(b -> b.overrideConfiguration(AwsClients.within(context))));
        return Outputs.of(Map.of("account", r.account(), "arn", r.arn(), "userId", r.userId(),
                "region", aws().region()));
    }
}
